import type { Millis } from "./time";

export type Labels = Record<string, string>;
/** `null` where the backend sent NaN or a gap. */
export type Point = [Millis, number | null];

export interface Series {
  labels: Labels;
  points: Point[];
}

export interface Exemplar {
  seriesLabels: Labels;
  labels: Labels;
  at: Millis;
  value: number;
  traceId?: string;
  spanId?: string;
}

export interface InstantSample {
  labels: Labels;
  at: Millis;
  value: number | null;
}

export function parseSampleValue(v: string): number | null {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
