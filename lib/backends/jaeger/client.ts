// Jaeger query client: API v3 (OTLP JSON) first, the v1 internal JSON API as fallback for
// older servers. Which one answers is probed once per instance. See APIS.md §4.
import { BackendError } from "../../model/errors";
import { millisToMicros, millisToRfc3339Nano, type TimeRange } from "../../model/time";
import { normalizeTraceId, sameTraceId } from "../../model/trace-id";
import type { Trace } from "../../model/trace";
import { type SpanTable, spanTableOf } from "../../model/span-table";
import {
  bodyExcerpt,
  type DecodeSpec,
  type HttpRequest,
  type HttpResponse,
  parseJsonText,
  request,
  type Transport,
} from "../http";
import type { CallOpts, TraceSearchParams, TracesBackend } from "../types";
import { parseWith } from "../zod-error";
import { decodeV1Strings, decodeV1Traces, errorDetail } from "./decode";
import { otlpColumnsDecode } from "./otlp-columns";
import type { TraceProgress } from "../trace-progress";
import { otlpDecode } from "./otlp-stream";
import { v1StringsEnvelopeSchema, v3OperationsSchema, v3ServicesSchema } from "./schemas";
import { summarize } from "./summarize";

type ApiVersion = "v3" | "v1";

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function httpError(what: string, res: HttpResponse): BackendError {
  const detail = errorDetail(tryJson(res.text)) ?? bodyExcerpt(res.text);
  return new BackendError("jaeger", "http", `${what}: HTTP ${res.status}${detail ? `: ${detail}` : ""}`, {
    status: res.status,
  });
}

const ok = (res: HttpResponse) => res.status >= 200 && res.status < 300;

/** Go duration text for query.duration_min / minDuration. */
const goDuration = (ms: number | undefined) => (ms === undefined ? undefined : `${ms}ms`);

function queryTraceId(raw: string): string {
  const id = normalizeTraceId(raw);
  if (!id) throw new BackendError("jaeger", "query", `not a trace id: ${JSON.stringify(raw.slice(0, 40))}`);
  return id;
}

/** Newest first, and never more than asked for (num_traces is a search depth on some versions). */
function toSearchResult(traces: Trace[], limit: number) {
  const pairs = traces.map((t) => ({ t, s: summarize(t) })).sort((a, b) => b.s.start - a.s.start);
  const top = pairs.slice(0, Math.max(0, limit));
  return { summaries: top.map((p) => p.s), traces: top.map((p) => p.t) };
}

