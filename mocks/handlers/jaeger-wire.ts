// TraceSpanSource → the two wire shapes Jaeger serves: OTLP/JSON (api/v3; ns as strings,
// int enums, see fixtures/jaeger/api-v3) and the v1 UI model (fixtures/jaeger/v1-ui-model).
import type { TraceAttrValue, TraceAttributes, TraceResource, TraceSpanSource } from "../sources";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const KIND_NUM: Record<TraceSpanSource["kind"], number> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};
const STATUS_NUM = { unset: 0, ok: 1, error: 2 } as const;

function anyValue(v: TraceAttrValue): Json {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  // OTLP/JSON writes 64-bit integers as strings.
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function otlpAttrs(a: TraceAttributes): Json[] {
  return Object.entries(a).map(([key, v]) => ({ key, value: anyValue(v) }));
}

const ns = (us: number) => `${Math.round(us)}000`;

function otlpSpan(s: TraceSpanSource): Json {
  const status: { [k: string]: Json } = {};
  if (s.status !== "unset") status.code = STATUS_NUM[s.status];
  if (s.statusMessage) status.message = s.statusMessage;
  const out: { [k: string]: Json } = {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? "",
    name: s.name,
    kind: KIND_NUM[s.kind],
    startTimeUnixNano: ns(s.startUs),
    endTimeUnixNano: ns(s.startUs + s.durationUs),
    attributes: otlpAttrs(s.attributes),
    status,
  };
  if (s.events.length > 0)
    out.events = s.events.map((e) => ({
      timeUnixNano: ns(e.timeUs),
      name: e.name,
      attributes: otlpAttrs(e.attributes),
    }));
  if (s.links.length > 0) out.links = s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId }));
  return out;
}

/** All spans (of one or more traces) grouped by resource, then by instrumentation scope. */
export function toResourceSpans(spans: TraceSpanSource[]): Json[] {
  const byResource = new Map<TraceResource, Map<string, TraceSpanSource[]>>();
  for (const s of spans) {
    let scopes = byResource.get(s.resource);
    if (!scopes) {
      scopes = new Map();
      byResource.set(s.resource, scopes);
    }
    const key = `${s.scope.name}\u0000${s.scope.version ?? ""}`;
    const list = scopes.get(key);
    if (list) list.push(s);
    else scopes.set(key, [s]);
  }
  return [...byResource.entries()].map(([res, scopes]) => ({
    resource: { attributes: otlpAttrs(res.attributes) },
    scopeSpans: [...scopes.values()].map((list): Json => {
      const sc = list[0]?.scope ?? { name: "" };
      const scope: Json = sc.version ? { name: sc.name, version: sc.version } : { name: sc.name };
      return { scope, spans: list.map(otlpSpan) };
    }),
  }));
}

// ---------------------------------------------------------------------------------------
// v1 UI model

/** Jaeger v1 prints a trace ID as 16 hex chars when its high 64 bits are zero ([J-idl]). */
export function v1TraceId(id: string): string {
  return id.length === 32 && id.startsWith("0000000000000000") ? id.slice(16) : id;
}

function v1Tag(key: string, v: TraceAttrValue): Json {
  if (typeof v === "string") return { key, type: "string", value: v };
  if (typeof v === "boolean") return { key, type: "bool", value: v };
  return Number.isInteger(v) ? { key, type: "int64", value: v } : { key, type: "float64", value: v };
}

function v1Tags(a: TraceAttributes): Json[] {
  return Object.entries(a).map(([k, v]) => v1Tag(k, v));
}

/** One trace in the v1 model: processes keyed p1…pN, one per resource. */
export function toV1Trace(spans: TraceSpanSource[]): Json {
  const pids = new Map<TraceResource, string>();
  const processes: { [k: string]: Json } = {};
  for (const s of spans) {
    if (pids.has(s.resource)) continue;
    const pid = `p${pids.size + 1}`;
    pids.set(s.resource, pid);
    const { "service.name": _svc, ...rest } = s.resource.attributes;
    processes[pid] = { serviceName: s.resource.serviceName, tags: v1Tags(rest) };
  }
  const traceID = v1TraceId(spans[0]?.traceId ?? "");
  return {
    traceID,
    spans: spans.map((s) => {
      const refs: Json[] = [];
      if (s.parentSpanId) refs.push({ refType: "CHILD_OF", traceID: v1TraceId(s.traceId), spanID: s.parentSpanId });
      for (const l of s.links) refs.push({ refType: "FOLLOWS_FROM", traceID: v1TraceId(l.traceId), spanID: l.spanId });
      const tags = v1Tags(s.attributes);
      tags.push(v1Tag("otel.scope.name", s.scope.name));
      if (s.scope.version) tags.push(v1Tag("otel.scope.version", s.scope.version));
      tags.push(v1Tag("span.kind", s.kind));
      if (s.status === "error") {
        tags.push(v1Tag("error", true), v1Tag("otel.status_code", "ERROR"));
        if (s.statusMessage) tags.push(v1Tag("otel.status_description", s.statusMessage));
      } else if (s.status === "ok") tags.push(v1Tag("otel.status_code", "OK"));
      return {
        traceID: v1TraceId(s.traceId),
        spanID: s.spanId,
        flags: 1,
        operationName: s.name,
        references: refs,
        startTime: s.startUs,
        duration: s.durationUs,
        tags,
        logs: s.events.map((e) => ({ timestamp: e.timeUs, fields: [v1Tag("event", e.name), ...v1Tags(e.attributes)] })),
        processID: pids.get(s.resource) ?? "p1",
        warnings: null,
      };
    }),
    processes,
    warnings: null,
  };
}

export type { Json };
