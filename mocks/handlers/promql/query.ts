// Instant and range query execution plus the wire formatting of results
// ([<seconds number>, "<value string>"], metric objects with sorted keys, matrices sorted by labels).
import type { Labels, PromSource } from "../../sources";
import { PromQLError, typeOf } from "./ast";
import { Evaluator, sampleSpan } from "./eval";
import { formatGoFloat } from "./go-compat";
import { compareLabels, labelsKey, sortedLabels } from "./labels";
import { typeName } from "./check";
import { parsePromQL } from "./parse";

interface Accumulated {
  metric: Labels;
  t: number[];
  v: number[];
}

const NO_LABELS: Labels = {};

export type WirePair = [number, string];

export interface WireSeries {
  metric: Labels;
  values: WirePair[];
}

export type QueryData =
  | { resultType: "vector"; result: { metric: Labels; value: WirePair }[] }
  | { resultType: "matrix"; result: WireSeries[] }
  | { resultType: "scalar" | "string"; result: WirePair };

const pair = (tMs: number, v: number): WirePair => [tMs / 1000, formatGoFloat(v)];

/** Parse errors become `invalid parameter "query": …`, as the HTTP API reports them. */
function parseQuery(query: string): ReturnType<typeof parsePromQL> {
  try {
    return parsePromQL(query);
  } catch (e) {
    if (e instanceof PromQLError && e.errorType === "bad_data") {
      throw new PromQLError("bad_data", `invalid parameter "query": ${e.message}`);
    }
    throw e;
  }
}

export function instantQuery(src: PromSource, query: string, tMs: number): QueryData {
  const expr = parseQuery(query);
  const span = sampleSpan(expr);
  const v = new Evaluator(src, tMs - span.back, tMs + span.fwd).eval(expr, tMs);
  switch (v.kind) {
    case "scalar":
      return { resultType: "scalar", result: pair(tMs, v.value) };
    case "string":
      return { resultType: "string", result: [tMs / 1000, v.value] };
    case "vector":
      return {
        resultType: "vector",
        result: v.samples.map((s) => ({ metric: sortedLabels(s.labels), value: pair(tMs, s.value) })),
      };
    case "matrix":
      return {
        resultType: "matrix",
        result: v.series
          .map((s) => ({
            metric: sortedLabels(s.labels),
            values: [...s.t.subarray(s.lo, s.hi)].map((t, i) => pair(t, s.v[s.lo + i] as number)),
          }))
          .sort((a, b) => compareLabels(a.metric, b.metric)),
      };
  }
}

export function rangeQuery(src: PromSource, query: string, startMs: number, endMs: number, stepMs: number): QueryData {
  const expr = parseQuery(query);
  const t = typeOf(expr);
  if (t !== "scalar" && t !== "vector") {
    throw new PromQLError(
      "bad_data",
      `invalid parameter "query": invalid expression type "${typeName(t)}" for range query, must be Scalar or instant Vector`,
    );
  }
  const span = sampleSpan(expr);
  const ev = new Evaluator(src, startMs - span.back, endMs + span.fwd);
  // Result label objects are stable across steps (memoised), so identity lookups usually hit.
  const byObject = new Map<Labels, Accumulated>();
  const byKey = new Map<string, Accumulated>();
  for (let ts = startMs; ts <= endMs; ts += stepMs) {
    const v = ev.eval(expr, ts);
    const samples =
      v.kind === "scalar" ? [{ labels: NO_LABELS, value: v.value }] : v.kind === "vector" ? v.samples : [];
    for (const s of samples) {
      let entry = byObject.get(s.labels);
      if (!entry) {
        const key = labelsKey(s.labels);
        entry = byKey.get(key) ?? { metric: sortedLabels(s.labels), t: [], v: [] };
        byKey.set(key, entry);
        byObject.set(s.labels, entry);
      }
      entry.t.push(ts);
      entry.v.push(s.value);
    }
  }
  const result = [...byKey.values()]
    .sort((a, b) => compareLabels(a.metric, b.metric))
    .map((s) => ({ metric: s.metric, values: s.t.map((t, i) => pair(t, s.v[i] as number)) }));
  return { resultType: "matrix", result };
}
