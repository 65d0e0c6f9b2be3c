// Test-only: backends as plain objects whose answers a test sets, recording every call.
import type { Backends } from "../backends/factory";
import type { EngineBackend, LogQueryParams, LogsBackend, MetricsBackend, TracesBackend } from "../backends/types";
import type { Container } from "../model/container";
import type { LogLine } from "../model/logs";
import { asNanosString, nanosToMillis } from "../model/time";

export function container(name: string, extra: Partial<Container> = {}): Container {
  const id = (extra.id ?? name.replace(/[^0-9a-f]/g, "").padEnd(64, "a")).slice(0, 64);
  return {
    id,
    shortId: id.slice(0, 12),
    name,
    engine: "docker",
    host: "unix:///var/run/docker.sock",
    image: "img",
    state: "running",
    labels: {},
    source: "engine",
    ...extra,
  };
}

export function logLine(ns: string, text: string, extra: Partial<LogLine> = {}): LogLine {
  const ts = asNanosString(ns);
  return {
    ts,
    at: nanosToMillis(ts),
    stream: { container: "c" },
    structuredMetadata: {},
    line: text,
    level: "info",
    fields: {},
    // Like the Loki adapter's keys: the same line answered twice has the same key.
    key: `${ns}-${text.length}-${text.slice(0, 16)}`,
    ...extra,
  };
}

const unexpected = (what: string) => () => {
  throw new Error(`unexpected call: ${what}`);
};

/** A Loki whose range queries answer from `answer`; every query is recorded in `calls`. */
export function fakeLoki(
  answer: (p: LogQueryParams) => { lines: LogLine[]; truncated?: boolean },
  more: Partial<LogsBackend> = {},
): LogsBackend & { calls: LogQueryParams[]; metricQueries: string[] } {
  const calls: LogQueryParams[] = [];
  const metricQueries: string[] = [];
  return {
    calls,
    metricQueries,
    async queryRange(p) {
      calls.push(p);
      const a = answer(p);
      return { lines: a.lines, truncated: a.truncated ?? false, limit: p.limit };
    },
    async queryRangeMetric(q) {
      metricQueries.push(q);
      return [{ labels: {}, points: [] }];
    },
    labels: async () => [],
    labelValues: async () => [],
    series: async () => [],
    tail: unexpected("tail"),
    buildInfo: unexpected("buildInfo"),
    ...more,
  };
}

export function fakeMetrics(p: Partial<MetricsBackend>): MetricsBackend {
  return {
    queryRange: async () => [],
    query: async () => [],
    queryExemplars: async () => [],
    series: async () => [],
    labels: async () => [],
    labelValues: async () => [],
    buildInfo: unexpected("buildInfo"),
    ...p,
  };
}

export function fakeTraces(p: Partial<TracesBackend>): TracesBackend {
  return {
    apiVersion: async () => "v3",
    getTrace: async () => undefined,
    search: async () => ({ summaries: [], traces: [] }),
    services: async () => [],
    operations: async () => [],
    ...p,
  };
}

export function fakeEngine(endpoint: string, list: () => Promise<Container[]>): EngineBackend {
  return {
    endpoint,
    list,
    info: unexpected("info"),
    inspect: unexpected("inspect"),
  } as unknown as EngineBackend;
}

export const backends = (b: Partial<Backends>): Backends => ({ engines: [], ...b });
