// Loki label/series/volume endpoints over a LokiSource: only streams with entries in the window count.
import type { Labels, LokiSource, LokiStreamSource } from "../sources";
import { LokiError } from "./logql/ast";
import { parseStreamSelector } from "./logql/parse";
import { entriesFrom } from "./logql/select";
import type { TimeRange } from "./logql/params";
import { formatGoFloat } from "./promql/go-compat";
import { labelsToString, type Matcher, matchesAll, sortedLabels } from "./promql/labels";

/** Cheap existence check: countIn when offered, else the first entry walking back from the end. */
export function hasEntries(s: LokiStreamSource, r: TimeRange): boolean {
  if (s.countIn) return s.countIn(r.startNs, r.endNs) > 0;
  for (const _ of entriesFrom(s, r.startNs, r.endNs, "backward")) return true;
  return false;
}

function selectorSets(raw: string[]): Matcher[][] {
  return raw.filter((q) => q !== "").map((q) => parseStreamSelector(q));
}

function activeStreams(src: LokiSource, r: TimeRange, sets: Matcher[][]): Labels[] {
  return src
    .streams()
    .filter((s) => sets.length === 0 || sets.some((m) => matchesAll(s.labels, m)))
    .filter((s) => hasEntries(s, r))
    .map((s) => s.labels);
}

export function labelNames(src: LokiSource, r: TimeRange, query: string): string[] {
  const names = new Set<string>();
  for (const l of activeStreams(src, r, selectorSets([query]))) for (const k of Object.keys(l)) names.add(k);
  return [...names].sort();
}

export function labelValues(src: LokiSource, r: TimeRange, name: string, query: string): string[] {
  const values = new Set<string>();
  for (const l of activeStreams(src, r, selectorSets([query]))) {
    const v = l[name];
    if (v !== undefined && v !== "") values.add(v);
  }
  return [...values].sort();
}

export function seriesList(src: LokiSource, r: TimeRange, matches: string[]): Labels[] {
  const seen = new Map<string, Labels>();
  for (const l of activeStreams(src, r, selectorSets(matches))) seen.set(labelsToString(l), sortedLabels(l));
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, l]) => l);
}

const encoder = new TextEncoder();

/** /index/volume (Loki 2.9+): bytes per group of the selector's label names (or targetLabels). */
export function volume(src: LokiSource, r: TimeRange, query: string, targetLabels: string, limit: number): unknown {
  if (query === "") throw new LokiError("query is required");
  const matchers = parseStreamSelector(query);
  const by = targetLabels !== "" ? targetLabels.split(",").map((s) => s.trim()) : matchers.map((m) => m.name);
  const groups = new Map<string, { metric: Labels; bytes: number }>();
  for (const s of src.streams()) {
    if (!matchesAll(s.labels, matchers)) continue;
    const metric: Labels = {};
    for (const name of [...new Set(by)].sort()) {
      const v = s.labels[name];
      if (v !== undefined && v !== "") metric[name] = v;
    }
    let bytes = 0;
    for (const e of s.entriesIn(r.startNs, r.endNs)) bytes += encoder.encode(e.line).length;
    if (bytes === 0) continue;
    const key = labelsToString(metric);
    const g = groups.get(key) ?? { metric, bytes: 0 };
    g.bytes += bytes;
    groups.set(key, g);
  }
  const ts = Number(r.endNs / 1_000_000n) / 1000;
  const result = [...groups.values()]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit)
    .map((g) => ({ metric: g.metric, value: [ts, formatGoFloat(g.bytes)] }));
  return { status: "success", data: { resultType: "vector", result } };
}