export function createJaegerBackend(t: Transport): TracesBackend {
  let detected: Promise<ApiVersion> | undefined;

  const get = (req: HttpRequest) => request(t, req);

  async function getJson(what: string, req: HttpRequest): Promise<unknown> {
    const res = await get(req);
    if (!ok(res)) throw httpError(what, res);
    return parseJsonText("jaeger", res.text, what);
  }

  async function detect(signal: AbortSignal | undefined): Promise<ApiVersion> {
    const v3 = await get({ path: "/api/v3/services", signal });
    if (ok(v3) && v3ServicesSchema.safeParse(tryJson(v3.text)).success) return "v3";
    // Fall back only when v3 is absent (404, or the UI's HTML page); auth or 5xx is a real error.
    if (v3.status !== 404 && !ok(v3)) throw httpError("GET /api/v3/services", v3);
    const v1 = await get({ path: "/api/services", signal });
    if (ok(v1) && v1StringsEnvelopeSchema.safeParse(tryJson(v1.text)).success) return "v1";
    throw new BackendError(
      "jaeger",
      "http",
      `no Jaeger query API found: /api/v3/services answered HTTP ${v3.status}, /api/services HTTP ${v1.status}`,
      { status: v1.status },
    );
  }

  function apiVersion(opts?: CallOpts): Promise<ApiVersion> {
    detected ??= detect(opts?.signal).catch((err: unknown) => {
      detected = undefined; // retry detection next time
      throw err;
    });
    return detected;
  }

  async function getTrace(traceId: string, opts?: CallOpts & { range?: TimeRange }): Promise<Trace | undefined> {
    const id = queryTraceId(traceId);
    if ((await apiVersion(opts)) === "v3") {
      const traces = await getV3<Trace[]>(id, (what) => otlpDecode({ backend: "jaeger", what }, "trace"), opts);
      return traces && (traces.find((x) => sameTraceId(x.traceId, id)) ?? traces[0]);
    }
    return getV1(id, opts);
  }

  /** The trace as columns (lib/model/span-table.ts): v3 decodes straight into them. */
  async function getTraceTable(
    traceId: string,
    opts?: CallOpts & { range?: TimeRange; progress?: TraceProgress },
  ): Promise<SpanTable | undefined> {
    const id = queryTraceId(traceId);
    if ((await apiVersion(opts)) === "v3")
      return getV3<SpanTable | undefined>(
        id,
        (what) => otlpColumnsDecode({ backend: "jaeger", what }, id, opts?.progress),
        opts,
      );
    const t = await getV1(id, opts);
    return t && spanTableOf(t);
  }

  async function getV3<T>(
    id: string,
    decode: (what: string) => DecodeSpec<T>,
    opts?: CallOpts & { range?: TimeRange },
  ): Promise<T | undefined> {
    const range = opts?.range;
    const what = "GET /api/v3/traces/{id}";
    const res = await get({
      path: `/api/v3/traces/${id}`,
      query: range
        ? { start_time: millisToRfc3339Nano(range.from), end_time: millisToRfc3339Nano(range.to) }
        : undefined,
      signal: opts?.signal,
      decode: decode(what),
    });
    if (res.status === 404) return undefined; // {"error":{"httpCode":404,"message":"No traces found"}}
    if (!ok(res)) throw httpError(what, res);
    return res.value as T;
  }

  async function getV1(id: string, opts?: CallOpts & { range?: TimeRange }): Promise<Trace | undefined> {
    const range = opts?.range;
    const what = "GET /api/traces/{id}";
    const res = await get({
      path: `/api/traces/${id}`,
      query: range ? { start: millisToMicros(range.from), end: millisToMicros(range.to) } : undefined,
      signal: opts?.signal,
    });
    if (res.status === 404) return undefined;
    if (!ok(res)) throw httpError(what, res);
    const { traces } = decodeV1Traces(parseJsonText("jaeger", res.text, what), what);
    return traces.find((x) => sameTraceId(x.traceId, id)) ?? traces[0];
  }

  async function search(p: TraceSearchParams, opts?: CallOpts) {
    const version = await apiVersion(opts);
    const attrs = p.attributes && Object.keys(p.attributes).length ? JSON.stringify(p.attributes) : undefined;
    if (version === "v3") {
      // snake_case: accepted by every v3 server (camelCase only from v2.19).
      const what = "GET /api/v3/traces";
      const res = await get({
        path: "/api/v3/traces",
        query: {
          "query.service_name": p.service,
          "query.operation_name": p.operation || undefined,
          "query.start_time_min": millisToRfc3339Nano(p.range.from),
          "query.start_time_max": millisToRfc3339Nano(p.range.to),
          "query.num_traces": p.limit,
          "query.duration_min": goDuration(p.minDurationMs),
          "query.duration_max": goDuration(p.maxDurationMs),
          "query.attributes": attrs,
        },
        signal: opts?.signal,
        decode: otlpDecode({ backend: "jaeger", what }),
      });
      if (res.status === 404) return { summaries: [], traces: [] }; // v3 says "No traces found" this way
      if (!ok(res)) throw httpError(what, res);
      return toSearchResult(res.value as Trace[], p.limit);
    }
    const what = "GET /api/traces";
    const data = await getJson(what, {
      path: "/api/traces",
      query: {
        service: p.service,
        operation: p.operation || undefined,
        start: millisToMicros(p.range.from),
        end: millisToMicros(p.range.to),
        limit: p.limit,
        minDuration: goDuration(p.minDurationMs),
        maxDuration: goDuration(p.maxDurationMs),
        tags: attrs,
      },
      signal: opts?.signal,
    });
    return toSearchResult(decodeV1Traces(data, what).traces, p.limit);
  }

  async function services(opts?: CallOpts): Promise<string[]> {
    if ((await apiVersion(opts)) === "v3") {
      const what = "GET /api/v3/services";
      const data = await getJson(what, { path: "/api/v3/services", signal: opts?.signal });
      return [...(parseWith("jaeger", what, v3ServicesSchema, data).services ?? [])].sort();
    }
    const what = "GET /api/services";
    return decodeV1Strings(await getJson(what, { path: "/api/services", signal: opts?.signal }), what).sort();
  }

  async function operations(service: string, opts?: CallOpts) {
    if ((await apiVersion(opts)) === "v3") {
      const what = "GET /api/v3/operations";
      const data = await getJson(what, { path: "/api/v3/operations", query: { service }, signal: opts?.signal });
      return (parseWith("jaeger", what, v3OperationsSchema, data).operations ?? []).map((o) => ({
        name: o.name,
        spanKind: o.spanKind || undefined,
      }));
    }
    const what = "GET /api/services/{service}/operations";
    const data = await getJson(what, {
      path: `/api/services/${encodeURIComponent(service)}/operations`,
      signal: opts?.signal,
    });
    return decodeV1Strings(data, what).map((name) => ({ name }));
  }

  return { apiVersion, getTrace, getTraceTable, search, services, operations };
}
