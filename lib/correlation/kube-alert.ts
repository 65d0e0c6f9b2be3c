// /go for kube-prometheus alerts: `namespace` + `pod` (+ `container`) land on a container (even
// one whose pod is gone), `deployment`/`statefulset`/`daemonset`/`job_name`/`cronjob` on the
// workload, a pod of several containers on a chooser. `cluster` narrows when given.
import type { Container } from "../model/container";
import { type KubeKey, kubeRef, sameKubeKey, type WorkloadKey } from "../model/kube-ref";

export type KubeAlertTarget =
  | { kind: "container"; ref: string; listed: boolean }
  | { kind: "workload"; workload: WorkloadKey }
  | { kind: "pod"; cluster?: string; namespace: string; pod: string; candidates: Container[] };

const first = (l: Record<string, string>, keys: string[]) => {
  for (const k of keys) {
    const v = l[k]?.trim();
    if (v) return v;
  }
  return undefined;
};

const keyOf = (c: Container): KubeKey => ({
  ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
  namespace: c.namespace ?? c.pod?.namespace ?? "",
  pod: c.pod?.name ?? "",
  container: c.kube?.container ?? "",
});

/** undefined: not a Kubernetes alert (no namespace), the Docker/Podman matcher decides. */
export function kubeAlertTarget(
  labels: Record<string, string>,
  containers: readonly Container[],
): KubeAlertTarget | undefined {
  const namespace = first(labels, ["namespace", "k8s_namespace_name", "exported_namespace"]);
  if (!namespace) return undefined;
  const cluster = first(labels, ["cluster", "k8s_cluster_name"]);
  const pod = first(labels, ["pod", "k8s_pod_name", "exported_pod"]);
  const rawContainer = first(labels, ["container", "k8s_container_name", "exported_container"]);
  const container = rawContainer && rawContainer !== "POD" ? rawContainer : undefined;
  const kube = containers.filter(
    (c) => c.kube && (cluster === undefined || c.cluster === undefined || c.cluster === cluster),
  );
  if (pod && container) {
    const key: KubeKey = { ...(cluster ? { cluster } : {}), namespace, pod, container };
    const hits = kube.filter((c) => sameKubeKey(key, keyOf(c)));
    const only = hits[0];
    if (hits.length === 1 && only) return { kind: "container", ref: only.name, listed: true };
    return { kind: "container", ref: kubeRef(key), listed: false };
  }
  if (pod) {
    const inPod = kube.filter((c) => c.namespace === namespace && c.pod?.name === pod);
    const main = inPod.filter((c) => c.kube?.kind === "container");
    const only = main[0];
    if (main.length === 1 && only) return { kind: "container", ref: only.name, listed: true };
    return { kind: "pod", ...(cluster ? { cluster } : {}), namespace, pod, candidates: main.length ? main : inPod };
  }
  const w = (kind: WorkloadKey["kind"], name: string): KubeAlertTarget => ({
    kind: "workload",
    workload: { ...(cluster ? { cluster } : {}), namespace, kind, name },
  });
  const deployment = first(labels, ["deployment", "k8s_deployment_name"]);
  if (deployment) return w("Deployment", deployment);
  const sts = first(labels, ["statefulset", "k8s_statefulset_name"]);
  if (sts) return w("StatefulSet", sts);
  const ds = first(labels, ["daemonset", "k8s_daemonset_name"]);
  if (ds) return w("DaemonSet", ds);
  const cron = first(labels, ["cronjob", "k8s_cronjob_name"]);
  if (cron) return w("CronJob", cron);
  const job = first(labels, ["job_name", "k8s_job_name"]);
  if (job) {
    // A CronJob's Job: the pods listed say which CronJob owns it.
    const owned = kube.find(
      (c) => c.namespace === namespace && c.kube?.owner?.kind === "Job" && c.kube.owner.name === job,
    );
    const wl = owned?.kube?.workload;
    return wl?.kind === "CronJob" ? w("CronJob", wl.name) : w("Job", job);
  }
  const rs = first(labels, ["replicaset", "k8s_replicaset_name"]);
  if (rs) {
    const owned = kube.find(
      (c) => c.namespace === namespace && c.kube?.owner?.kind === "ReplicaSet" && c.kube.owner.name === rs,
    );
    const wl = owned?.kube?.workload;
    return wl?.kind === "Deployment" ? w("Deployment", wl.name) : w("ReplicaSet", rs);
  }
  return undefined;
}
