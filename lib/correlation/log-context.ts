// Log line → context: the N lines before and after it in the same stream. Two Loki queries,
// because one query can only go one direction from a point (APIS.md §3: start inclusive,
// end exclusive).
import type { LogLine } from "../model/logs";
import { asNanosString, type NanosString, nanosToMillis, type Millis, type TimeRange } from "../model/time";
import type { ContainerLike } from "./keys";
import type { LokiMapping, Reason } from "./mapping";
import { containerStreamSelector } from "./queries-loki";

export interface LogContextQuery {
  query: string;
  /** Exact bounds for a client that can send nanoseconds. */
  startNs: NanosString;
  endNs: NanosString;
  /** The same bounds widened to whole ms (for TimeRange-based clients; dedupe by LogLine.key). */
  range: TimeRange;
  limit: number;
  direction: "backward" | "forward";
}

export interface LogContextPlan {
  kind: "context";
  selector: string;
  /** Lines up to and including the line itself (and others in the same nanosecond), newest first. */
  before: LogContextQuery;
  /** Lines after it, oldest first. */
  after: LogContextQuery;
}

export const DEFAULT_CONTEXT_LINES = 20;
export const DEFAULT_CONTEXT_WINDOW_MS = 3_600_000;

const nsAdd = (ns: NanosString, delta: bigint): NanosString => {
  const v = BigInt(ns) + delta;
  return asNanosString(String(v < 0n ? 0n : v));
};

// floor + 1 rather than ceil: at ~1.8e12 ms a float cannot hold the sub-ms nanos, so ceil could
// round an end that is a few ns past a whole ms down onto it and lose the line.
function msRange(startNs: NanosString, endNs: NanosString): TimeRange {
  return { from: Math.floor(nanosToMillis(startNs)) as Millis, to: (Math.floor(nanosToMillis(endNs)) + 1) as Millis };
}

/** The container whose logs the context may read: its Loki mapping decides the selector. */
export interface LogContextScope {
  mapping: LokiMapping;
  container: ContainerLike;
}

export function logLineContext(
  scope: LogContextScope,
  line: Pick<LogLine, "ts" | "stream">,
  opts: { lines?: number; windowMs?: number } = {},
): LogContextPlan | Reason {
  const lines = Math.max(1, Math.floor(opts.lines ?? DEFAULT_CONTEXT_LINES));
  const windowNs = BigInt(Math.max(1, Math.floor(opts.windowMs ?? DEFAULT_CONTEXT_WINDOW_MS))) * 1_000_000n;
  const sel = containerStreamSelector(scope.mapping, scope.container, line.stream);
  if (sel.kind === "reason") return sel;
  const bStart = nsAdd(line.ts, -windowNs);
  const bEnd = nsAdd(line.ts, 1n);
  const aEnd = nsAdd(line.ts, windowNs);
  return {
    kind: "context",
    selector: sel.query,
    before: {
      query: sel.query,
      startNs: bStart,
      endNs: bEnd,
      range: msRange(bStart, bEnd),
      limit: lines + 1,
      direction: "backward",
    },
    after: {
      query: sel.query,
      startNs: bEnd,
      endNs: aEnd,
      range: msRange(bEnd, aEnd),
      limit: lines,
      direction: "forward",
    },
  };
}
