// Grafana Tempo as a trace backend (TracesBackend, like Jaeger): trace by id, a container's
// traces through TraceQL on resource attributes (`tags=` for servers without TraceQL), tag
// names/values for detection, version for health. See README "Tempo".
import type { TraceProgress } from "../trace-progress";
import { BackendError } from "../../model/errors";
import { millisToSeconds, type TimeRange } from "../../model/time";
import { normalizeTraceId, sameTraceId } from "../../model/trace-id";
import type { Trace, TraceSummary } from "../../model/trace";
import type { SpanTable } from "../../model/span-table";
import {
  bodyExcerpt,
  type DecodeSpec,
  type HttpRequest,
  type HttpResponse,
  parseJsonText,
  request,
  type Transport,
} from "../http";
import { otlpColumnsDecode } from "../jaeger/otlp-columns";
import { otlpDecode } from "../jaeger/otlp-stream";
import { summarize } from "../jaeger/summarize";
import type { CallOpts, TraceSearchParams, TracesBackend } from "../types";
import { parseWith } from "../zod-error";
import { buildInfoSchema, searchResponseSchema, tagNamesSchema, tagValuesSchema } from "./schemas";
import { tagsFor, traceqlFor } from "./traceql";
import { parseVersionText, searchTraceToSummary } from "./to-model";

const B = "tempo";
/** Full traces read per search at once (each search hit is one GET /api/traces/{id}). */
const FETCH_CONCURRENCY = 4;
/**
 * Search answers summaries only, and correlation needs each trace's spans: at most this many
 * hits per search are read in full (a 2-core Tempo 2.0 answered 500s when asked for 200 at once).
 */
export const MAX_FULL_TRACES = 20;

export interface TempoVersion {
  version?: string;
  /** Why the version is unknown (e.g. a source build that reports ""). */
  reason?: string;
}

export interface TempoBackend extends TracesBackend {
  readonly kind: "tempo";
  tagNames(opts?: CallOpts): Promise<string[]>;
  tagValues(tag: string, opts?: CallOpts): Promise<string[]>;
  /** Search hits as Tempo summarises them (no span list). */
  searchSummaries(p: TraceSearchParams, opts?: CallOpts): Promise<TraceSummary[]>;
  version(opts?: CallOpts): Promise<TempoVersion>;
  /** Which search syntax the server took: "traceql" (`q=`) or "tags" (`tags=`). */
  searchMode(): "traceql" | "tags" | undefined;
}

const ok = (r: HttpResponse) => r.status >= 200 && r.status < 300;

function httpError(what: string, res: HttpResponse): BackendError {
  const kind =
    res.status === 400 ? "query" : res.status === 404 ? "not-found" : res.status === 504 ? "timeout" : "http";
  const detail = bodyExcerpt(res.text);
  return new BackendError(B, kind, `${what}: HTTP ${res.status}${detail ? `: ${detail}` : ""}`, { status: res.status });
}

function queryTraceId(raw: string): string {
  const id = normalizeTraceId(raw);
  if (!id) throw new BackendError(B, "query", `not a trace id: ${JSON.stringify(raw.slice(0, 40))}`);
  return id;
}

