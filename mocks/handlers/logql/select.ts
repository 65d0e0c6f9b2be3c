// Log queries: pick the `limit` newest (backward) or oldest (forward) entries across all streams,
// then group them by output labels. Streams are scanned in growing time chunks from the wanted end
// so a small limit over a long range does not materialise every entry.
import type { Labels, LokiEntry, LokiSource, LokiStreamSource, LokiStreamWalker } from "../../sources";
import { labelsToString, matchesAll, sortedLabels } from "../promql/labels";
import { type LogExpr, LokiError } from "./ast";
import { parseLogQL } from "./parse";
import { runPipeline } from "./pipeline";

export type Direction = "backward" | "forward";

export interface StreamResult {
  stream: Labels;
  entries: LokiEntry[];
}

interface Candidate {
  ns: bigint;
  entry: LokiEntry;
  labels: Labels;
  key: string;
}

const FIRST_CHUNK_NS = 60_000_000_000n;

const maxBig = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minBig = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export function selectStreams(src: LokiSource, expr: LogExpr): { source: LokiStreamSource; labels: Labels }[] {
  return src
    .streams()
    .filter((s) => matchesAll(s.labels, expr.matchers))
    .map((s) => ({ source: s, labels: sortedLabels(s.labels) }));
}

/** The stream's entries nearest to the wanted end first: lazily via walk() when the source offers
 * it, else through entriesIn() in doubling time chunks, so a small limit over days stays cheap. */
export function* entriesFrom(
  source: LokiStreamSource,
  fromNs: bigint,
  toNs: bigint,
  direction: Direction,
): Generator<LokiEntry> {
  if ("walk" in source) {
    yield* (source as LokiStreamSource & LokiStreamWalker).walk(fromNs, toNs, direction);
    return;
  }
  let chunk = FIRST_CHUNK_NS;
  let lo = direction === "backward" ? toNs : fromNs;
  let hi = lo;
  while (direction === "backward" ? lo > fromNs : hi < toNs) {
    if (direction === "backward") {
      hi = lo;
      lo = maxBig(hi - chunk, fromNs);
    } else {
      lo = hi;
      hi = minBig(lo + chunk, toNs);
    }
    const batch = source.entriesIn(lo, hi);
    if (direction === "backward") batch.reverse();
    yield* batch;
    chunk *= 2n;
  }
}

/** Up to `need` passing entries of one stream, nearest to the wanted end first. */
function scanStream(
  expr: LogExpr,
  source: LokiStreamSource,
  labels: Labels,
  fromNs: bigint,
  toNs: bigint,
  need: number,
  direction: Direction,
): Candidate[] {
  const out: Candidate[] = [];
  if (need <= 0) return out;
  for (const entry of entriesFrom(source, fromNs, toNs, direction)) {
    const outLabels = runPipeline(expr.stages, labels, entry);
    if (!outLabels) continue;
    out.push({ ns: BigInt(entry.ns), entry, labels: outLabels, key: labelsToString(outLabels) });
    if (out.length >= need) break;
  }
  return out;
}

function order(direction: Direction): (a: Candidate, b: Candidate) => number {
  return (a, b) => {
    if (a.ns !== b.ns) return (a.ns < b.ns ? -1 : 1) * (direction === "forward" ? 1 : -1);
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

export function selectLogs(
  expr: LogExpr,
  src: LokiSource,
  fromNs: bigint,
  toNs: bigint,
  limit: number,
  direction: Direction,
): StreamResult[] {
  if (limit <= 0 || toNs <= fromNs) return [];
  const all: Candidate[] = [];
  for (const { source, labels } of selectStreams(src, expr)) {
    all.push(...scanStream(expr, source, labels, fromNs, toNs, limit, direction));
  }
  const picked = all.sort(order(direction)).slice(0, limit);
  const groups = new Map<string, StreamResult>();
  for (const c of picked) {
    let g = groups.get(c.key);
    if (!g) {
      g = { stream: c.labels, entries: [] };
      groups.set(c.key, g);
    }
    g.entries.push(c.entry);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/**
 * Log query used by query_range and by the tail WebSocket: entries with fromNs <= ns < toNs,
 * `limit` in total, newest-first within each stream for backward. Throws LokiError.
 */
export function matchLogQuery(
  query: string,
  src: LokiSource,
  fromNs: bigint,
  toNs: bigint,
  limit: number,
  direction: Direction,
): { stream: Labels; entries: LokiEntry[] }[] {
  const expr = parseLogQL(query);
  if (expr.kind !== "log") throw new LokiError("not supported by the mock: metric queries are not log queries");
  return selectLogs(expr, src, fromNs, toNs, limit, direction);
}
