// One interface per signal (DESIGN.md §8.3). Built by lib/backends/factory.ts from validated
// config; tests pass fakes. Wire types never cross this boundary.
import type { SpanTable } from "../model/span-table";
import type { TraceProgress } from "./trace-progress";
import type { Container, ContainerEvent, ContainerStats, EngineKind } from "../model/container";
import type { LogQueryResult, LogTailFrame } from "../model/logs";
import type { Exemplar, InstantSample, Labels, Series } from "../model/series";
import type { Millis, TimeRange } from "../model/time";
import type { Trace, TraceSummary } from "../model/trace";

export interface CallOpts {
  signal?: AbortSignal;
}

export interface BuildInfo {
  version: string;
  revision?: string;
}

export interface MetricsBackend {
  queryRange(query: string, range: TimeRange, stepSeconds: number, opts?: CallOpts): Promise<Series[]>;
  query(query: string, at: Millis, opts?: CallOpts): Promise<InstantSample[]>;
  queryExemplars(query: string, range: TimeRange, opts?: CallOpts): Promise<Exemplar[]>;
  series(match: string[], range: TimeRange, opts?: CallOpts): Promise<Labels[]>;
  labels(range: TimeRange, match?: string[], opts?: CallOpts): Promise<string[]>;
  labelValues(label: string, range: TimeRange, match?: string[], opts?: CallOpts): Promise<string[]>;
  buildInfo(opts?: CallOpts): Promise<BuildInfo>;
}

export interface LogQueryParams {
  query: string;
  range: TimeRange;
  /** ≤ 5000 (Loki's default max_entries_limit_per_query). */
  limit: number;
  direction: "backward" | "forward";
}

export interface LogTail {
  /** Stops the tail and closes the socket. */
  close(): void;
}

export interface LogTailHandlers {
  onFrame(frame: LogTailFrame): void;
  onError(err: Error): void;
  onClose(): void;
}

export interface LogsBackend {
  queryRange(p: LogQueryParams, opts?: CallOpts): Promise<LogQueryResult>;
  /** Metric LogQL (count_over_time…) → series. */
  queryRangeMetric(query: string, range: TimeRange, stepSeconds: number, opts?: CallOpts): Promise<Series[]>;
  labels(range: TimeRange, opts?: CallOpts): Promise<string[]>;
  labelValues(label: string, range: TimeRange, query?: string, opts?: CallOpts): Promise<string[]>;
  series(match: string[], range: TimeRange, opts?: CallOpts): Promise<Labels[]>;
  tail(query: string, startMs: Millis, limit: number, handlers: LogTailHandlers): LogTail;
  buildInfo(opts?: CallOpts): Promise<BuildInfo>;
}

export interface TraceSearchParams {
  service: string;
  operation?: string;
  range: TimeRange;
  /** Attribute filters (v3 query.attributes / v1 tags). */
  attributes?: Record<string, string>;
  minDurationMs?: number;
  maxDurationMs?: number;
  limit: number;
}

export interface TracesBackend {
  /** Which Jaeger API answered, detected on first use; "tempo" for Grafana Tempo. */
  apiVersion(opts?: CallOpts): Promise<"v3" | "v1" | "tempo">;
  getTrace(traceId: string, opts?: CallOpts & { range?: TimeRange }): Promise<Trace | undefined>;
  /** The trace as columns, no object per span (lib/model/span-table.ts); absent: getTrace's. */
  getTraceTable?(
    traceId: string,
    opts?: CallOpts & { range?: TimeRange; progress?: TraceProgress },
  ): Promise<SpanTable | undefined>;
  search(p: TraceSearchParams, opts?: CallOpts): Promise<{ summaries: TraceSummary[]; traces: Trace[] }>;
  services(opts?: CallOpts): Promise<string[]>;
  operations(service: string, opts?: CallOpts): Promise<{ name: string; spanKind?: string }[]>;
}

export interface EventQuery {
  container?: string;
  /** Podman: the events of this pod (Type "pod") instead of containers' events. */
  pod?: string;
  maxEvents?: number;
}

export interface EngineInfo {
  kind: EngineKind;
  version: string;
  apiVersion: string;
  endpoint: string;
}

export interface EngineBackend {
  /** Display name of the endpoint (the socket path or host:port, never credentials). */
  readonly endpoint: string;
  info(opts?: CallOpts): Promise<EngineInfo>;
  list(opts?: CallOpts & { all?: boolean }): Promise<Container[]>;
  inspect(ref: string, opts?: CallOpts): Promise<Container | undefined>;
  stats(ref: string, opts?: CallOpts): Promise<ContainerStats>;
  /**
   * Events in [since, until], oldest first; until in the future keeps the stream open until then.
   * `container` (full id, short id or name) asks the engine to filter; at most `maxEvents` are kept.
   */
  events(since: Millis, until: Millis, opts?: CallOpts & EventQuery): Promise<ContainerEvent[]>;
  /** `podman generate kube` YAML; undefined for Docker or an unknown container. Optional: fakes may omit it. */
  generateKube?(ref: string, opts?: CallOpts): Promise<string | undefined>;
}
