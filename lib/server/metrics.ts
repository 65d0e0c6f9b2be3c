// One container's metric panels: CPU (cores, and % of its limit), memory against the limit,
// CFS throttling, network; plus exemplars. Queries come from lib/correlation.
import type { Backends } from "../backends/factory";
import { chooseStep } from "../backends/prometheus/step";
import type { MetricsBackend } from "../backends/types";
import { type ContainerMetricQueries, containerMetricQueries } from "../correlation/queries-prometheus";
import { matcher, selector } from "../correlation/quote";
import type { ContainerMetricsResponse, MetricPanel, MetricSeries } from "../model/api";
import type { Container } from "../model/container";
import { BackendError } from "../model/errors";
import type { Exemplar, Series } from "../model/series";
import type { TimeRange } from "../model/time";
import { correlate } from "./correlate";
import { tracePivot } from "./pivot-context";
import { toApiError } from "./respond";

const TARGET_POINTS = 300;

export function requireMetrics(b: Backends): MetricsBackend {
  if (!b.metrics) throw new BackendError("prometheus", "config", "Prometheus is not configured (set PROMETHEUS_URL)");
  return b.metrics;
}

function firstSeries(s: Series[]): Series["points"] {
  return s[0]?.points ?? [];
}

function peak(points: Series["points"]): number | undefined {
  let m: number | undefined;
  for (const [, v] of points) if (v !== null && (m === undefined || v > m)) m = v;
  return m;
}

async function panels(
  m: MetricsBackend,
  q: ContainerMetricQueries,
  range: TimeRange,
  step: number,
  signal?: AbortSignal,
): Promise<MetricPanel[]> {
  const run = (query: string | undefined) =>
    query ? m.queryRange(query, range, step, { signal }) : Promise.resolve([] as Series[]);
  const [cpu, cpuLimit, mem, memLimit, thrSec, thrRatio, rx, tx] = await Promise.all([
    run(q.cpuCores),
    run(q.cpuLimitCores),
    run(q.memoryBytes),
    run(q.memoryLimitBytes),
    run(q.throttledSecondsPerSecond),
    run(q.throttledPeriodsRatio),
    run(q.networkRxBytesPerSecond),
    run(q.networkTxBytesPerSecond),
  ]);
  const limitCores = peak(firstSeries(cpuLimit));
  const cpuPeak = peak(firstSeries(cpu));
  const cpuSeries: MetricSeries[] = [{ name: "CPU used (cores)", role: "value", points: firstSeries(cpu) }];
  if (limitCores) cpuSeries.push({ name: `limit (${limitCores} cores)`, role: "limit", points: firstSeries(cpuLimit) });
  const memSeries: MetricSeries[] = [
    { name: q.memoryKind === "working-set" ? "working set" : "usage", role: "value", points: firstSeries(mem) },
  ];
  const memLimitPts = firstSeries(memLimit);
  if (memLimitPts.length) memSeries.push({ name: "limit", role: "limit", points: memLimitPts });
  const noLimit = { message: "No CPU limit is set, so this container is never throttled." };
  return [
    {
      id: "cpu",
      title:
        limitCores && cpuPeak !== undefined
          ? `CPU · peak ${((cpuPeak / limitCores) * 100).toFixed(0)}% of ${limitCores}-core limit`
          : "CPU (cores)",
      unit: "cores",
      series: cpuSeries,
      queries: [q.cpuCores, q.cpuLimitCores].filter((x): x is string => Boolean(x)),
    },
    {
      id: "memory",
      title: memLimitPts.length ? "Memory vs limit" : "Memory (no limit)",
      unit: "bytes",
      series: memSeries,
      queries: [q.memoryBytes, q.memoryLimitBytes],
    },
    {
      id: "throttling",
      title: "CPU throttling (share of CFS periods throttled)",
      unit: "ratio",
      series: [{ name: "throttled periods", points: firstSeries(thrRatio) }],
      queries: [q.throttledPeriodsRatio, q.throttledSecondsPerSecond].filter((x): x is string => Boolean(x)),
      reason: limitCores ? (thrSec.length ? undefined : { message: "No throttling data in this range." }) : noLimit,
    },
    {
      id: "network",
      title: "Network",
      unit: "bytes/s",
      series: [
        { name: "rx", points: firstSeries(rx) },
        { name: "tx", points: firstSeries(tx) },
      ],
      queries: [q.networkRxBytesPerSecond, q.networkTxBytesPerSecond],
    },
  ];
}

const MAX_EXEMPLARS = 60;

/** At most one exemplar per time bucket, preferring failed (5xx) requests: a chart, not a carpet. */
export function thinExemplars(ex: Exemplar[], range: TimeRange, max = MAX_EXEMPLARS): Exemplar[] {
  if (ex.length <= max) return ex;
  const width = (range.to - range.from) / max;
  const buckets = new Map<number, Exemplar>();
  const bad = (e: Exemplar) => /^5/.test(e.seriesLabels.status ?? e.seriesLabels.code ?? "");
  for (const e of ex) {
    const b = Math.floor((e.at - range.from) / width);
    const prev = buckets.get(b);
    if (!prev || (bad(e) && !bad(prev))) buckets.set(b, e);
  }
  return [...buckets.values()].sort((a, b) => a.at - b.at);
}

/** Exemplars of series labelled with this container's service (the app's request counters). */
async function exemplars(m: MetricsBackend, c: Container, range: TimeRange, signal?: AbortSignal): Promise<Exemplar[]> {
  const service = c.compose?.service || c.name;
  const all = await m.queryExemplars(selector([matcher("service", "=", service)]), range, { signal });
  return thinExemplars(
    all.filter((e) => e.traceId),
    range,
  );
}

export async function containerMetrics(
  b: Backends,
  c: Container,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<ContainerMetricsResponse> {
  const [body, pivot] = await Promise.all([metricsBody(b, c, range, signal), tracePivot()]);
  return { ...body, tracePivot: pivot };
}

async function metricsBody(
  b: Backends,
  c: Container,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<Omit<ContainerMetricsResponse, "tracePivot">> {
  const m = requireMetrics(b);
  const corr = await correlate(b, c, ["prometheus"]);
  if (corr.errors.prometheus) throw corr.errors.prometheus;
  const det = corr.mappings.prometheus;
  const step = chooseStep(range.to - range.from, { targetPoints: TARGET_POINTS, minStepSeconds: 5 });
  if (!det || det.kind === "reason") {
    return {
      convention: "none",
      stepSeconds: step,
      panels: [],
      exemplars: [],
      reason: det ?? { message: "Prometheus mapping unknown" },
    };
  }
  const q = containerMetricQueries(det.mapping, c, { stepSeconds: step });
  if (q.kind === "reason")
    return { convention: det.mapping.convention, stepSeconds: step, panels: [], exemplars: [], reason: q };
  const [p, ex] = await Promise.all([
    panels(m, q, range, step, signal),
    exemplars(m, c, range, signal).then(
      (v) => ({ v, err: undefined }),
      (err: unknown) => ({ v: [] as Exemplar[], err: toApiError(err) }),
    ),
  ]);
  return {
    convention: `${det.mapping.convention} (${det.evidence})`,
    stepSeconds: step,
    panels: p,
    exemplars: ex.v,
    exemplarError: ex.err,
  };
}
