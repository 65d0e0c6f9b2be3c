// Runs the Prometheus-only Kubernetes inventory queries (one instant query each, in parallel).
import type { MetricsBackend } from "../backends/types";
import {
  KUBE_PROM_INVENTORY_QUERIES,
  type KubePromResults,
  kubeContainersFromPrometheus,
} from "../correlation/kube-prom-inventory";
import type { Container } from "../model/container";
import type { Millis } from "../model/time";

export async function kubeContainersOfPrometheus(
  m: MetricsBackend,
  now: Millis,
  signal?: AbortSignal,
): Promise<Container[]> {
  const entries = Object.entries(KUBE_PROM_INVENTORY_QUERIES) as [keyof typeof KUBE_PROM_INVENTORY_QUERIES, string][];
  const results: KubePromResults = {};
  // The containers query decides; kube-state-metrics enrichments are optional.
  await Promise.all(
    entries.map(async ([k, q]) => {
      try {
        results[k] = (await m.query(q, now, { signal })).map((s) => ({
          labels: s.labels,
          value: s.value ?? Number.NaN,
        }));
      } catch (err) {
        if (k === "containers") throw err;
      }
    }),
  );
  return kubeContainersFromPrometheus(results);
}
