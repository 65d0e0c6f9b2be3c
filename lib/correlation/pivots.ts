// Every door between signals (DESIGN.md §4): each returns a link or a reason, never nothing.
import type { LogLine } from "../model/logs";
import type { Exemplar } from "../model/series";
import { microsToMillis, type Millis, type TimeRange } from "../model/time";
import type { Span } from "../model/trace";
import { normalizeSpanId, normalizeTraceId } from "../model/trace-id";
import { SPAN_ID_KEYS, TRACE_ID_KEYS } from "../model/log-parse";
import type { ContainerLike } from "./keys";
import {
  DEFAULT_SPAN_LOG_MARGIN_MS,
  type Detection,
  type JaegerMapping,
  type LokiMapping,
  type PrometheusMapping,
  type Reason,
} from "./mapping";
import { containerTarget, link, type Pivot, traceTarget } from "./pivot-href";
import { jaegerSearch } from "./queries-jaeger";
import { lokiSelector } from "./queries-loki";
import { containerMetricQueries, type RateWindowOptions } from "./queries-prometheus";
import { containerOfSpan } from "./span-container";

/** Span → metrics: Grafana's trace→metrics default (−2 m/+2 m), so the graph shows before and after. */
export const DEFAULT_SPAN_METRICS_MARGIN_MS = 120_000;

const NOT_CONFIGURED = {
  prometheus: "PROMETHEUS_URL",
  loki: "LOKI_URL",
  jaeger: "JAEGER_URL",
} as const;

function notConfigured(backend: keyof typeof NOT_CONFIGURED): Reason {
  const name = backend === "prometheus" ? "Prometheus" : backend === "loki" ? "Loki" : "Jaeger";
  return { kind: "reason", message: `${name} is not configured.`, suggestion: `Set ${NOT_CONFIGURED[backend]}.` };
}

function badRange(range: TimeRange): Reason | undefined {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to) || range.to <= range.from) {
    return { kind: "reason", message: "The selected time range is empty or reversed." };
  }
  return undefined;
}

/** Container → metrics tab. `detection` undefined = Prometheus not configured. */
export function containerToMetrics(
  c: ContainerLike,
  detection: Detection<PrometheusMapping> | undefined,
  range?: TimeRange,
  rate: RateWindowOptions = { stepSeconds: 15 },
): Pivot {
  if (!detection) return notConfigured("prometheus");
  if (detection.kind === "reason") return detection;
  const q = containerMetricQueries(detection.mapping, c, rate);
  if (q.kind === "reason") return q;
  return link(containerTarget(c.name, { range, tab: "metrics" }), `Metrics of ${c.name}`, { range, query: q.cpuCores });
}

/** Container → logs tab. `detection` undefined = Loki not configured. */
export function containerToLogs(
  c: ContainerLike,
  detection: Detection<LokiMapping> | undefined,
  range?: TimeRange,
): Pivot {
  if (!detection) return notConfigured("loki");
  if (detection.kind === "reason") return detection;
  const sel = lokiSelector(detection.mapping, c);
  if (sel.kind === "reason") return sel;
  return link(containerTarget(c.name, { range, tab: "logs" }), `Logs of ${c.name}`, { range, query: sel.query });
}

/** Container → traces tab. `detection` undefined = Jaeger not configured. */
export function containerToTraces(
  c: ContainerLike,
  detection: Detection<JaegerMapping> | undefined,
  range?: TimeRange,
): Pivot {
  if (!detection) return notConfigured("jaeger");
  if (detection.kind === "reason") return detection;
  const s = jaegerSearch(detection.mapping, c);
  if (s.kind === "reason") return s;
  return link(containerTarget(c.name, { range, tab: "traces" }), `Traces of ${c.name}`, { range });
}

/** A time range picked on a metric graph → the container's logs in that range. */
export function rangeToLogs(c: ContainerLike, range: TimeRange, detection: Detection<LokiMapping> | undefined): Pivot {
  return badRange(range) ?? containerToLogs(c, detection, range);
}

