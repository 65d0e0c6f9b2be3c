// The JSON contract of Sightline's own API: domain shapes only, shared by route handlers
// (which produce them) and lib/queries (which consume them).
import type { Container, ContainerStats } from "./container";
import type { ApiErrorBody, BackendName } from "./errors";
import type { LogLine } from "./logs";
import type { ItemPivot, Pivot, PivotReason } from "./pivot";
import type { Exemplar, Point, Series } from "./series";
import type { Trace, TraceSummary } from "./trace";

export type ApiErrorInfo = ApiErrorBody["error"];

/** Why a pivot or a panel has nothing: shown on screen, never silent. */
export interface Reason {
  message: string;
  suggestion?: string;
  labelsSeen?: string[];
}

export interface BackendHealth {
  backend: BackendName;
  name: string;
  configured: boolean;
  ok: boolean;
  version?: string;
  detail?: string;
  error?: string;
  latencyMs?: number;
}

export interface HealthResponse {
  demo: boolean;
  backends: BackendHealth[];
}

export interface InventoryResponse {
  containers: Container[];
  errors: ApiErrorInfo[];
}

export interface SparklinesResponse {
  /** Keyed by container name. */
  cpu: Record<string, Point[]>;
  memory: Record<string, Point[]>;
  reason?: Reason;
}

export interface ContainerDetailResponse {
  container: Container;
  stats?: ContainerStats;
  errors: ApiErrorInfo[];
}

export type MetricUnit = "cores" | "bytes" | "bytes/s" | "percent" | "ratio";

export interface MetricSeries {
  name: string;
  role?: "limit" | "value";
  points: Point[];
}

export interface MetricPanel {
  id: "cpu" | "memory" | "throttling" | "network";
  title: string;
  unit: MetricUnit;
  series: MetricSeries[];
  queries: string[];
  /** Set when this panel had no data: why. */
  reason?: Reason;
}

export interface ContainerMetricsResponse {
  convention: string;
  stepSeconds: number;
  panels: MetricPanel[];
  exemplars: Exemplar[];
  /** Exemplar → its trace. */
  tracePivot: ItemPivot;
  exemplarError?: ApiErrorInfo;
  reason?: Reason;
}

export interface ContainerLogsResponse {
  lines: LogLine[];
  /** Line → its trace, for lines where the parser found a trace ID. */
  tracePivot: ItemPivot;
  truncated: boolean;
  limit: number;
  query: string;
  /** The Loki label that identifies this container, e.g. `container="shop-cart-1"`. */
  selector?: string;
  /** Lines of the requested span/trace, shown first (span → logs pivot). */
  focus?: LogLine[];
  volume?: Series;
  volumeStepSeconds?: number;
  reason?: Reason;
}

export interface ContainerTracesResponse {
  traces: TraceSummary[];
  /** Trace row → the trace page. */
  tracePivot: ItemPivot;
  service?: string;
  /** The trace store as the UI names it ("Jaeger", "Tempo", "Jaeger + Tempo"). */
  backendLabel?: string;
  reason?: Reason;
}

/** One container a trace touched, with its pivots decided on the server (lib/correlation/pivots). */
export interface TraceContainerRef {
  name: string;
  id?: string;
  service: string;
  spanCount: number;
  firstSpanId?: string;
  /** The container around the trace's time. */
  open: Pivot;
  /** The container's log lines of this trace. */
  traceLogs: Pivot;
  /** A span placed here → its logs (span's time ± spanLogMarginMs, its own lines first). */
  spanLogs: ItemPivot | PivotReason;
  /** A span placed here → this container's metrics at the span's time. */
  spanMetrics: ItemPivot | PivotReason;
}

export interface TraceUnmatched {
  service: string;
  reason: string;
  suggestion?: string;
}

/** What placeSpans adds to a trace: which container ran each span, decided once on the server. */
export interface PlacedSpansBody {
  containers: TraceContainerRef[];
  /** Parallel to trace.spans: index into `containers`, -1 = not placed (see `unmatched` by service). */
  spanContainer: number[];
  unmatched: TraceUnmatched[];
}

export interface TraceResponse extends PlacedSpansBody {
  trace: Trace;
  /** Spans outside the viewer's scope, shown without their details. */
  redacted?: { spans: number; message: string };
}

/** Log line → the lines around it in the same stream. */
export interface LogContextResponse {
  /** Oldest first; the line itself is the one whose ts equals `ts`. */
  lines: LogLine[];
  /** Line → its trace. */
  tracePivot: ItemPivot;
  ts: string;
  selector?: string;
  reason?: string;
}

/** POST /api/links: a signed link for Grafana or alerts (lib/server/auth/mint.ts). */
export interface MintResponse {
  token: string;
  expiresAt: number;
  scope: string;
  /** Paths with the token; Grafana's variable parts stay outside the signature. */
  embedTemplate: string;
  goTemplate: string;
  embed: string;
  go: string;
}
