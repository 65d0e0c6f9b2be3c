// The contract between the demo world (mocks/world/) and the wire-level mock handlers
// (mocks/handlers/). The world says what exists; handlers speak Prometheus/Loki/Jaeger/engine.
export type Labels = Record<string, string>;

export interface MetricSeriesSource {
  /** Includes __name__. */
  labels: Labels;
  kind: "counter" | "gauge";
  /** Sample value at time t (ms); undefined when the series has no sample then (not yet born, gone). */
  valueAt(tMs: number): number | undefined;
}

export interface ExemplarPoint {
  labels: Labels; // trace_id, span_id
  value: number;
  tMs: number;
}

export interface PromSource {
  /** Samples exist on this grid (like a scrape interval). */
  scrapeIntervalMs: number;
  series(): MetricSeriesSource[];
  /** Exemplars of the series whose labels match, in [fromMs, toMs]. */
  exemplars(fromMs: number, toMs: number): { seriesLabels: Labels; exemplars: ExemplarPoint[] }[];
}

export interface LokiEntry {
  /** Unix nanoseconds as a decimal string. */
  ns: string;
  line: string;
  structuredMetadata?: Labels;
}

export interface LokiStreamSource {
  labels: Labels;
  /** Entries with fromNs <= ns < toNs, oldest first. */
  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[];
  /** Optional: entriesIn(fromNs, toNs).length without building lines (fast count_over_time). */
  countIn?(fromNs: bigint, toNs: bigint): number;
}

export interface LokiSource {
  streams(): LokiStreamSource[];
}

// ---------------------------------------------------------------------------------------
// Added for the demo world: lazy walking of Loki streams (feature-detect with "walk" in s).

export interface LokiStreamWalker {
  /**
   * The entries of entriesIn(fromNs, toNs), generated lazily: oldest first for "forward",
   * newest first for "backward". Lets a `limit`ed query over days stop early.
   */
  walk(fromNs: bigint, toNs: bigint, direction: "forward" | "backward"): Iterable<LokiEntry>;
}

// ---------------------------------------------------------------------------------------
// Jaeger: what the trace handlers serve. Times are integer microseconds since the epoch.

export type SpanKindName = "internal" | "server" | "client" | "producer" | "consumer";
/** Integers are sent as OTLP intValue / v1 int64, other numbers as double. */
export type TraceAttrValue = string | number | boolean;
export type TraceAttributes = Record<string, TraceAttrValue>;

export interface TraceResource {
  serviceName: string;
  /** Every resource attribute, service.name included (container.id, host.name…). */
  attributes: TraceAttributes;
}

export interface TraceScope {
  name: string;
  version?: string;
}

export interface TraceSpanSource {
  traceId: string; // 32 lowercase hex
  spanId: string; // 16 lowercase hex
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  startUs: number;
  durationUs: number;
  status: "unset" | "ok" | "error";
  statusMessage?: string;
  attributes: TraceAttributes;
  events: { timeUs: number; name: string; attributes: TraceAttributes }[];
  /** Rendered as OTLP links / v1 FOLLOWS_FROM references. */
  links: { traceId: string; spanId: string }[];
  /** Shared by reference between the spans of one service instance. */
  resource: TraceResource;
  scope: TraceScope;
}

export interface TraceQuerySource {
  service: string;
  operation?: string;
  spanKind?: SpanKindName;
  startMinUs: number;
  startMaxUs: number;
  durationMinUs?: number;
  durationMaxUs?: number;
  /** Match span attributes, resource attributes or event attributes; "error":"true" = status error. */
  attributes?: Record<string, string>;
  limit: number;
}

export interface JaegerSource {
  services(): string[];
  operations(service: string): { name: string; spanKind: SpanKindName }[];
  /** All spans of one trace (ID in any case, leading zeros optional); undefined when unknown. */
  trace(traceId: string): TraceSpanSource[] | undefined;
  /** Traces that have a span matching the query, newest first, at most `limit`. */
  findTraces(q: TraceQuerySource): TraceSpanSource[][];
}

// ---------------------------------------------------------------------------------------
// Container engine: what the Docker/Podman handlers serve, flavour-neutral.

export type EngineContainerState = "created" | "running" | "paused" | "restarting" | "exited" | "dead";

export interface EngineContainerSource {
  id: string; // 64 hex
  name: string; // without leading "/"
  image: string; // as created ("docker.io/library/redis:7.2")
  imageId: string; // 64 hex, no "sha256:"
  command: string[];
  createdMs: number;
  startedMs?: number;
  finishedMs?: number;
  state: EngineContainerState;
  exitCode: number;
  pid: number;
  labels: Record<string, string>;
  env: string[];
  hostname: string;
  restartCount: number;
  /** 0 = unlimited (HostConfig.Memory). */
  memoryLimitBytes: number;
  nanoCpus: number;
  cpuQuota: number;
  cpuPeriod: number;
  network: string;
  ipAddress: string;
  macAddress: string;
  mounts: { type: "volume" | "bind"; name?: string; source: string; destination: string; rw: boolean }[];
  ports: { hostPort: number; containerPort: number; protocol: "tcp" | "udp" }[];
}

export interface EngineStatsSource {
  readMs: number;
  cpuTotalNs: number;
  cpuKernelNs: number;
  cpuUserNs: number;
  perCpuNs: number[];
  systemCpuNs: number;
  onlineCpus: number;
  memUsageBytes: number;
  /** Effective limit: the host's RAM when the container is unlimited. */
  memLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
  pids: number;
  throttling: { periods: number; throttledPeriods: number; throttledTimeNs: number };
}

export interface EngineLogLine {
  stream: "stdout" | "stderr";
  /** Unix nanoseconds as a decimal string. */
  ns: string;
  line: string;
}

export interface EngineEventSource {
  type: "container" | "image";
  /** Docker spelling (die, start, health_status…); handlers translate for libpod. */
  action: string;
  actorId: string;
  attributes: Record<string, string>;
  timeNano: string;
}

export interface EngineHostSource {
  hostname: string;
  kernelVersion: string;
  ncpu: number;
  memTotalBytes: number;
}

export interface EngineSource {
  now(): number;
  host(): EngineHostSource;
  /** Every container the engine knows at now(), running and exited. */
  containers(): EngineContainerSource[];
  /** One-shot stats of a running container (full ID); undefined when not running. */
  stats(id: string): EngineStatsSource | undefined;
  /** Log lines oldest first; `tail` keeps the last N. Times in ms, since inclusive, until exclusive. */
  logs(id: string, opts: { sinceMs?: number; untilMs?: number; tail?: number }): EngineLogLine[];
  /** Events with sinceMs ≤ time < untilMs, oldest first. */
  events(sinceMs: number, untilMs: number): EngineEventSource[];
}
