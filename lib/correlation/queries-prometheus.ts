// PromQL for one container's panels, from a mapping plus the container's keys. cAdvisor and
// podman-exporter names differ (APIS.md §2); every value goes through quote.ts.
import { type ContainerLike, containerKeys, keyValue } from "./keys";
import { type PrometheusMapping, quoteForMessage as q, type Reason } from "./mapping";
import { cgroupIdRegex } from "./detect-prometheus";
import { durationSeconds, type MatcherText, matcher, selector } from "./quote";

export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;

export interface RateWindowOptions {
  /** The range query's step. */
  stepSeconds: number;
  /** The exporter's scrape interval; 15 s when unknown. */
  scrapeIntervalSeconds?: number;
}

/**
 * rate() window: at least 4 scrapes (so a missed scrape never empties a window) and at least
 * step + one scrape (so consecutive windows overlap and no sample falls between them), like
 * Grafana's $__rate_interval.
 */
export function rateWindowSeconds({ stepSeconds, scrapeIntervalSeconds }: RateWindowOptions): number {
  const scrape =
    scrapeIntervalSeconds && scrapeIntervalSeconds > 0 ? scrapeIntervalSeconds : DEFAULT_SCRAPE_INTERVAL_SECONDS;
  const step = Number.isFinite(stepSeconds) && stepSeconds > 0 ? stepSeconds : 0;
  return Math.ceil(Math.max(4 * scrape, step + scrape));
}

/** How one container's series are selected: a selector per metric, and an optional join after rate(). */
export interface PromTarget {
  sel(metric: string, extra?: MatcherText[]): string;
  join(expr: string): string;
}

const same = (e: string) => e;

export function prometheusTarget(mapping: PrometheusMapping, c: ContainerLike): PromTarget | Reason {
  const k = containerKeys(c);
  switch (mapping.convention) {
    case "cadvisor": {
      const v = keyValue(k, mapping.key);
      if (!v) return missing(c.name, mapping.key, mapping.label);
      return { sel: (m, extra = []) => selector([matcher(mapping.label, "=", v), ...extra], m), join: same };
    }
    case "cadvisor-id": {
      if (!k.id) return missing(c.name, "id", mapping.label);
      const re = cgroupIdRegex(mapping.match, k.id);
      return { sel: (m, extra = []) => selector([matcher(mapping.label, "=~", re), ...extra], m), join: same };
    }
    case "kubernetes": {
      const ms = kubeMatchers(mapping, c);
      if ("kind" in ms) return ms;
      return { sel: (m, extra = []) => selector([...ms, ...extra], m), join: same };
    }
    case "podman-exporter": {
      if (k.shortId) {
        return { sel: (m, extra = []) => selector([matcher(mapping.label, "=", k.shortId), ...extra], m), join: same };
      }
      // No id known (a container seen only by name): select through the info metric's name.
      const info = selector([matcher("name", "=", k.name)], mapping.infoMetric);
      return {
        sel: (m, extra = []) => selector(extra, m),
        join: (e) => `(${e}) * on(${mapping.label}) group_left() ${info}`,
      };
    }
  }
}

/** namespace+pod+container, each required: a selector on fewer would select a whole namespace or pod. */
export function kubeMatchers(
  mapping: Extract<PrometheusMapping, { convention: "kubernetes" }>,
  c: ContainerLike,
  opts: { withContainer?: boolean } = {},
): MatcherText[] | Reason {
  const k = containerKeys(c);
  if (!k.namespace || !k.kubePod || !k.kubeContainer)
    return missing(c.name, "Kubernetes namespace, pod and container", `${mapping.namespaceLabel}/${mapping.podLabel}`);
  const ms = [matcher(mapping.namespaceLabel, "=", k.namespace), matcher(mapping.podLabel, "=", k.kubePod)];
  if (opts.withContainer !== false) ms.push(matcher(mapping.containerLabel, "=", k.kubeContainer));
  return ms;
}

function missing(name: string, key: string, label: string): Reason {
  return {
    kind: "reason",
    message: `Container ${q(name)} has no ${key}, which Prometheus label ${q(label)} needs.`,
    suggestion: "Open the container from the engine's list, where every key is known.",
  };
}

