// What the server fetches so detection can run: data, so the server code stays dumb.
// Probe once per backend (and cache briefly); detection then runs per container, offline.
import { LOKI_CANDIDATES } from "./detect-loki";
import { KUBE_CONTAINER_SERIES, PODMAN_INFO_METRIC } from "./mapping";

export interface PrometheusProbePlan {
  backend: "prometheus";
  /** Over this window ending now (or the view's range). */
  lookbackMs: number;
  /** GET /api/v1/labels (no match[]): only for the reason text. */
  labelNames: true;
  /** GET /api/v1/label/<label>/values?match[]=…, result keyed by `label` in PrometheusProbe.labelValues. */
  labelValues: { label: string; match: string[] }[];
  /** GET /api/v1/series?match[]=…, all results concatenated into PrometheusProbe.series. */
  series: { match: string[] };
}

export interface LokiProbePlan {
  backend: "loki";
  lookbackMs: number;
  /** GET /loki/api/v1/labels. */
  labelNames: true;
  /** GET /loki/api/v1/label/<label>/values, only for labels present in the label names. */
  labelValues: { label: string; onlyIfPresent: true }[];
}

export interface JaegerProbePlan {
  backend: "jaeger";
  lookbackMs: number;
  /** GET services. */
  services: true;
  /** Search each service (up to maxServices) with limit perService; flatten with resourceSamples(). */
  sampleTraces: { perService: number; maxServices: number };
}

export type ProbePlan = PrometheusProbePlan | LokiProbePlan | JaegerProbePlan;

const HOUR = 3_600_000;

export function probePlan(backend: "prometheus"): PrometheusProbePlan;
export function probePlan(backend: "loki"): LokiProbePlan;
export function probePlan(backend: "jaeger"): JaegerProbePlan;
export function probePlan(backend: "prometheus" | "loki" | "jaeger"): ProbePlan {
  switch (backend) {
    case "prometheus":
      return {
        backend,
        lookbackMs: HOUR,
        labelNames: true,
        labelValues: [
          { label: "name", match: ["container_cpu_usage_seconds_total"] },
          // Only nameless cgroups: the cgroup-id convention matters where cAdvisor has no names,
          // and this keeps the answer small on hosts where it has them.
          { label: "id", match: ['container_cpu_usage_seconds_total{name=""}'] },
          // Kubernetes: pods with per-container series (namespace+pod+container are checked later).
          { label: "pod", match: [KUBE_CONTAINER_SERIES] },
        ],
        series: { match: [PODMAN_INFO_METRIC] },
      };
    case "loki":
      return {
        backend,
        lookbackMs: 6 * HOUR,
        labelNames: true,
        labelValues: [...new Set(LOKI_CANDIDATES.flatMap((c) => [c.label, ...(c.also ?? []).map((a) => a.label)]))].map(
          (label) => ({ label, onlyIfPresent: true as const }),
        ),
      };
    case "jaeger":
      return { backend, lookbackMs: HOUR, services: true, sampleTraces: { perService: 5, maxServices: 50 } };
  }
}
