// Test-only: a span of a hand-built tree (only the fields a waterfall test sets), and a
// StoredTrace made of such spans, as the trace store keeps one.
import { spanTableOf } from "../model/span-table";
import { micros } from "../model/time";
import type { Span } from "../model/trace";
import { LoadedTrace } from "../server/trace";
import type { StoredTrace } from "../server/trace-store";
import { buildWaterfallTable } from "./layout";

export const TREE_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

/** A span `spanId` under `parentSpanId`, starting at `start` µs; anything else via `extra`. */
export function treeSpan(
  spanId: string,
  parentSpanId: string | undefined,
  start: number,
  extra: Partial<Span> = {},
): Span {
  return {
    traceId: TREE_TRACE_ID,
    spanId,
    parentSpanId,
    service: "svc",
    name: `op-${spanId}`,
    kind: "internal",
    start: micros(start),
    duration: micros(5),
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource: {},
    ...extra,
  };
}

/** The spans laid out and kept as TraceStore keeps a loaded trace (no containers). */
export function storedTree(spans: Span[], version = "v1"): StoredTrace {
  const table = spanTableOf({ traceId: TREE_TRACE_ID, spans, warnings: [] });
  const laid = buildWaterfallTable(table, { traceId: TREE_TRACE_ID, version });
  return {
    key: TREE_TRACE_ID,
    version,
    body: new LoadedTrace(table, [], [], []),
    laid,
    placeKey: "",
    bytes: 0,
    loadedAt: 0,
  };
}
