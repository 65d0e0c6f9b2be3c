// Jaeger's internal v1 JSON API (APIS.md §4): every answer in the
// {"data","total","limit","offset","errors"} envelope; times in µs; 16-char trace IDs when
// the high 64 bits are zero.
import { HttpResponse, http } from "msw";
import type { JaegerSource, TraceSpanSource } from "../sources";
import { goDurationToUs, stringMap, validTraceIdHex } from "./jaeger-params";
import { type Json, toV1Trace } from "./jaeger-wire";

const DAY_US = 86_400_000_000;

function envelope(
  data: Json,
  total = 0,
  errors: { code: number; msg: string; traceID?: string }[] | null = null,
  status = 200,
) {
  return HttpResponse.json({ data, total, limit: 0, offset: 0, errors }, { status });
}

function v1Error(code: number, msg: string): Response {
  return envelope(null, 0, [{ code, msg }], code);
}

/** `tags` as a JSON map, or repeated `tag=key:value`. */
function tagsOf(q: URLSearchParams): Record<string, string> | undefined | "invalid" {
  const fromJson = stringMap(q.get("tags"));
  if (fromJson === "invalid") return fromJson;
  const out: Record<string, string> = { ...(fromJson ?? {}) };
  for (const t of q.getAll("tag")) {
    const i = t.indexOf(":");
    if (i <= 0) return "invalid";
    out[t.slice(0, i)] = t.slice(i + 1);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function search(src: JaegerSource, q: URLSearchParams, nowUs: number): Response {
  const ids = q.getAll("traceID");
  if (ids.length > 0) {
    const found = ids.map((raw) => validTraceIdHex(raw)).flatMap((id) => (id ? [src.trace(id)] : []));
    return envelope(found.filter((t): t is TraceSpanSource[] => !!t).map(toV1Trace));
  }
  const service = q.get("service");
  if (!service) return v1Error(400, "parameter 'service' is required");
  const end = q.get("end") ? Number(q.get("end")) : nowUs;
  const start = q.get("start") ? Number(q.get("start")) : end - 2 * DAY_US;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return v1Error(400, "unable to parse param 'start' or 'end'");
  const tags = tagsOf(q);
  if (tags === "invalid") return v1Error(400, "malformed 'tags' parameter");
  const minD = q.get("minDuration");
  const maxD = q.get("maxDuration");
  const durationMinUs = minD ? goDurationToUs(minD) : undefined;
  const durationMaxUs = maxD ? goDurationToUs(maxD) : undefined;
  if ((minD && durationMinUs === undefined) || (maxD && durationMaxUs === undefined))
    return v1Error(400, "unable to parse param 'minDuration' or 'maxDuration'");
  const limit = Number(q.get("limit") ?? "100");
  const traces = src.findTraces({
    service,
    operation: q.get("operation") ?? undefined,
    startMinUs: start,
    startMaxUs: end,
    durationMinUs,
    durationMaxUs,
    attributes: tags,
    limit: Number.isFinite(limit) && limit > 0 ? Math.min(limit, 1500) : 100,
  });
  return envelope(traces.map(toV1Trace));
}

export function jaegerV1Handlers(baseUrl: string, src: JaegerSource, now: () => number) {
  const b = baseUrl.replace(/\/+$/, "");
  return [
    http.get(`${b}/api/services`, () => {
      const s = src.services();
      return envelope(s, s.length);
    }),
    http.get(`${b}/api/services/:service/operations`, ({ params }) => {
      const ops = [...new Set(src.operations(String(params.service ?? "")).map((o) => o.name))];
      return envelope(ops, ops.length);
    }),
    http.get(`${b}/api/operations`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      const service = q.get("service");
      if (!service) return v1Error(400, "parameter 'service' is required");
      const kind = q.get("spanKind");
      const ops = src.operations(service).filter((o) => !kind || o.spanKind === kind);
      return envelope(
        ops.map((o) => ({ name: o.name, spanKind: o.spanKind })),
        ops.length,
      );
    }),
    http.get(`${b}/api/traces/:traceId`, ({ params }) => {
      const raw = String(params.traceId ?? "");
      const id = validTraceIdHex(raw);
      if (!id) return v1Error(400, `cannot parse traceID param: ${raw}`);
      const spans = src.trace(id);
      return spans ? envelope([toV1Trace(spans)]) : v1Error(404, "trace not found");
    }),
    http.get(`${b}/api/traces`, ({ request }) => search(src, new URL(request.url).searchParams, now() * 1000)),
  ];
}
