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
}

export interface LokiSource {
  streams(): LokiStreamSource[];
}
