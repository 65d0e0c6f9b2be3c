// The JSON contract of the trace page's on-demand routes (the waterfall itself is binary
// columns, lib/trace-wire).
import type { Span } from "./trace";

/** GET /api/traces/{traceId}/spans/{spanId} */
export interface SpanResponse {
  span: Span;
}

/** GET /api/traces/{traceId}/spans?pos=…&v=: the rows in view, in full, before a click. */
export interface SpansAtResponse {
  version: string;
  spans: { pos: number; span: Span }[];
}

/** GET /api/traces/{traceId}/search */
export interface TraceSearchResponse {
  version: string;
  /** Pre-order positions, ascending (the first `limit` when the request set one). */
  positions: number[];
  /** Every match's count (more than `positions.length` when `limit` cut them). */
  count: number;
  /** The rank among all matches of `positions[0]` (0 without `after`/`before`). */
  first: number;
}

/** GET /api/traces/{traceId}/progress: the server's load of the trace, while one runs. */
export interface TraceProgressResponse {
  loading: { bytes: number; totalBytes?: number } | null;
}
