// Jaeger query api/v3 over HTTP (APIS.md §4): OTLP/JSON wrapped in {"result": …}, errors as
// {"error":{"httpCode","message"}}, both snake_case and camelCase query parameters.
import { HttpResponse, http } from "msw";
import type { JaegerSource, SpanKindName, TraceQuerySource, TraceSpanSource } from "../sources";
import { goDurationToUs, param, rfc3339ToUs, stringMap, validTraceIdHex } from "./jaeger-params";
import { toResourceSpans } from "./jaeger-wire";

const KINDS: SpanKindName[] = ["internal", "server", "client", "producer", "consumer"];

export function v3Error(status: number, message: string): Response {
  return HttpResponse.json({ error: { httpCode: status, message } }, { status });
}

function notFound(): Response {
  return v3Error(404, "No traces found");
}

type Parsed = { ok: true; q: TraceQuerySource } | { ok: false; res: Response };

export function parseV3Query(q: URLSearchParams): Parsed {
  const service = param(q, "query.service_name", "query.serviceName");
  const minRaw = param(q, "query.start_time_min", "query.startTimeMin");
  const maxRaw = param(q, "query.start_time_max", "query.startTimeMax");
  if (!minRaw || !maxRaw) return { ok: false, res: v3Error(400, "start time min and max are required parameters") };
  const startMinUs = rfc3339ToUs(minRaw);
  const startMaxUs = rfc3339ToUs(maxRaw);
  if (startMinUs === undefined || startMaxUs === undefined)
    return { ok: false, res: v3Error(400, `malformed parameter query.start_time_min/max: ${JSON.stringify(minRaw)}`) };
  if (!service) return { ok: false, res: v3Error(400, "service name is required") };
  const attributes = stringMap(param(q, "query.attributes"));
  if (attributes === "invalid") return { ok: false, res: v3Error(400, "malformed parameter query.attributes") };
  const dMin = param(q, "query.duration_min", "query.durationMin");
  const dMax = param(q, "query.duration_max", "query.durationMax");
  const durationMinUs = dMin ? goDurationToUs(dMin) : undefined;
  const durationMaxUs = dMax ? goDurationToUs(dMax) : undefined;
  if ((dMin && durationMinUs === undefined) || (dMax && durationMaxUs === undefined))
    return { ok: false, res: v3Error(400, "malformed parameter query.duration_min/max") };
  const depth = Number(
    param(q, "query.search_depth", "query.searchDepth", "query.num_traces", "query.numTraces") ?? "20",
  );
  const kind = param(q, "query.span_kind", "query.spanKind");
  return {
    ok: true,
    q: {
      service,
      operation: param(q, "query.operation_name", "query.operationName") ?? undefined,
      spanKind: KINDS.find((k) => k === kind),
      startMinUs,
      startMaxUs,
      durationMinUs,
      durationMaxUs,
      attributes,
      limit: Number.isFinite(depth) && depth > 0 ? Math.min(depth, 1500) : 20,
    },
  };
}

function summary(spans: TraceSpanSource[]) {
  const root = spans.find((s) => !s.parentSpanId) ?? spans[0];
  const services = new Map<string, { name: string; spanCount: number; errorSpanCount: number }>();
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const s of spans) {
    min = Math.min(min, s.startUs);
    max = Math.max(max, s.startUs + s.durationUs);
    const e = services.get(s.resource.serviceName) ?? { name: s.resource.serviceName, spanCount: 0, errorSpanCount: 0 };
    e.spanCount++;
    if (s.status === "error") e.errorSpanCount++;
    services.set(e.name, e);
  }
  return {
    errorSpanCount: spans.filter((s) => s.status === "error").length,
    maxEndTimeUnixNano: `${max}000`,
    minStartTimeUnixNano: `${min}000`,
    rootOperationName: root?.name ?? "",
    rootServiceName: root?.resource.serviceName ?? "",
    services: [...services.values()],
    spanCount: spans.length,
    traceId: spans[0]?.traceId ?? "",
  };
}

export function jaegerV3Handlers(baseUrl: string, src: JaegerSource) {
  const b = baseUrl.replace(/\/+$/, "");
  return [
    http.get(`${b}/api/v3/services`, () => HttpResponse.json({ services: src.services() })),
    http.get(`${b}/api/v3/operations`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      const service = param(q, "service");
      if (!service) return v3Error(400, "service is required");
      const kind = param(q, "spanKind", "span_kind");
      const ops = src.operations(service).filter((o) => !kind || o.spanKind === kind);
      return HttpResponse.json({ operations: ops.map((o) => ({ name: o.name, spanKind: o.spanKind })) });
    }),
    http.get(`${b}/api/v3/traces/:traceId`, ({ params }) => {
      const raw = String(params.traceId ?? "");
      const id = validTraceIdHex(raw);
      if (!id) return v3Error(400, `malformed parameter trace_id: ${raw}`);
      const spans = src.trace(id);
      return spans ? HttpResponse.json({ result: { resourceSpans: toResourceSpans(spans) } }) : notFound();
    }),
    http.get(`${b}/api/v3/traces`, ({ request }) => {
      const parsed = parseV3Query(new URL(request.url).searchParams);
      if (!parsed.ok) return parsed.res;
      const traces = src.findTraces(parsed.q);
      if (traces.length === 0) return notFound();
      return HttpResponse.json({ result: { resourceSpans: toResourceSpans(traces.flat()) } });
    }),
    http.get(`${b}/api/v3/trace-summaries`, ({ request }) => {
      const parsed = parseV3Query(new URL(request.url).searchParams);
      if (!parsed.ok) return parsed.res;
      return HttpResponse.json({ summaries: src.findTraces(parsed.q).map(summary) });
    }),
  ];
}
