// PromQL for a container's start-time history: each distinct value is a process start, so a
// changed value is a restart even when the engine has forgotten it. `by (id)` keeps a
// recreated container (new cgroup id, same name) apart from a restart.
import type { PrometheusMapping, Reason } from "./mapping";
import type { ContainerLike } from "./keys";
import { kubeMatchers, prometheusTarget } from "./queries-prometheus";
import { selector } from "./quote";

export interface StartTimeQuery {
  kind: "query";
  query: string;
}

export function startTimeQuery(mapping: PrometheusMapping, c: ContainerLike): StartTimeQuery | Reason {
  const t = prometheusTarget(mapping, c);
  if ("kind" in t) return t;
  const metric =
    mapping.convention === "podman-exporter" ? "podman_container_started_seconds" : "container_start_time_seconds";
  return { kind: "query", query: `max by (id) (${t.join(t.sel(metric))})` };
}

export interface KubeTerminationQueries {
  kind: "queries";
  /** One series per reason while it is the last termination's (value 1). */
  reason: string;
  /** The last termination's time, in seconds: each distinct value is one exit. */
  timestamp: string;
  exitCode: string;
}

/**
 * kube-state-metrics' memory of the last termination (EXPERIMENTAL metrics, present since
 * KSM 2.x): kept in Prometheus after the API server's events expire, and for deleted pods.
 */
export function kubeTerminationQueries(mapping: PrometheusMapping, c: ContainerLike): KubeTerminationQueries | Reason {
  if (mapping.convention !== "kubernetes")
    return { kind: "reason", message: "kube-state-metrics is read only under the Kubernetes convention." };
  const ms = kubeMatchers(mapping, c);
  if ("kind" in ms) return ms;
  return {
    kind: "queries",
    reason: `max by (reason) (${selector(ms, "kube_pod_container_status_last_terminated_reason")})`,
    timestamp: `max(${selector(ms, "kube_pod_container_status_last_terminated_timestamp")})`,
    exitCode: `max(${selector(ms, "kube_pod_container_status_last_terminated_exitcode")})`,
  };
}
