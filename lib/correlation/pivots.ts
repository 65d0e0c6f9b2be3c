// Every door between signals (DESIGN.md §4), decided here and only here. Each rule returns
// where the pivot leads (a PivotTarget or an ItemPivot: data, no URL) or a reason with the
// fix. lib/url formats the result; lib/server puts it in the API; components render it.
import type { ItemPivot, PivotReason, PivotTarget } from "../model/pivot";
import type { TimeRange } from "../model/time";
import type { ContainerLike } from "./keys";
import {
  DEFAULT_SPAN_LOG_MARGIN_MS,
  type Detection,
  type JaegerMapping,
  type LokiMapping,
  type PrometheusMapping,
} from "./mapping";
import { jaegerSearch } from "./queries-jaeger";
import { lokiSelector } from "./queries-loki";
import { containerMetricQueries, type RateWindowOptions } from "./queries-prometheus";

const MINUTE = 60_000;

/** Trace → a container: the trace's own time widened by this, so the graphs show before and after. */
export const DEFAULT_TRACE_MARGIN_MS = 5 * MINUTE;
/**
 * Log line, exemplar or trace row → its trace: the item's time widened by this is the lookup
 * window the trace page passes to Jaeger/Tempo (some stores need a window to find old traces).
 */
export const DEFAULT_TRACE_LOOKUP_MARGIN_MS = 5 * MINUTE;
/** Span → its container's metrics: wide enough that a 15 s step still shows a shape around it. */
export const DEFAULT_SPAN_METRICS_MARGIN_MS = 15 * MINUTE;

/** The margins in force: the correlation file's `spanLogMarginMs`, the documented defaults for the rest. */
export interface PivotMargins {
  traceMs: number;
  traceLookupMs: number;
  spanLogsMs: number;
  spanMetricsMs: number;
}

export function pivotMargins(config: { spanLogMarginMs?: number } = {}): PivotMargins {
  return {
    traceMs: DEFAULT_TRACE_MARGIN_MS,
    traceLookupMs: DEFAULT_TRACE_LOOKUP_MARGIN_MS,
    spanLogsMs: config.spanLogMarginMs ?? DEFAULT_SPAN_LOG_MARGIN_MS,
    spanMetricsMs: DEFAULT_SPAN_METRICS_MARGIN_MS,
  };
}

/** A decided pivot: where it leads and what to call it (plus the query the view will run). */
export interface PivotDecision {
  kind: "target";
  target: PivotTarget;
  label: string;
  query?: string;
}

const NOT_CONFIGURED = {
  prometheus: { name: "Prometheus", env: "PROMETHEUS_URL" },
  loki: { name: "Loki", env: "LOKI_URL" },
  jaeger: { name: "Jaeger", env: "JAEGER_URL" },
} as const;

export function notConfigured(backend: keyof typeof NOT_CONFIGURED): PivotReason {
  const b = NOT_CONFIGURED[backend];
  return { kind: "reason", message: `${b.name} is not configured.`, suggestion: `Set ${b.env}.` };
}

const strip = <T extends { kind: "reason"; message: string; suggestion?: string }>(r: T): PivotReason =>
  r.suggestion
    ? { kind: "reason", message: r.message, suggestion: r.suggestion }
    : { kind: "reason", message: r.message };

/** Container → metrics. `detection` undefined = Prometheus not configured. */
export function containerToMetrics(
  c: ContainerLike,
  detection: Detection<PrometheusMapping> | undefined,
  range?: TimeRange,
  rate: RateWindowOptions = { stepSeconds: 15 },
): PivotDecision | PivotReason {
  if (!detection) return notConfigured("prometheus");
  if (detection.kind === "reason") return strip(detection);
  const q = containerMetricQueries(detection.mapping, c, rate);
  if (q.kind === "reason") return strip(q);
  return {
    kind: "target",
    target: { view: "container", ref: c.name, range, tab: "metrics" },
    label: `Metrics of ${c.name}`,
    query: q.cpuCores,
  };
}

