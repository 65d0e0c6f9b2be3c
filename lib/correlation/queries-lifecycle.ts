// PromQL for a container's start-time history: each distinct value is a process start, so a
// changed value is a restart even when the engine has forgotten it. `by (id)` keeps a
// recreated container (new cgroup id, same name) apart from a restart.
import type { PrometheusMapping, Reason } from "./mapping";
import type { ContainerLike } from "./keys";
import { prometheusTarget } from "./queries-prometheus";

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
