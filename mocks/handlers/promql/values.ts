// Runtime values of the evaluator (one evaluation timestamp at a time, like Prometheus' steps).
import type { Labels } from "../../sources";
import { PromQLError } from "./ast";
import { labelsKey } from "./labels";

export interface Sample {
  labels: Labels;
  value: number;
}

export interface Point {
  /** Unix milliseconds. */
  t: number;
  v: number;
}

/** Samples of one series in a window: indexes [lo, hi) into the series' sample arrays (no copies). */
export interface RangeSeries {
  labels: Labels;
  /** Unix milliseconds, ascending. */
  t: Float64Array;
  v: Float64Array;
  lo: number;
  hi: number;
}

export type Value =
  | { kind: "scalar"; value: number }
  | { kind: "string"; value: string }
  | { kind: "vector"; samples: Sample[] }
  | { kind: "matrix"; series: RangeSeries[] };

export function vector(samples: Sample[]): Value {
  return { kind: "vector", samples };
}

export function scalar(value: number): Value {
  return { kind: "scalar", value };
}

export function asVector(v: Value): Sample[] {
  if (v.kind !== "vector") throw new PromQLError("execution", `expected instant vector, got ${v.kind}`);
  return v.samples;
}

export function asScalar(v: Value): number {
  if (v.kind !== "scalar") throw new PromQLError("execution", `expected scalar, got ${v.kind}`);
  return v.value;
}

/** Prometheus refuses results where two elements end up with one label set (e.g. after dropping __name__). */
export function assertUniqueLabelsets(samples: Sample[]): void {
  const seen = new Set<string>();
  for (const s of samples) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw new PromQLError("execution", "vector cannot contain metrics with the same labelset");
    seen.add(k);
  }
}
