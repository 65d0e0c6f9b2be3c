// Jaeger wire → lib/model Trace. OTLP (v3) and v1 JSON converge on one shape: the v1 tags that
// Jaeger derives from OTLP fields (span.kind, otel.status_code, error, …) become model fields,
// and OTLP scope becomes otel.scope.* attributes, exactly as Jaeger's own OTLP→v1 translator does.
import { asNanosString, micros, type Micros, nanosToMicros, type NanosString } from "../../model/time";
import { sameTraceId } from "../../model/trace-id";
import type { Attributes, Span, SpanKind, SpanLink, SpanStatus, Trace } from "../../model/trace";
import { keyValuesToAttrs, v1TagsToAttrs, v1TagValue } from "./attributes";
import type { OtlpSpan, ResourceSpans, V1Process, V1Span, V1Trace } from "./schemas";

const KINDS: readonly SpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];

/** Int enum (2) or enum name ("SPAN_KIND_SERVER"), as proto3 JSON allows both. */
export function spanKindOf(v: number | string | undefined): SpanKind {
  if (typeof v === "number") return KINDS[v] ?? "unspecified";
  const name = (v ?? "").toLowerCase().replace(/^span_kind_/, "");
  return KINDS.find((k) => k === name) ?? "unspecified";
}

export function otlpStatus(code: number | string | undefined): SpanStatus {
  if (code === 2 || code === "STATUS_CODE_ERROR") return "error";
  if (code === 1 || code === "STATUS_CODE_OK") return "ok";
  return "unset";
}

export function nanosDiffToMicros(start: NanosString, end: NanosString): Micros {
  // Seconds and nanoseconds apart: exact in doubles while the difference is under 2^53 ns
  // (104 days), with no BigInt per span.
  if (start.length <= 25 && end.length <= 25 && start.length > 9 && end.length > 9) {
    const d =
      (Number(end.slice(0, -9)) - Number(start.slice(0, -9))) * 1e9 + (Number(end.slice(-9)) - Number(start.slice(-9)));
    if (Number.isSafeInteger(d)) {
      if (d <= 0) return micros(0);
      const us = Math.floor(d / 1000);
      return micros(us + (d - us * 1000) / 1e3);
    }
  }
  const d = BigInt(end) - BigInt(start);
  return d > 0n ? nanosToMicros(asNanosString(`${d}`)) : micros(0);
}

function otlpSpan(s: OtlpSpan, service: string, resource: Attributes, scope: Attributes): Span {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    service,
    name: s.name ?? "",
    kind: spanKindOf(s.kind),
    start: nanosToMicros(s.startTimeUnixNano),
    duration: nanosDiffToMicros(s.startTimeUnixNano, s.endTimeUnixNano),
    status: otlpStatus(s.status?.code),
    statusMessage: s.status?.message || undefined,
    attributes: { ...scope, ...keyValuesToAttrs(s.attributes) },
    events: (s.events ?? []).map((e) => ({
      time: nanosToMicros(e.timeUnixNano),
      name: e.name ?? "",
      attributes: keyValuesToAttrs(e.attributes),
    })),
    links: (s.links ?? []).map((l): SpanLink => ({ traceId: l.traceId, spanId: l.spanId, kind: "link" })),
    resource,
  };
}

/** OTLP TracesData → traces, grouped by trace id in first-seen order (v3 search returns many). */
export function otlpToTraces(resourceSpans: readonly ResourceSpans[] | null | undefined): Trace[] {
  const byId = new Map<string, Trace>();
  for (const rs of resourceSpans ?? []) {
    const resource = keyValuesToAttrs(rs.resource?.attributes);
    const svc = resource["service.name"];
    const service = typeof svc === "string" ? svc : "";
    for (const ss of rs.scopeSpans ?? []) {
      const scope: Attributes = {};
      if (ss.scope?.name) scope["otel.scope.name"] = ss.scope.name;
      if (ss.scope?.version) scope["otel.scope.version"] = ss.scope.version;
      for (const s of ss.spans ?? []) {
        let t = byId.get(s.traceId);
        if (!t) {
          t = { traceId: s.traceId, spans: [], warnings: [] };
          byId.set(s.traceId, t);
        }
        t.spans.push(otlpSpan(s, service, resource, scope));
      }
    }
  }
  return [...byId.values()];
}

/** Tags that the OTLP→v1 translator derives from span fields; they map back to model fields. */
const DERIVED_TAGS: ReadonlySet<string> = new Set([
  "span.kind",
  "otel.status_code",
  "otel.status_description",
  "error",
]);

function v1Status(tags: Attributes): SpanStatus {
  const code = tags["otel.status_code"];
  if (tags.error === true || tags.error === "true" || code === "ERROR") return "error";
  return code === "OK" ? "ok" : "unset";
}

function v1Span(s: V1Span, traceId: string, proc: V1Process | undefined): Span {
  const all = v1TagsToAttrs(s.tags);
  const kindTag = all["span.kind"];
  const refs = s.references ?? [];
  // Parent = the first CHILD_OF in this trace (jaeger model ParentSpanID); every other ref is a link.
  const parent = refs.find((r) => r.refType === "CHILD_OF" && sameTraceId(r.traceID, traceId));
  const resource: Attributes = proc ? { "service.name": proc.serviceName, ...v1TagsToAttrs(proc.tags) } : {};
  const desc = all["otel.status_description"];
  return {
    traceId,
    spanId: s.spanID,
    parentSpanId: parent?.spanID,
    service: proc?.serviceName ?? "",
    name: s.operationName,
    kind: typeof kindTag === "string" ? spanKindOf(kindTag) : "unspecified",
    start: micros(s.startTime),
    duration: micros(s.duration),
    status: v1Status(all),
    statusMessage: typeof desc === "string" && desc ? desc : undefined,
    attributes: v1TagsToAttrs(s.tags, DERIVED_TAGS),
    events: (s.logs ?? []).map((l) => {
      const ev = (l.fields ?? []).find((f) => f.key === "event");
      const name = ev ? v1TagValue(ev) : "";
      return {
        time: micros(l.timestamp),
        name: typeof name === "string" ? name : String(name),
        attributes: v1TagsToAttrs(l.fields, new Set(["event"])),
      };
    }),
    links: refs
      .filter((r) => r !== parent)
      .map(
        (r): SpanLink => ({
          traceId: r.traceID,
          spanId: r.spanID,
          kind: r.refType === "FOLLOWS_FROM" ? "follows_from" : "child_of",
        }),
      ),
    resource,
  };
}

/** One element of v1 `data[]` → Trace. Span warnings are kept on the trace, prefixed with the span id. */
export function v1TraceToModel(t: V1Trace): Trace {
  const warnings = [...(t.warnings ?? [])];
  const spans = t.spans.map((s) => {
    const proc = (s.processID ? t.processes?.[s.processID] : undefined) ?? s.process;
    if (!proc) warnings.push(`span ${s.spanID}: process ${JSON.stringify(s.processID ?? "")} not found`);
    for (const w of s.warnings ?? []) warnings.push(`span ${s.spanID}: ${w}`);
    return v1Span(s, t.traceID, proc);
  });
  return { traceId: t.traceID, spans, warnings };
}
