// Containers as Prometheus sees them: the inventory's sparklines (one query per signal for
// all containers) and containers that no engine reports (another host, already removed).
import type { Backends } from "../backends/factory";
import { chooseStep } from "../backends/prometheus/step";
import type { MetricsBackend } from "../backends/types";
import type { PrometheusProbe } from "../correlation/detect-prometheus";
import { DEFAULT_CGROUP_ID_MATCH, PODMAN_INFO_METRIC, type PrometheusMapping } from "../correlation/mapping";
import {
  containersFromPrometheus,
  inventoryQueries,
  inventorySeriesContainer,
  knownContainersQuery,
} from "../correlation/prometheus-inventory";
import type { SparklinesResponse } from "../model/api";
import type { Container } from "../model/container";
import type { Point } from "../model/series";
import type { Millis, TimeRange } from "../model/time";
import { kubeSparklineQueries } from "../correlation/kube-workload";
import { prometheusProbe } from "./correlate";

/** The installation's convention, before any one container is in view. */
export function installationMapping(p: PrometheusProbe): PrometheusMapping {
  if (p.series.some((l) => l.__name__ === PODMAN_INFO_METRIC))
    return { convention: "podman-exporter", label: "id", infoMetric: PODMAN_INFO_METRIC };
  if ((p.labelValues.name ?? []).length) return { convention: "cadvisor", label: "name", key: "name" };
  return { convention: "cadvisor-id", label: "id", match: DEFAULT_CGROUP_ID_MATCH };
}

export async function prometheusOnlyContainers(
  b: Backends,
  m: MetricsBackend,
  now: Millis,
  signal?: AbortSignal,
): Promise<Container[]> {
  const mapping = installationMapping(await prometheusProbe(b));
  // Seen in the last hour: recently removed containers still show, long-gone ones do not.
  const samples = await m.query(`last_over_time(${knownContainersQuery(mapping)}[1h])`, now, { signal });
  return containersFromPrometheus(
    mapping,
    samples.map((s) => s.labels),
  ).map((p) => ({
    id: p.id ?? "",
    shortId: p.shortId ?? (p.id ?? "").slice(0, 12),
    name: p.name,
    engine: p.engine ?? "docker",
    host: p.host ?? "prometheus",
    image: p.image ?? "",
    state: "unknown",
    labels: p.labels,
    compose: p.compose,
    pod: p.pod,
    source: "prometheus",
  }));
}

/** Sparklines keyed by container name, matched to the inventory through the mapping. */
export async function sparklines(
  b: Backends,
  containers: Container[],
  range: TimeRange,
  signal?: AbortSignal,
  /** Drop series of containers not in `containers` (the caller's scope) instead of naming them by label. */
  onlyListed = false,
): Promise<SparklinesResponse> {
  const m = b.metrics;
  if (!m) return { cpu: {}, memory: {}, reason: { message: "Prometheus is not configured (set PROMETHEUS_URL)" } };
  const mapping = installationMapping(await prometheusProbe(b));
  const step = chooseStep(range.to - range.from, { targetPoints: 60, minStepSeconds: 15 });
  const q = inventoryQueries(mapping, { stepSeconds: step });
  const kube = containers.filter((c) => c.kube);
  const kq = kube.length ? kubeSparklineQueries({ stepSeconds: step }) : undefined;
  const none = Promise.resolve([] as Awaited<ReturnType<typeof m.queryRange>>);
  const [cpu, mem, kcpu, kmem] = await Promise.all([
    m.queryRange(q.cpuCores, range, step, { signal }),
    m.queryRange(q.memoryBytes, range, step, { signal }),
    kq ? m.queryRange(kq.cpuCores, range, step, { signal }) : none,
    kq ? m.queryRange(kq.memoryBytes, range, step, { signal }) : none,
  ]);
  // Kubernetes containers by namespace/pod/container (cluster-blind: one cluster per Prometheus).
  const kubeKey = (ns?: string, pod?: string, c?: string) => `${ns ?? ""}\u0000${pod ?? ""}\u0000${c ?? ""}`;
  const kubeNames = new Map(kube.map((c) => [kubeKey(c.namespace, c.pod?.name, c.kube?.container), c.name] as const));
  const byKube = (series: typeof cpu) => {
    const out: Record<string, Point[]> = {};
    for (const s of series) {
      const name = kubeNames.get(kubeKey(s.labels.namespace, s.labels.pod, s.labels.container));
      if (name) out[name] = s.points;
    }
    return out;
  };
  const byName = (series: typeof cpu) => {
    const out: Record<string, Point[]> = {};
    for (const s of series) {
      const c = inventorySeriesContainer(mapping, s.labels, containers);
      if (onlyListed && !c) continue;
      const key = c?.name ?? s.labels.name;
      if (key) out[key] = s.points;
    }
    return out;
  };
  return { cpu: { ...byName(cpu), ...byKube(kcpu) }, memory: { ...byName(mem), ...byKube(kmem) } };
}