/** Runs fn over items with at most n in flight; keeps order. */
async function mapLimit<T, U>(items: readonly T[], n: number, fn: (x: T) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

const secs = (r: TimeRange) => ({
  start: Math.floor(millisToSeconds(r.from)),
  end: Math.ceil(millisToSeconds(r.to)),
});

export function createTempoBackend(t: Transport): TempoBackend {
  let mode: "traceql" | "tags" | undefined;
  const get = (req: HttpRequest) => request(t, req);

  async function getJson(what: string, req: HttpRequest): Promise<unknown> {
    const res = await get(req);
    if (!ok(res)) throw httpError(what, res);
    return parseJsonText(B, res.text, what);
  }

  async function getTrace(traceId: string, opts?: CallOpts & { range?: TimeRange }): Promise<Trace | undefined> {
    const id = queryTraceId(traceId);
    const traces = await fetchTrace<Trace[]>(
      id,
      (what) => otlpDecode({ backend: B, what, shape: "tempo" }, "trace"),
      opts,
    );
    return traces && (traces.find((t) => sameTraceId(t.traceId, id)) ?? traces[0]);
  }

  /** The trace as columns (lib/model/span-table.ts), no object per span. */
  async function getTraceTable(
    traceId: string,
    opts?: CallOpts & { range?: TimeRange; progress?: TraceProgress },
  ): Promise<SpanTable | undefined> {
    const id = queryTraceId(traceId);
    return fetchTrace<SpanTable | undefined>(
      id,
      (what) => otlpColumnsDecode({ backend: B, what, shape: "tempo" }, id, opts?.progress),
      opts,
    );
  }

  async function fetchTrace<T>(
    id: string,
    decode: (what: string) => DecodeSpec<T>,
    opts?: CallOpts & { range?: TimeRange },
  ): Promise<T | undefined> {
    const what = "GET /api/traces/{id}";
    const range = opts?.range;
    const req = {
      path: `/api/traces/${id}`,
      // Tempo ≥ 2.1 narrows the block search with start/end; 2.0 ignores them.
      query: range ? secs(range) : undefined,
      signal: opts?.signal,
      decode: decode(what),
    };
    let res = await get(req);
    // Tempo's query frontend shards a lookup over its queriers; one that drops its connection
    // under load fails the whole answer ("2 errors occurred: … EOF"). One retry.
    if (res.status >= 500 && res.status !== 501) res = await get(req);
    if (res.status === 404) return undefined; // "trace not found"
    if (!ok(res)) throw httpError(what, res);
    return res.value as T;
  }

  async function searchSummaries(p: TraceSearchParams, opts?: CallOpts): Promise<TraceSummary[]> {
    const what = "GET /api/search";
    const common = {
      ...secs(p.range),
      limit: p.limit,
      minDuration: p.minDurationMs === undefined ? undefined : `${p.minDurationMs}ms`,
      maxDuration: p.maxDurationMs === undefined ? undefined : `${p.maxDurationMs}ms`,
    };
    if (mode !== "tags") {
      const res = await get({ path: "/api/search", query: { q: traceqlFor(p), ...common }, signal: opts?.signal });
      // A server without TraceQL (Tempo < 2.0) rejects `q`; one that has it says "invalid TraceQL query".
      const noTraceql = (res.status === 400 && !/TraceQL/i.test(res.text)) || res.status === 404 || res.status === 501;
      if (!noTraceql) {
        if (!ok(res)) throw httpError(what, res);
        mode = "traceql";
        const data = parseWith(B, what, searchResponseSchema, parseJsonText(B, res.text, what));
        return data.traces.map(searchTraceToSummary);
      }
      mode = "tags";
    }
    const data = parseWith(
      B,
      what,
      searchResponseSchema,
      await getJson(what, { path: "/api/search", query: { tags: tagsFor(p), ...common }, signal: opts?.signal }),
    );
    return data.traces.map(searchTraceToSummary);
  }

  async function search(p: TraceSearchParams, opts?: CallOpts) {
    const hits = (await searchSummaries(p, opts)).slice(0, Math.max(0, Math.min(p.limit, MAX_FULL_TRACES)));
    // Search answers summaries only; correlation needs the spans' resources, so read each trace.
    const traces = await mapLimit(hits, FETCH_CONCURRENCY, (h) =>
      getTrace(h.traceId, { signal: opts?.signal, range: p.range }),
    );
    const found = traces.filter((x): x is Trace => x !== undefined);
    const pairs = found.map((x) => ({ t: x, s: summarize(x) })).sort((a, b) => b.s.start - a.s.start);
    return { summaries: pairs.map((x) => x.s), traces: pairs.map((x) => x.t) };
  }

  async function tagNames(opts?: CallOpts): Promise<string[]> {
    const what = "GET /api/search/tags";
    return parseWith(B, what, tagNamesSchema, await getJson(what, { path: "/api/search/tags", signal: opts?.signal }))
      .tagNames;
  }

  async function tagValues(tag: string, opts?: CallOpts): Promise<string[]> {
    const what = "GET /api/search/tag/{tag}/values";
    const path = `/api/search/tag/${encodeURIComponent(tag)}/values`;
    return parseWith(B, what, tagValuesSchema, await getJson(what, { path, signal: opts?.signal })).tagValues;
  }

  async function version(opts?: CallOpts): Promise<TempoVersion> {
    const res = await get({ path: "/api/status/buildinfo", signal: opts?.signal });
    if (ok(res)) {
      const b = parseWith(B, "GET /api/status/buildinfo", buildInfoSchema, parseJsonText(B, res.text, "buildinfo"));
      return b.version
        ? { version: b.version }
        : { reason: "/api/status/buildinfo reports an empty version (a source build)" };
    }
    if (res.status !== 404) throw httpError("GET /api/status/buildinfo", res);
    // Tempo 2.0 has only the text page.
    const txt = await get({ path: "/status/version", signal: opts?.signal, headers: { Accept: "text/plain" } });
    if (!ok(txt)) throw httpError("GET /status/version", txt);
    const v = parseVersionText(txt.text);
    if (!v)
      return { reason: `/status/version is not Tempo's version text: ${JSON.stringify(bodyExcerpt(txt.text, 60))}` };
    if (v.version === "unknown")
      return {
        reason:
          "/status/version reports an empty version (a build without release ldflags; Tempo 2.0 has no /api/status/buildinfo)",
      };
    return { version: v.version };
  }

  return {
    kind: "tempo",
    async apiVersion() {
      return "tempo" as const;
    },
    getTrace,
    getTraceTable,
    search,
    searchSummaries,
    async services(opts?: CallOpts) {
      return (await tagValues("service.name", opts)).sort();
    },
    async operations(_service: string, opts?: CallOpts) {
      // Tempo 2.0's tag values are not scoped to a service: every span name.
      return (await tagValues("name", opts)).sort().map((name) => ({ name }));
    },
    tagNames,
    tagValues,
    version,
    searchMode: () => mode,
  };
}
