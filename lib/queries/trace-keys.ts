// Query builders of the trace page: the waterfall as binary columns (decoded in place, see
// lib/trace-wire), and the span detail and search the server answers on demand.
import { keepPreviousData, queryOptions, skipToken } from "@tanstack/react-query";
import type { SpanResponse, SpansAtResponse, TraceProgressResponse, TraceSearchResponse } from "../model/api-trace";
import type { TimeRange } from "../model/time";
import { ColumnsFormatError } from "../trace-wire/columns";
import { decodeTrace } from "../trace-wire/codec";
import type { WaterfallModel } from "../trace-wire/model";
import { ApiError, fetchJson } from "./fetch-json";

const enc = encodeURIComponent;
const rangeQs = (range?: TimeRange) => (range ? `from=${range.from}&to=${range.to}` : "");
const withQs = (path: string, ...parts: string[]) => {
  const q = parts.filter(Boolean).join("&");
  return q ? `${path}?${q}` : path;
};

/** Our own route's bytes (a trace or a window of one); an error answer is JSON like every other route's. */
export async function fetchTraceModel(path: string, signal?: AbortSignal): Promise<WaterfallModel> {
  let res: Response;
  try {
    res = await fetch(path, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, { kind: "network", message: "Sightline server unreachable" });
  }
  if (!res.ok) return fetchJsonError(res);
  try {
    return decodeTrace(await res.arrayBuffer());
  } catch (err) {
    if (err instanceof ColumnsFormatError) throw new ApiError(res.status, { kind: "parse", message: err.message });
    throw err;
  }
}

async function fetchJsonError(res: Response): Promise<never> {
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  const e = (body as { error?: { message?: unknown } } | undefined)?.error;
  throw new ApiError(
    res.status,
    e && typeof e.message === "string"
      ? (e as ConstructorParameters<typeof ApiError>[1])
      : { kind: "http", message: `HTTP ${res.status}` },
  );
}

export const traceColumnsPath = (traceId: string, range?: TimeRange) =>
  withQs(`/api/traces/${enc(traceId)}/columns`, rangeQs(range));

/** The trace's waterfall; the optional range narrows Jaeger's lookup (old traces, big stores). */
export const traceModelQuery = (traceId: string | undefined, range?: TimeRange) =>
  queryOptions({
    queryKey: ["trace-model", traceId ?? "", range?.from ?? 0, range?.to ?? 0] as const,
    queryFn: traceId ? ({ signal }) => fetchTraceModel(traceColumnsPath(traceId, range), signal) : skipToken,
    staleTime: 5 * 60_000,
  });

/** Where a span sits in the columns the client holds: lets the server skip a scan. */
export interface SpanHint {
  pos: number;
  version: string;
}

/** One span in full, for the detail panel. The hint is not part of the key: the span ID is. */
export const spanQuery = (traceId: string, spanId: string | undefined, range?: TimeRange, hint?: SpanHint) =>
  queryOptions({
    queryKey: ["trace-span", traceId, spanId ?? "", range?.from ?? 0, range?.to ?? 0] as const,
    queryFn: spanId
      ? ({ signal }) =>
          fetchJson<SpanResponse>(
            withQs(
              `/api/traces/${enc(traceId)}/spans/${enc(spanId)}`,
              rangeQs(range),
              hint ? `pos=${hint.pos}&v=${enc(hint.version)}` : "",
            ),
            signal,
          )
      : skipToken,
    staleTime: 5 * 60_000,
  });

/** The spans at these positions of the columns of `version`, in full (the rows in view). */
export const fetchSpansAt = (
  traceId: string,
  version: string,
  positions: readonly number[],
  range?: TimeRange,
  signal?: AbortSignal,
) =>
  fetchJson<SpansAtResponse>(
    withQs(`/api/traces/${enc(traceId)}/spans`, `pos=${positions.join(",")}`, `v=${enc(version)}`, rangeQs(range)),
    signal,
  );

/** How much of a huge trace the server has read, polled while its first rows are shown. */
export const traceProgressQuery = (traceId: string, range: TimeRange | undefined, enabled: boolean) =>
  queryOptions({
    queryKey: ["trace-progress", traceId, range?.from ?? 0, range?.to ?? 0] as const,
    queryFn: ({ signal }) =>
      fetchJson<TraceProgressResponse>(withQs(`/api/traces/${enc(traceId)}/progress`, rangeQs(range)), signal),
    enabled,
    refetchInterval: enabled ? PROGRESS_POLL_MS : false,
    staleTime: 0,
    gcTime: 0,
  });

/** How often a page showing a trace's first rows asks how far the load is. */
export const PROGRESS_POLL_MS = 500;

/** A window of a huge trace's view (lib/trace-wire/window.ts): `params` from windowParams. */
export const traceWindowPath = (traceId: string, params: string, range?: TimeRange) =>
  withQs(`/api/traces/${enc(traceId)}/window`, params, rangeQs(range));

export interface SearchMatches {
  /** Positions, ascending: all of them, or the first `limit`. */
  positions: Int32Array;
  /** Every match in the trace. */
  count: number;
}

/** The next match after position `after` (or the previous one before `before`), and its rank. */
export async function fetchSearchStep(
  traceId: string,
  version: string,
  q: string,
  at: { after: number } | { before: number },
  range?: TimeRange,
  signal?: AbortSignal,
): Promise<{ pos: number; rank: number; count: number } | undefined> {
  const r = await fetchJson<TraceSearchResponse>(
    withQs(
      `/api/traces/${enc(traceId)}/search`,
      `q=${enc(q)}`,
      `v=${enc(version)}`,
      "limit=1",
      "after" in at ? `after=${at.after}` : `before=${at.before}`,
      rangeQs(range),
    ),
    signal,
  );
  const pos = r.positions[0];
  return pos === undefined ? undefined : { pos, rank: r.first, count: r.count };
}

/** Positions matching a search, for the columns of `version` (the first `limit` of them, when given). */
export const traceSearchQuery = (traceId: string, version: string, q: string, range?: TimeRange, limit?: number) =>
  queryOptions({
    queryKey: ["trace-search", traceId, version, q, range?.from ?? 0, range?.to ?? 0, limit ?? 0] as const,
    queryFn: q.trim()
      ? async ({ signal }): Promise<SearchMatches> => {
          const r = await fetchJson<TraceSearchResponse & { count?: number }>(
            withQs(
              `/api/traces/${enc(traceId)}/search`,
              `q=${enc(q)}`,
              `v=${enc(version)}`,
              limit ? `limit=${limit}` : "",
              rangeQs(range),
            ),
            signal,
          );
          return { positions: Int32Array.from(r.positions), count: r.count ?? r.positions.length };
        }
      : skipToken,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