/** A time range picked on a metric graph → the container's traces in that range. */
export function rangeToTraces(
  c: ContainerLike,
  range: TimeRange,
  detection: Detection<JaegerMapping> | undefined,
): Pivot {
  return badRange(range) ?? containerToTraces(c, detection, range);
}

function firstId(labels: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) if (labels[k]) return labels[k];
  return undefined;
}

/** Exemplar on a graph → the trace that produced it. */
export function exemplarToTrace(ex: Exemplar): Pivot {
  const traceId = normalizeTraceId(ex.traceId ?? firstId(ex.labels, TRACE_ID_KEYS) ?? "");
  if (!traceId) {
    const names = Object.keys(ex.labels);
    return {
      kind: "reason",
      message: `This exemplar carries no trace ID; its labels are ${names.length ? names.join(", ") : "(none)"}.`,
      suggestion:
        "Exemplars link to traces when the instrumentation records a trace_id exemplar label (OpenMetrics exposition).",
    };
  }
  const spanId = normalizeSpanId(ex.spanId ?? firstId(ex.labels, SPAN_ID_KEYS) ?? "");
  return link(traceTarget(traceId, spanId), `Trace ${traceId.slice(0, 8)}…`);
}

/** Log line → its trace (trace ID already parsed by lib/model/log-parse). */
export function logLineToTrace(line: Pick<LogLine, "traceId" | "spanId">): Pivot {
  const traceId = line.traceId ? normalizeTraceId(line.traceId) : undefined;
  if (!traceId) {
    return {
      kind: "reason",
      message:
        "No trace ID in this line: looked for trace_id/traceId fields (JSON, logfmt), a W3C traceparent, Spring's [trace-span], structured metadata and stream labels.",
      suggestion:
        'If this format carries one, add a regex with a (?<traceId>…) group to "traceIdPatterns" in the correlation file.',
    };
  }
  const spanId = line.spanId ? normalizeSpanId(line.spanId) : undefined;
  return link(traceTarget(traceId, spanId), `Trace ${traceId.slice(0, 8)}…`);
}

/** The span's time widened by `marginMs` on both sides. */
export function spanRange(span: Pick<Span, "start" | "duration">, marginMs: number): TimeRange {
  const start = microsToMillis(span.start);
  const end = microsToMillis((span.start + span.duration) as Span["start"]);
  return { from: (start - marginMs) as Millis, to: (end + marginMs) as Millis };
}

/**
 * Span → the logs of its container around it; the href carries traceId and spanId so the logs
 * panel can put the span's own lines first.
 */
export function spanToLogs<C extends ContainerLike>(
  span: Span,
  containers: readonly C[],
  detection: Detection<LokiMapping> | undefined,
  marginMs: number = DEFAULT_SPAN_LOG_MARGIN_MS,
): Pivot {
  const found = containerOfSpan(span, containers);
  if (found.kind === "reason") return { kind: "reason", message: found.message, suggestion: found.suggestion };
  if (!detection) return notConfigured("loki");
  if (detection.kind === "reason") return detection;
  const sel = lokiSelector(detection.mapping, found.container);
  if (sel.kind === "reason") return sel;
  const range = spanRange(span, marginMs);
  const target = containerTarget(found.container.name, {
    range,
    tab: "logs",
    traceId: span.traceId,
    spanId: span.spanId,
  });
  return link(target, `Logs of ${found.container.name} during this span`, { range, query: sel.query });
}

/** Span → its container's metrics at that time. */
export function spanToMetrics<C extends ContainerLike>(
  span: Span,
  containers: readonly C[],
  detection: Detection<PrometheusMapping> | undefined,
  marginMs: number = DEFAULT_SPAN_METRICS_MARGIN_MS,
): Pivot {
  const found = containerOfSpan(span, containers);
  if (found.kind === "reason") return { kind: "reason", message: found.message, suggestion: found.suggestion };
  const p = containerToMetrics(found.container, detection, spanRange(span, marginMs));
  return p.kind === "link" ? { ...p, label: `Metrics of ${found.container.name} around this span` } : p;
}
