// MSW handlers that answer like the real Grafana Tempo 2.0.1 (scripts/testenv; recorded answers
// in lib/backends/tempo/recorded.test-helper.ts), computing results from a JaegerSource:
//   GET /api/traces/{id}          {"batches":[ResourceSpans]} with base64 ids, enum-name kinds/status
//   GET /api/search               q= (TraceQL: `{ a = "v" && … }` on resource./span./unscoped
//                                 attributes and name), or tags= (logfmt); start/end seconds, limit
//   GET /api/search/tags          {"tagNames":[…]}      GET /api/search/tag/{tag}/values {"tagValues":[…]}
//   GET /status/version           the text page (2.0 has no /api/status/buildinfo: 404)
// Errors are plain text like Tempo's: "trace not found", "invalid TraceQL query: …".
import { HttpResponse, http, type RequestHandler } from "msw";
import type { JaegerSource, TraceAttrValue, TraceSpanSource } from "../sources";
import { toResourceSpans } from "./jaeger-wire";

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };
const KIND: Record<string, string> = {
  "1": "SPAN_KIND_INTERNAL",
  "2": "SPAN_KIND_SERVER",
  "3": "SPAN_KIND_CLIENT",
  "4": "SPAN_KIND_PRODUCER",
  "5": "SPAN_KIND_CONSUMER",
};
const STATUS: Record<string, string> = { "1": "STATUS_CODE_OK", "2": "STATUS_CODE_ERROR" };
const SEARCH_WINDOW_S = 3600;
const MAX_SCAN = 2000;

type Json = ReturnType<typeof toResourceSpans>[number];
type Obj = { [k: string]: unknown };

const b64 = (hex: string) => (hex ? Buffer.from(hex, "hex").toString("base64") : hex);

/** The Jaeger v3 OTLP rendering, re-encoded the way Tempo's gogo jsonpb writes it. */
function tempoBatches(spans: TraceSpanSource[]): Json[] {
  const rs = toResourceSpans(spans) as Obj[];
  for (const r of rs) {
    for (const ss of (r.scopeSpans as Obj[]) ?? []) {
      for (const s of (ss.spans as Obj[]) ?? []) {
        s.traceId = b64(String(s.traceId));
        s.spanId = b64(String(s.spanId));
        if (s.parentSpanId) s.parentSpanId = b64(String(s.parentSpanId));
        else delete s.parentSpanId;
        s.kind = KIND[String(s.kind)] ?? "SPAN_KIND_UNSPECIFIED";
        const st = (s.status as Obj | undefined) ?? {};
        if (st.code !== undefined) st.code = STATUS[String(st.code)] ?? "STATUS_CODE_UNSET";
        if (Array.isArray(s.attributes) && s.attributes.length === 0) delete s.attributes;
        if (Array.isArray(s.links))
          for (const l of s.links as Obj[])
            Object.assign(l, { traceId: b64(String(l.traceId)), spanId: b64(String(l.spanId)) });
      }
    }
  }
  return rs as Json[];
}

interface Cond {
  scope: "resource" | "span" | "any" | "name";
  key: string;
  value: string;
}

class TraceqlError extends Error {}

/** The TraceQL the client sends: `{ }` or `{ c && c … }` with c = `<attr> = "<string>"`. */
export function parseTraceql(q: string): Cond[] {
  const m = /^\s*\{(.*)\}\s*$/s.exec(q);
  if (!m) throw new TraceqlError(`parse error at line 1, col 1: syntax error: unexpected IDENTIFIER`);
  const body = (m[1] ?? "").trim();
  if (body === "") return [];
  const conds: Cond[] = [];
  const re = /\s*(resource\.|span\.|\.)?([A-Za-z_][A-Za-z0-9_.\-/]*)\s*=\s*("(?:[^"\\]|\\.)*")\s*(&&|$)/y;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const c = re.exec(body);
    if (!c)
      throw new TraceqlError(
        `parse error at line 1, col ${at + 3}: syntax error: unexpected ${JSON.stringify(body.slice(at, at + 10))}`,
      );
    const [, prefix, name = "", lit = '""'] = c;
    const value = JSON.parse(lit) as string;
    if (!prefix && name === "name") conds.push({ scope: "name", key: "name", value });
    else
      conds.push({
        scope: prefix === "resource." ? "resource" : prefix === "span." ? "span" : "any",
        key: name,
        value,
      });
    at = re.lastIndex;
  }
  return conds;
}

