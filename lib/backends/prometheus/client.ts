// Prometheus HTTP API client (APIS.md §1). Every response goes through the one transport,
// then the envelope check, then a zod parse that names the field path on failure.
import type { z } from "zod";
import { BackendError } from "../../model/errors";
import type { Exemplar, InstantSample, Labels, Series } from "../../model/series";
import { type Millis, millisToSeconds, rangeDuration, type TimeRange } from "../../model/time";
import { type HttpRequest, type HttpResponse, parseJsonText, request, type Transport } from "../http";
import type { BuildInfo, CallOpts, MetricsBackend } from "../types";
import { parseWith } from "../zod-error";
import {
  buildInfoResponseSchema,
  exemplarsResponseSchema,
  instantResponseSchema,
  matrixResponseSchema,
  metadataResponseSchema,
  promErrorSchema,
  seriesResponseSchema,
  stringListResponseSchema,
} from "./schemas";
import { clampStep } from "./step";
import {
  escapeLabelName,
  instantToSamples,
  matrixToSeries,
  type MetricMetadata,
  metadataCandidates,
  metadataFor,
  toBuildInfo,
  toExemplars,
} from "./to-model";

export { chooseStep } from "./step";

const B = "prometheus";

/** MetricsBackend plus Prometheus-only extras. */
export interface PrometheusBackend extends MetricsBackend {
  /** Type/help/unit of a metric, looked up by family for counters; undefined when unknown. */
  metadata(metric: string, opts?: CallOpts): Promise<MetricMetadata | undefined>;
}

/** Unix seconds as Prometheus accepts them (float, ms precision). */
function secs(ms: Millis): string {
  return String(millisToSeconds(ms));
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/** JSON body or a parse error; a non-2xx non-JSON body (a proxy's HTML page) keeps its status. */
function decodeBody(res: HttpResponse, what: string): unknown {
  if (isOk(res.status)) return parseJsonText(B, res.text, what);
  try {
    return parseJsonText(B, res.text, `${what}: HTTP ${res.status}`);
  } catch (err) {
    if (!(err instanceof BackendError)) throw err;
    throw new BackendError(B, "parse", err.message.slice(`${B}: `.length), { status: res.status, cause: err });
  }
}

/**
 * Decode one response: Prometheus error envelopes (400 bad_data, 422 execution, 503 timeout…)
 * become kind "query" with the server's text kept; a success body is parsed with `envelope`.
 */
export function decodePromResponse<T extends z.ZodType>(res: HttpResponse, what: string, envelope: T): z.infer<T> {
  const json = decodeBody(res, what);
  const err = promErrorSchema.safeParse(json);
  if (err.success) {
    const type = err.data.errorType ? `${err.data.errorType}: ` : "";
    throw new BackendError(B, "query", `${what}: ${type}${err.data.error}`, { status: res.status });
  }
  if (!isOk(res.status)) {
    const excerpt = res.text.slice(0, 200).replace(/\s+/g, " ");
    throw new BackendError(B, "http", `${what}: HTTP ${res.status}: ${excerpt}`, { status: res.status });
  }
  return parseWith(B, what, envelope, json);
}

export function createPrometheusBackend(t: Transport): PrometheusBackend {
  const call = async <T extends z.ZodType>(what: string, req: HttpRequest, envelope: T): Promise<z.infer<T>> =>
    decodePromResponse(await request(t, req), what, envelope);
  // POST with a form body for anything carrying PromQL: long queries do not fit in a URL (APIS.md §1).
  const post = (path: string, form: Record<string, string>, opts?: CallOpts): HttpRequest => ({
    method: "POST",
    path,
    form,
    signal: opts?.signal,
  });
  const get = (path: string, query: HttpRequest["query"], opts?: CallOpts): HttpRequest => ({
    path,
    query,
    signal: opts?.signal,
  });
  const rangeParams = (range: TimeRange) => ({ start: secs(range.from), end: secs(range.to) });
  const matchParam = (match?: string[]) => ({ "match[]": match?.length ? match : undefined });

  return {
    async queryRange(query: string, range: TimeRange, stepSeconds: number, opts?: CallOpts): Promise<Series[]> {
      // A too-fine step is raised here so the server never sees more than 11,000 points.
      const step = String(clampStep(rangeDuration(range), stepSeconds));
      const req = post("/api/v1/query_range", { query, ...rangeParams(range), step }, opts);
      const { data } = await call("query_range", req, matrixResponseSchema);
      return matrixToSeries(data.result);
    },

    async query(query: string, at: Millis, opts?: CallOpts): Promise<InstantSample[]> {
      const { data } = await call(
        "query",
        post("/api/v1/query", { query, time: secs(at) }, opts),
        instantResponseSchema,
      );
      return instantToSamples(data);
    },

    async queryExemplars(query: string, range: TimeRange, opts?: CallOpts): Promise<Exemplar[]> {
      const req = post("/api/v1/query_exemplars", { query, ...rangeParams(range) }, opts);
      const { data } = await call("query_exemplars", req, exemplarsResponseSchema);
      return toExemplars(data);
    },

    async series(match: string[], range: TimeRange, opts?: CallOpts): Promise<Labels[]> {
      if (match.length === 0) throw new BackendError(B, "config", "series: at least one match[] selector is required");
      const req = get("/api/v1/series", { ...matchParam(match), ...rangeParams(range) }, opts);
      const { data } = await call("series", req, seriesResponseSchema);
      return data.map((l) => ({ ...l }));
    },

    async labels(range: TimeRange, match?: string[], opts?: CallOpts): Promise<string[]> {
      const req = get("/api/v1/labels", { ...matchParam(match), ...rangeParams(range) }, opts);
      return (await call("labels", req, stringListResponseSchema)).data;
    },

    async labelValues(label: string, range: TimeRange, match?: string[], opts?: CallOpts): Promise<string[]> {
      const path = `/api/v1/label/${encodeURIComponent(escapeLabelName(label))}/values`;
      const req = get(path, { ...matchParam(match), ...rangeParams(range) }, opts);
      return (await call("label values", req, stringListResponseSchema)).data;
    },

    async buildInfo(opts?: CallOpts): Promise<BuildInfo> {
      const { data } = await call(
        "buildinfo",
        { ...get("/api/v1/status/buildinfo", undefined, opts), priority: true },
        buildInfoResponseSchema,
      );
      return toBuildInfo(data);
    },

    async metadata(metric: string, opts?: CallOpts): Promise<MetricMetadata | undefined> {
      // Counters are keyed by family: 2.42 answers `{}` for `metric=…_total`, so try the family name next.
      for (const name of metadataCandidates(metric)) {
        const { data } = await call(
          "metadata",
          get("/api/v1/metadata", { metric: name }, opts),
          metadataResponseSchema,
        );
        const found = metadataFor(data, metric);
        if (found) return found;
      }
      return undefined;
    },
  };
}
