// A workload over a time range (anchors/kubernetes.md §2.3): which pods it had (kube-state-
// metrics owners: ReplicaSet → Deployment, Job → CronJob), their CPU and memory by pod, their
// merged logs and their traces. Every selector names the namespace and the pods, never the
// namespace alone.
import type { KubeWorkloadKind } from "../model/container";
import type { LokiMapping, Reason } from "./mapping";
import { anyOfRegex, durationSeconds, matcher, selector } from "./quote";
import { type RateWindowOptions, rateWindowSeconds } from "./queries-prometheus";

export interface WorkloadRef {
  namespace: string;
  kind: Exclude<KubeWorkloadKind, "Pod">;
  name: string;
}

/** Series selectors whose label sets name the owners in between (ReplicaSets, Jobs). */
export function intermediateOwnersMatch(w: WorkloadRef): { match: string; label: string } | undefined {
  const ns = matcher("namespace", "=", w.namespace);
  if (w.kind === "Deployment")
    return {
      match: selector(
        [ns, matcher("owner_kind", "=", "Deployment"), matcher("owner_name", "=", w.name)],
        "kube_replicaset_owner",
      ),
      label: "replicaset",
    };
  if (w.kind === "CronJob")
    return {
      match: selector(
        [ns, matcher("owner_kind", "=", "CronJob"), matcher("owner_name", "=", w.name)],
        "kube_job_owner",
      ),
      label: "job_name",
    };
  return undefined;
}

/** kube_pod_owner selector for pods owned directly by `kind` with one of `names`. */
export function podOwnerMatch(namespace: string, kind: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const name =
    names.length === 1 ? matcher("owner_name", "=", names[0] ?? "") : matcher("owner_name", "=~", anyOfRegex(names));
  return selector([matcher("namespace", "=", namespace), matcher("owner_kind", "=", kind), name], "kube_pod_owner");
}

/** The owner kind of the workload's pods: Deployments own them through ReplicaSets, CronJobs through Jobs. */
export function directPodOwnerKind(kind: WorkloadRef["kind"]): string {
  return kind === "Deployment" ? "ReplicaSet" : kind === "CronJob" ? "Job" : kind;
}

export interface WorkloadMetricQueries {
  cpuCoresByPod: string;
  memoryBytesByPod: string;
  windowSeconds: number;
}

export function workloadMetricQueries(
  namespace: string,
  pods: readonly string[],
  opts: RateWindowOptions,
): WorkloadMetricQueries | Reason {
  if (pods.length === 0) return { kind: "reason", message: "No pod of this workload is known in this range." };
  const windowSeconds = rateWindowSeconds(opts);
  const sel = [
    matcher("namespace", "=", namespace),
    pods.length === 1 ? matcher("pod", "=", pods[0] ?? "") : matcher("pod", "=~", anyOfRegex(pods)),
    matcher("container", "!=", ""),
    matcher("container", "!=", "POD"),
  ];
  return {
    cpuCoresByPod: `sum by (pod) (rate(${selector([...sel, matcher("cpu", "=", "total")], "container_cpu_usage_seconds_total")}[${durationSeconds(windowSeconds)}]))`,
    // A restarted container's old series lingers for the lookback: one value per container.
    memoryBytesByPod: `sum by (pod) (max by (pod, container) (${selector(sel, "container_memory_working_set_bytes")}))`,
    windowSeconds,
  };
}

const POD_LABELS: Record<string, string> = { pod: "namespace", k8s_pod_name: "k8s_namespace_name" };

/** The merged logs of the pods: `{namespace="ns",pod=~"a|b"}` in the label scheme detection found. */
export function workloadLogQuery(
  mapping: LokiMapping,
  namespace: string,
  pods: readonly string[],
): { kind: "query"; query: string } | Reason {
  const nsLabel = POD_LABELS[mapping.label];
  if (!nsLabel)
    return {
      kind: "reason",
      message: `Loki streams are keyed by ${mapping.label}, not by pod, so the pods' logs cannot be merged by pod.`,
    };
  if (pods.length === 0) return { kind: "reason", message: "No pod of this workload is known in this range." };
  const pod =
    pods.length === 1 ? matcher(mapping.label, "=", pods[0] ?? "") : matcher(mapping.label, "=~", anyOfRegex(pods));
  return { kind: "query", query: selector([matcher(nsLabel, "=", namespace), pod]) };
}

/** The OTel resource attribute naming this workload (k8sattributes: k8s.deployment.name…). */
export function workloadAttribute(w: WorkloadRef): Record<string, string> {
  return { [`k8s.${w.kind.toLowerCase()}.name`]: w.name, "k8s.namespace.name": w.namespace };
}

/** The inventory's sparklines for every Kubernetes container: one query per signal. */
export function kubeSparklineQueries(opts: RateWindowOptions): { cpuCores: string; memoryBytes: string } {
  const w = durationSeconds(rateWindowSeconds(opts));
  const sel = [matcher("container", "!=", ""), matcher("container", "!=", "POD"), matcher("pod", "!=", "")];
  return {
    cpuCores: `sum by (namespace, pod, container) (rate(${selector([...sel, matcher("cpu", "=", "total")], "container_cpu_usage_seconds_total")}[${w}]))`,
    memoryBytes: `sum by (namespace, pod, container) (${selector(sel, "container_memory_working_set_bytes")})`,
  };
}
