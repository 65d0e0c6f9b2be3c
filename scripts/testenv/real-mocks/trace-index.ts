// A JaegerSource built from the trace IDs the real containers log: one server span per
// service that logged the ID (its newest such line), tied to the container that wrote it by
// the resource attributes an OTel SDK inside it would send (service.name, container.id,
// container.name, host.name), chained frontend → cart → payments like the shop's call path.
import type {
  JaegerSource,
  SpanKindName,
  TraceAttributes,
  TraceResource,
  TraceSpanSource,
} from "../../../mocks/sources";
import { normalizeTraceIdHex, spanMatches } from "../../../mocks/world/jaeger-source";
import { parseTraceRef, type TraceRef } from "./line-parse";
import type { LineOrigin } from "./log-store";

/** Callers before callees; a service not listed comes after these, by time. */
const CALL_ORDER = ["web", "frontend", "cart", "payments"];
const SCOPE = { name: "sightline-testenv/real-mocks", version: "1" };
/** Keeps memory bounded on a long run (the frontend alone writes a new trace ID each second). */
const MAX_TRACES = 50_000;

interface Occurrence {
  origin: LineOrigin;
  ns: bigint;
  ref: TraceRef;
}

export class TraceIndex implements JaegerSource {
  /** trace ID → service → the newest line of that service carrying the ID. Insertion order = first seen. */
  private readonly traces = new Map<string, Map<string, Occurrence>>();
  private readonly resources = new Map<string, TraceResource>();
  private readonly ops = new Map<string, Set<string>>();

  /** Feed every log line here (PodmanLogStore.onLine). */
  readonly add = (origin: LineOrigin, ns: bigint, line: string): void => {
    const ref = parseTraceRef(line);
    if (!ref) return;
    let t = this.traces.get(ref.traceId);
    if (!t) {
      t = new Map();
      this.traces.set(ref.traceId, t);
      if (this.traces.size > MAX_TRACES) {
        const oldest = this.traces.keys().next().value;
        if (oldest !== undefined) this.traces.delete(oldest);
      }
    }
    t.set(origin.service, { origin, ns, ref });
    let ops = this.ops.get(origin.service);
    if (!ops) this.ops.set(origin.service, (ops = new Set()));
    ops.add(spanName(ref));
  };

  services(): string[] {
    return [...this.ops.keys()].sort();
  }

  operations(service: string): { name: string; spanKind: SpanKindName }[] {
    return [...(this.ops.get(service) ?? [])].sort().map((name) => ({ name, spanKind: "server" as const }));
  }

  trace(traceId: string): TraceSpanSource[] | undefined {
    const id = normalizeTraceIdHex(traceId);
    const t = id ? this.traces.get(id) : undefined;
    return t && id ? this.build(id, t) : undefined;
  }

  findTraces(q: Parameters<JaegerSource["findTraces"]>[0]): TraceSpanSource[][] {
    if (q.limit <= 0) return [];
    const hits: { start: number; spans: TraceSpanSource[] }[] = [];
    for (const [id, t] of this.traces) {
      if (!t.has(q.service)) continue;
      const spans = this.build(id, t);
      if (spans.some((s) => spanMatches(s, q))) hits.push({ start: Math.min(...spans.map((s) => s.startUs)), spans });
    }
    hits.sort((a, b) => b.start - a.start);
    return hits.slice(0, q.limit).map((h) => h.spans);
  }

  private resource(o: LineOrigin): TraceResource {
    let r = this.resources.get(o.id);
    if (!r) {
      const attributes: TraceAttributes = {
        "service.name": o.service,
        "container.id": o.id,
        "container.name": o.name,
      };
      if (o.hostname) attributes["host.name"] = o.hostname;
      r = { serviceName: o.service, attributes };
      this.resources.set(o.id, r);
    }
    return r;
  }

  private build(traceId: string, t: Map<string, Occurrence>): TraceSpanSource[] {
    const rank = (s: string) => {
      const i = CALL_ORDER.indexOf(s);
      return i < 0 ? CALL_ORDER.length : i;
    };
    const occ = [...t.values()].sort(
      (a, b) => rank(a.origin.service) - rank(b.origin.service) || (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0),
    );
    // A server logs "request completed" at its end: the line's time ends the span.
    const spans = occ.map((o, i) => {
      const endUs = Number(o.ns / 1000n);
      const durUs = Math.max(1, Math.round((o.ref.durationMs ?? 1) * 1000));
      const attributes: TraceAttributes = {};
      if (o.ref.method) attributes["http.request.method"] = o.ref.method;
      if (o.ref.route) attributes["http.route"] = o.ref.route;
      if (o.ref.status !== undefined) attributes["http.response.status_code"] = o.ref.status;
      const span: TraceSpanSource = {
        traceId,
        spanId: o.ref.spanId ?? fallbackSpanId(traceId, i),
        name: spanName(o.ref),
        kind: "server",
        startUs: endUs - durUs,
        durationUs: durUs,
        status: o.ref.error ? "error" : "unset",
        statusMessage: o.ref.error ? (o.ref.status ? `HTTP ${o.ref.status}` : "ERROR logged") : undefined,
        attributes,
        events: [],
        links: [],
        resource: this.resource(o.origin),
        scope: SCOPE,
      };
      return span;
    });
    // Each span calls the next; a caller waits for its callee, so it encloses the callee's time.
    for (let i = spans.length - 2; i >= 0; i--) {
      const parent = spans[i];
      const child = spans[i + 1];
      if (!parent || !child) continue;
      child.parentSpanId = parent.spanId;
      const end = Math.max(parent.startUs + parent.durationUs, child.startUs + child.durationUs + 100);
      parent.startUs = Math.min(parent.startUs, child.startUs - 100);
      parent.durationUs = end - parent.startUs;
    }
    return spans;
  }
}

function spanName(r: TraceRef): string {
  return r.method && r.route ? `${r.method} ${r.route}` : (r.route ?? "request");
}

/** A line with a trace but no span ID still needs a stable, distinct span ID. */
function fallbackSpanId(traceId: string, i: number): string {
  return `${traceId.slice(0, 14)}${i.toString(16).padStart(2, "0")}`;
}