export interface ContainerMetricQueries {
  kind: "queries";
  convention: PrometheusMapping["convention"];
  windowSeconds: number;
  /** CPU in cores (1 = one core fully busy). */
  cpuCores: string;
  /** CPU limit in cores; undefined when the convention has no such metric. Empty result = no limit. */
  cpuLimitCores?: string;
  memoryBytes: string;
  /** cAdvisor: working set (what docker stats and the kubelet use); podman exporter: cgroup usage. */
  memoryKind: "working-set" | "usage";
  /** Empty result = no limit. */
  memoryLimitBytes: string;
  /** Set when the limit query cannot tell "unlimited" apart. */
  memoryLimitNote?: string;
  throttledSecondsPerSecond?: string;
  /** Throttled periods / all CFS periods, 0…1. */
  throttledPeriodsRatio?: string;
  networkRxBytesPerSecond: string;
  networkTxBytesPerSecond: string;
}

export function containerMetricQueries(
  mapping: PrometheusMapping,
  c: ContainerLike,
  opts: RateWindowOptions,
): ContainerMetricQueries | Reason {
  const t = prometheusTarget(mapping, c);
  if ("kind" in t) return t;
  const windowSeconds = rateWindowSeconds(opts);
  const w = durationSeconds(windowSeconds);
  const rate = (metric: string, extra: MatcherText[] = []) => `sum(${t.join(`rate(${t.sel(metric, extra)}[${w}])`)})`;
  const gauge = (metric: string, agg: "sum" | "max", cond = "") => `${agg}(${t.join(`${t.sel(metric)}${cond}`)})`;
  if (mapping.convention === "podman-exporter") {
    return {
      kind: "queries",
      convention: mapping.convention,
      windowSeconds,
      cpuCores: rate("podman_container_cpu_seconds_total"),
      memoryBytes: gauge("podman_container_mem_usage_bytes", "sum"),
      memoryKind: "usage",
      memoryLimitBytes: gauge("podman_container_mem_limit_bytes", "max", " > 0"),
      memoryLimitNote: "The podman exporter reports the host's memory as the limit of an unlimited container.",
      networkRxBytesPerSecond: rate("podman_container_net_input_total"),
      networkTxBytesPerSecond: rate("podman_container_net_output_total"),
    };
  }
  // On Kubernetes the network belongs to the pod (its sandbox or pod cgroup), not to a container:
  // the busiest per-`container` sum avoids counting a shared network namespace twice.
  let netRx = rate("container_network_receive_bytes_total");
  let netTx = rate("container_network_transmit_bytes_total");
  if (mapping.convention === "kubernetes") {
    const pod = kubeMatchers(mapping, c, { withContainer: false });
    if (!("kind" in pod)) {
      const podRate = (metric: string) =>
        `max(sum by (${mapping.containerLabel}) (rate(${selector(pod, metric)}[${w}])))`;
      netRx = podRate("container_network_receive_bytes_total");
      netTx = podRate("container_network_transmit_bytes_total");
    }
  }
  return {
    kind: "queries",
    convention: mapping.convention,
    windowSeconds,
    cpuCores: rate("container_cpu_usage_seconds_total", [matcher("cpu", "=", "total")]),
    // cAdvisor emits the quota only when one is set; `> 0` also drops -1 from older versions.
    cpuLimitCores: `${gauge("container_spec_cpu_quota", "max", " > 0")} / ${gauge("container_spec_cpu_period", "max", " > 0")}`,
    // Kubernetes: one container, but each restart is a new cgroup series; the old one lingers
    // for the lookback window, so take the larger rather than add them.
    memoryBytes: gauge("container_memory_working_set_bytes", mapping.convention === "kubernetes" ? "max" : "sum"),
    memoryKind: "working-set",
    // 0 means unlimited in cAdvisor.
    memoryLimitBytes: gauge("container_spec_memory_limit_bytes", "max", " > 0"),
    throttledSecondsPerSecond: rate("container_cpu_cfs_throttled_seconds_total"),
    throttledPeriodsRatio: `${rate("container_cpu_cfs_throttled_periods_total")} / ${rate("container_cpu_cfs_periods_total")}`,
    networkRxBytesPerSecond: netRx,
    networkTxBytesPerSecond: netTx,
  };
}