/** `tags=service.name=cart container.id="a b"` (logfmt). */
export function parseTags(tags: string): Cond[] {
  const out: Cond[] = [];
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const m of tags.matchAll(re)) {
    const raw = m[2] ?? "";
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    const key = m[1] ?? "";
    out.push(key === "name" ? { scope: "name", key, value } : { scope: "any", key, value });
  }
  return out;
}

const str = (v: TraceAttrValue | undefined) => (v === undefined ? undefined : String(v));

function spanHas(s: TraceSpanSource, c: Cond): boolean {
  if (c.scope === "name") return s.name === c.value;
  const res = str(c.key === "service.name" ? s.resource.serviceName : s.resource.attributes[c.key]);
  const span = str(s.attributes[c.key]);
  if (c.scope === "resource") return res === c.value;
  if (c.scope === "span") return span === c.value;
  return res === c.value || span === c.value;
}

function rootOf(spans: TraceSpanSource[]): TraceSpanSource | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  return [...spans].sort((a, b) => a.startUs - b.startUs).find((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
}

function allTraces(src: JaegerSource, startUs: number, endUs: number, conds: Cond[] = []): TraceSpanSource[][] {
  const seen = new Map<string, TraceSpanSource[]>();
  // A service.name condition narrows the scan to that service (the source is indexed by service).
  const svc = conds.find((c) => c.key === "service.name" && c.scope !== "span")?.value;
  for (const service of svc === undefined ? src.services() : [svc]) {
    for (const t of src.findTraces({ service, startMinUs: startUs, startMaxUs: endUs, limit: MAX_SCAN })) {
      const id = t[0]?.traceId;
      if (id && !seen.has(id)) seen.set(id, t);
    }
  }
  return [...seen.values()];
}

export interface TempoMockOptions {
  now?: () => number;
}

export function tempoHandlers(baseUrl: string, src: JaegerSource, opts: TempoMockOptions = {}): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, "");
  const now = opts.now ?? Date.now;

  const window = (u: URL) => {
    const end = Number(u.searchParams.get("end") || Math.ceil(now() / 1000));
    const start = Number(u.searchParams.get("start") || end - SEARCH_WINDOW_S);
    return { startUs: start * 1e6, endUs: end * 1e6 };
  };

  return [
    http.get(`${base}/api/traces/:id`, ({ params }) => {
      const raw = String(params.id ?? "");
      const bad = /[^0-9a-fA-F]/.exec(raw);
      if (bad) {
        return new HttpResponse(
          `trace IDs can only contain hex characters: invalid character '${bad[0]}' at position ${bad.index + 1}`,
          { status: 400, headers: TEXT },
        );
      }
      const spans = src.trace(raw.toLowerCase().padStart(32, "0"));
      if (!spans?.length) return new HttpResponse("trace not found", { status: 404, headers: TEXT });
      return HttpResponse.json({ batches: tempoBatches(spans) });
    }),

    http.get(`${base}/api/search`, ({ request }) => {
      const u = new URL(request.url);
      let conds: Cond[];
      try {
        const q = u.searchParams.get("q");
        conds = q !== null ? parseTraceql(q) : parseTags(u.searchParams.get("tags") ?? "");
      } catch (e) {
        if (e instanceof TraceqlError) {
          return new HttpResponse(`invalid TraceQL query: ${e.message}`, { status: 400, headers: TEXT });
        }
        throw e;
      }
      const limit = Number(u.searchParams.get("limit") || 20);
      const { startUs, endUs } = window(u);
      const minMs = Number.parseFloat(u.searchParams.get("minDuration") ?? "") || 0;
      const maxMs = Number.parseFloat(u.searchParams.get("maxDuration") ?? "") || Number.POSITIVE_INFINITY;
      const hits = allTraces(src, startUs, endUs, conds)
        .map((spans) => ({ spans, matched: spans.filter((s) => conds.every((c) => spanHas(s, c))) }))
        .filter((h) => h.matched.length > 0)
        .map((h) => {
          const start = Math.min(...h.spans.map((s) => s.startUs));
          const end = Math.max(...h.spans.map((s) => s.startUs + s.durationUs));
          return { ...h, start, durationMs: Math.round((end - start) / 1000) };
        })
        .filter((h) => h.durationMs >= minMs && h.durationMs <= maxMs)
        .sort((a, b) => b.start - a.start)
        .slice(0, limit);
      if (hits.length === 0) return HttpResponse.json({ metrics: { inspectedBlocks: 1 } });
      return HttpResponse.json({
        traces: hits.map((h) => {
          const root = rootOf(h.spans);
          const out: Obj = {
            // Tempo drops the leading zeros of search hits' IDs.
            traceID: (h.spans[0]?.traceId ?? "").replace(/^0+/, ""),
            rootServiceName: root?.resource.serviceName ?? "<root span not yet received>",
            rootTraceName: root?.name ?? "",
            startTimeUnixNano: `${Math.round(h.start)}000`,
            durationMs: h.durationMs,
          };
          if (u.searchParams.has("q")) {
            out.spanSet = {
              spans: h.matched.slice(0, 3).map((s) => ({
                spanID: s.spanId,
                startTimeUnixNano: `${Math.round(s.startUs)}000`,
                durationNanos: `${Math.round(s.durationUs)}000`,
                attributes: [{ key: "service.name", value: { stringValue: s.resource.serviceName } }],
              })),
              matched: h.matched.length,
            };
          }
          return out;
        }),
        metrics: { inspectedTraces: hits.length },
      });
    }),

    http.get(`${base}/api/search/tags`, () => {
      const names = new Set(["name", "root.name", "root.service.name", "service.name"]);
      const nowUs = now() * 1000;
      for (const t of allTraces(src, nowUs - SEARCH_WINDOW_S * 1e6, nowUs))
        for (const s of t)
          for (const k of [...Object.keys(s.attributes), ...Object.keys(s.resource.attributes)]) names.add(k);
      return HttpResponse.json({ tagNames: [...names].sort() });
    }),

    http.get(`${base}/api/search/tag/:tag/values`, ({ params }) => {
      const tag = String(params.tag ?? "");
      const values = new Set<string>();
      const nowUs = now() * 1000;
      for (const t of allTraces(src, nowUs - SEARCH_WINDOW_S * 1e6, nowUs)) {
        for (const s of t) {
          const v =
            tag === "name"
              ? s.name
              : tag === "service.name"
                ? s.resource.serviceName
                : str(s.resource.attributes[tag] ?? s.attributes[tag]);
          if (v !== undefined) values.add(v);
        }
      }
      return HttpResponse.json({ tagValues: [...values].sort() });
    }),

    http.get(
      `${base}/status/version`,
      () =>
        new HttpResponse(
          "GET /status/version\ntempo, version  (branch: , revision: )\n  build user:       \n  build date:       \n  go version:       go1.19.8\n  platform:         linux/amd64\n",
          { headers: { "Content-Type": "text/plain" } },
        ),
    ),
    http.get(`${base}/ready`, () => new HttpResponse("ready\n", { headers: { "Content-Type": "text/plain" } })),
    http.get(`${base}/api/echo`, () => new HttpResponse("echo", { headers: TEXT })),
  ];
}