/** Container → logs. `detection` undefined = Loki not configured. */
export function containerToLogs(
  c: ContainerLike,
  detection: Detection<LokiMapping> | undefined,
  range?: TimeRange,
): PivotDecision | PivotReason {
  if (!detection) return notConfigured("loki");
  if (detection.kind === "reason") return strip(detection);
  const sel = lokiSelector(detection.mapping, c);
  if (sel.kind === "reason") return strip(sel);
  return {
    kind: "target",
    target: { view: "container", ref: c.name, range, tab: "logs" },
    label: `Logs of ${c.name}`,
    query: sel.query,
  };
}

/** Container → traces; `query` is the Jaeger service the search uses. */
export function containerToTraces(
  c: ContainerLike,
  detection: Detection<JaegerMapping> | undefined,
  range?: TimeRange,
): PivotDecision | PivotReason {
  if (!detection) return notConfigured("jaeger");
  if (detection.kind === "reason") return strip(detection);
  const s = jaegerSearch(detection.mapping, c);
  if (s.kind === "reason") return strip(s);
  return {
    kind: "target",
    target: { view: "container", ref: c.name, range, tab: "traces" },
    label: `Traces of ${c.name}`,
    query: s.service,
  };
}

/**
 * Log line, exemplar or trace row → its trace. The trace ID is what the line parser (or the
 * exemplar, or the search) found; items without one get no link.
 */
export function itemToTrace(m: PivotMargins): ItemPivot {
  return { kind: "item", label: "Open trace", target: { view: "trace" }, marginMs: m.traceLookupMs };
}

/** `[fromMs, toMs]` widened by `marginMs` on both sides, to whole ms outwards. */
export function widen(fromMs: number, toMs: number, marginMs: number): TimeRange {
  return {
    from: Math.floor(fromMs - marginMs) as TimeRange["from"],
    to: Math.ceil(toMs + marginMs) as TimeRange["to"],
  };
}

/** Trace → one container it touched, around the trace's time. Times in ms. */
export function traceToContainer(
  name: string,
  traceStartMs: number,
  traceEndMs: number,
  m: PivotMargins,
): PivotDecision {
  return {
    kind: "target",
    target: { view: "container", ref: name, range: widen(traceStartMs, traceEndMs, m.traceMs) },
    label: name,
  };
}

/** Trace → that container's log lines of this trace (its lines first). */
export function traceToContainerLogs(
  name: string,
  traceId: string,
  traceStartMs: number,
  traceEndMs: number,
  m: PivotMargins,
  logsConfigured: boolean,
): PivotDecision | PivotReason {
  if (!logsConfigured) return notConfigured("loki");
  return {
    kind: "target",
    target: { view: "container", ref: name, range: widen(traceStartMs, traceEndMs, m.traceMs), tab: "logs", traceId },
    label: `logs of this trace in ${name}`,
  };
}

const seconds = (ms: number) =>
  ms % 60_000 === 0 && ms >= 60_000 ? `±${ms / 60_000} min` : `±${Math.round(ms / 100) / 10} s`;

/** Span (placed in container `name`) → the logs of that span, its own lines first. */
export function spanToLogs(name: string, m: PivotMargins, logsConfigured: boolean): ItemPivot | PivotReason {
  if (!logsConfigured) return notConfigured("loki");
  return {
    kind: "item",
    label: `Logs of this span in ${name} (${seconds(m.spanLogsMs)}, trace and span ID first)`,
    target: { view: "container", ref: name, tab: "logs", ids: true },
    marginMs: m.spanLogsMs,
  };
}

/** Span (placed in container `name`) → that container's metrics at the span's time. */
export function spanToMetrics(name: string, m: PivotMargins, metricsConfigured: boolean): ItemPivot | PivotReason {
  if (!metricsConfigured) return notConfigured("prometheus");
  return {
    kind: "item",
    label: `Metrics of ${name} at this time (${seconds(m.spanMetricsMs)})`,
    target: { view: "container", ref: name, tab: "metrics", ids: false },
    marginMs: m.spanMetricsMs,
  };
}
