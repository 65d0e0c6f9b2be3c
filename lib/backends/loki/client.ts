// Loki HTTP API client (APIS.md §3): one transport, status-code-first decoding (./decode.ts),
// zod parse naming the field path, then streams merged into one timeline (./to-model.ts).
import type { z } from "zod";
import { BackendError } from "../../model/errors";
import type { LogQueryResult } from "../../model/logs";
import type { InstantSample, Labels, Series } from "../../model/series";
import { type Millis, millisToNanos, rangeDuration, type TimeRange } from "../../model/time";
import { type HttpRequest, request, type Transport } from "../http";
import { clampStep } from "../prometheus/step";
import type { BuildInfo, CallOpts, LogQueryParams, LogsBackend, LogTail, LogTailHandlers } from "../types";
import { decodeLokiResponse, decodeLokiResponseInSteps } from "./decode";
import {
  buildInfoSchema,
  type LokiQueryData,
  queryResponseSchema,
  seriesResponseSchema,
  stringListResponseSchema,
} from "./schemas";
import { openTail } from "./tail";
import { matrixToSeries, streamsToLines, toBuildInfo, vectorToSamples } from "./to-model";

const B = "loki";

/** Loki's default `max_entries_limit_per_query`; a larger limit is a 400. */
export const MAX_LOG_LIMIT = 5000;

/** LogsBackend plus Loki-only extras. */
export interface LokiBackend extends LogsBackend {
  /** Instant metric LogQL (`/loki/api/v1/query`) → one sample per series. */
  queryInstant(query: string, at: Millis, opts?: CallOpts): Promise<InstantSample[]>;
}

export function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return 100;
  return Math.min(MAX_LOG_LIMIT, Math.max(1, Math.floor(limit)));
}

function wrongKind(what: string, want: string, got: string): BackendError {
  return new BackendError(B, "query", `${what}: expected a ${want} result, got ${got} (wrong kind of LogQL query?)`);
}
const streamsOf = (d: LokiQueryData, what: string) => {
  if (d.resultType === "streams") return d.result;
  throw wrongKind(what, "streams", d.resultType);
};
const matrixOf = (d: LokiQueryData, what: string) => {
  if (d.resultType === "matrix") return d.result;
  throw wrongKind(what, "matrix", d.resultType);
};
const vectorOf = (d: LokiQueryData, what: string) => {
  if (d.resultType === "vector") return d.result;
  throw wrongKind(what, "vector", d.resultType);
};

export function createLokiBackend(t: Transport): LokiBackend {
  const call = async <T extends z.ZodType>(what: string, req: HttpRequest, schema: T): Promise<z.infer<T>> =>
    decodeLokiResponse(await request(t, req), what, schema);
  const get = (path: string, query: HttpRequest["query"], opts?: CallOpts): HttpRequest => ({
    path,
    query,
    signal: opts?.signal,
  });
  // Nanosecond integers: exact, and what Loki sends back for streams.
  const rangeParams = (range: TimeRange) => ({ start: millisToNanos(range.from), end: millisToNanos(range.to) });

  return {
    async queryRange(p: LogQueryParams, opts?: CallOpts): Promise<LogQueryResult> {
      const limit = clampLimit(p.limit);
      const query = { query: p.query, ...rangeParams(p.range), limit, direction: p.direction };
      const res = await request(t, get("/loki/api/v1/query_range", query, opts));
      const { data } = await decodeLokiResponseInSteps(res, "query_range", queryResponseSchema);
      const lines = streamsToLines(streamsOf(data, "query_range"), p.direction);
      // Loki returns at most `limit` lines; exactly `limit` means there may be more.
      return { lines, truncated: lines.length >= limit, limit };
    },

    async queryRangeMetric(query: string, range: TimeRange, stepSeconds: number, opts?: CallOpts): Promise<Series[]> {
      const step = clampStep(rangeDuration(range), stepSeconds); // same 11,000-points cap as Prometheus
      const q = { query, ...rangeParams(range), step };
      const { data } = await call("query_range", get("/loki/api/v1/query_range", q, opts), queryResponseSchema);
      return matrixToSeries(matrixOf(data, "query_range"));
    },

    async queryInstant(query: string, at: Millis, opts?: CallOpts): Promise<InstantSample[]> {
      const q = { query, time: millisToNanos(at) };
      const { data } = await call("query", get("/loki/api/v1/query", q, opts), queryResponseSchema);
      return vectorToSamples(vectorOf(data, "query"));
    },

    async labels(range: TimeRange, opts?: CallOpts): Promise<string[]> {
      const req = get("/loki/api/v1/labels", rangeParams(range), opts);
      return (await call("labels", req, stringListResponseSchema)).data;
    },

    async labelValues(label: string, range: TimeRange, query?: string, opts?: CallOpts): Promise<string[]> {
      const path = `/loki/api/v1/label/${encodeURIComponent(label)}/values`;
      const req = get(path, { ...rangeParams(range), query: query || undefined }, opts);
      return (await call("label values", req, stringListResponseSchema)).data;
    },

    async series(match: string[], range: TimeRange, opts?: CallOpts): Promise<Labels[]> {
      if (match.length === 0) throw new BackendError(B, "config", "series: at least one match[] selector is required");
      const req = get("/loki/api/v1/series", { "match[]": match, ...rangeParams(range) }, opts);
      return (await call("series", req, seriesResponseSchema)).data.map((l) => ({ ...l }));
    },

    tail(query: string, startMs: Millis, limit: number, handlers: LogTailHandlers): LogTail {
      return openTail(t, { query, start: millisToNanos(startMs), limit: clampLimit(limit) }, handlers);
    },

    async buildInfo(opts?: CallOpts): Promise<BuildInfo> {
      const req = { ...get("/loki/api/v1/status/buildinfo", undefined, opts), priority: true };
      return toBuildInfo(await call("buildinfo", req, buildInfoSchema));
    },
  };
}
