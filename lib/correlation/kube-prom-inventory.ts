// Kubernetes containers from Prometheus alone (no API access): the kubelet's cAdvisor series
// name them (namespace/pod/container, pod cgroups `container=""` and the sandbox `POD`
// excluded), kube-state-metrics adds restarts, the last termination, limits, requests, node
// and owners (ReplicaSet → Deployment, Job → CronJob). Seen within the lookback, so pods that
// are gone still appear.
import type { Container, KubeWorkloadKind } from "../model/container";
import { kubeRef } from "../model/kube-ref";
import type { Labels } from "../model/series";

export const KUBE_PROM_LOOKBACK = "1h";
const CONTAINER_FILTER = 'container!="",container!="POD",pod!="",namespace!=""';
const K = "cluster, namespace, pod, container";
const lo = (q: string) => `last_over_time(${q}[${KUBE_PROM_LOOKBACK}])`;

/** Instant queries, each answered by one call; results go to kubeContainersFromPrometheus. */
export const KUBE_PROM_INVENTORY_QUERIES = {
  containers: `max by (${K}, image) (${lo(`container_memory_working_set_bytes{${CONTAINER_FILTER}}`)})`,
  /** Containers with a sample in the last 2 minutes (else: stopped or gone). */
  live: `max by (${K}) (last_over_time(container_memory_working_set_bytes{${CONTAINER_FILTER}}[2m]))`,
  restarts: `max by (${K}) (${lo("kube_pod_container_status_restarts_total")})`,
  lastTerminated: `max by (${K}, reason) (${lo("kube_pod_container_status_last_terminated_reason")})`,
  limits: `max by (${K}, resource) (${lo("kube_pod_container_resource_limits")})`,
  requests: `max by (${K}, resource) (${lo("kube_pod_container_resource_requests")})`,
  podInfo: `max by (cluster, namespace, pod, node, uid) (${lo("kube_pod_info")})`,
  podOwner: `max by (cluster, namespace, pod, owner_kind, owner_name) (${lo('kube_pod_owner{owner_is_controller="true"}')})`,
  replicaSetOwner: `max by (cluster, namespace, replicaset, owner_kind, owner_name) (${lo("kube_replicaset_owner")})`,
  jobOwner: `max by (cluster, namespace, job_name, owner_kind, owner_name) (${lo("kube_job_owner")})`,
} as const;

export type KubePromResults = {
  -readonly [k in keyof typeof KUBE_PROM_INVENTORY_QUERIES]?: { labels: Labels; value: number }[];
};

const ck = (l: Labels) => `${l.cluster ?? ""}\u0000${l.namespace ?? ""}\u0000${l.pod ?? ""}\u0000${l.container ?? ""}`;
const pk = (l: Labels) => `${l.cluster ?? ""}\u0000${l.namespace ?? ""}\u0000${l.pod ?? ""}`;
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "ReplicaSet"]);

export function kubeContainersFromPrometheus(r: KubePromResults): Container[] {
  const live = new Set((r.live ?? []).map((s) => ck(s.labels)));
  const restarts = new Map((r.restarts ?? []).map((s) => [ck(s.labels), s.value]));
  const reasons = new Map(
    (r.lastTerminated ?? []).filter((s) => s.value > 0).map((s) => [ck(s.labels), s.labels.reason ?? ""]),
  );
  const res = (rows: KubePromResults["limits"]) => {
    const m = new Map<string, { cpuCores?: number; memoryBytes?: number }>();
    for (const s of rows ?? []) {
      const e = m.get(ck(s.labels)) ?? {};
      if (s.labels.resource === "cpu") e.cpuCores = s.value;
      if (s.labels.resource === "memory") e.memoryBytes = s.value;
      m.set(ck(s.labels), e);
    }
    return m;
  };
  const limits = res(r.limits);
  const requests = res(r.requests);
  const info = new Map((r.podInfo ?? []).map((s) => [pk(s.labels), s.labels]));
  const owner = new Map((r.podOwner ?? []).map((s) => [pk(s.labels), s.labels]));
  const up = new Map<string, { kind: string; name: string }>();
  for (const s of r.replicaSetOwner ?? [])
    up.set(
      `${s.labels.cluster ?? ""}\u0000${s.labels.namespace ?? ""}\u0000ReplicaSet\u0000${s.labels.replicaset ?? ""}`,
      {
        kind: s.labels.owner_kind ?? "",
        name: s.labels.owner_name ?? "",
      },
    );
  for (const s of r.jobOwner ?? [])
    up.set(`${s.labels.cluster ?? ""}\u0000${s.labels.namespace ?? ""}\u0000Job\u0000${s.labels.job_name ?? ""}`, {
      kind: s.labels.owner_kind ?? "",
      name: s.labels.owner_name ?? "",
    });

  const out = new Map<string, Container>();
  for (const s of r.containers ?? []) {
    const l = s.labels;
    const { namespace, pod, container } = l;
    if (!namespace || !pod || !container || container === "POD") continue;
    const key = ck(l);
    if (out.has(key)) continue;
    const cluster = l.cluster || undefined;
    const o = owner.get(pk(l));
    let workload: { kind: KubeWorkloadKind; name: string } = { kind: "Pod", name: pod };
    let direct: { kind: string; name: string } | undefined;
    if (o?.owner_kind && o.owner_name && WORKLOADS.has(o.owner_kind)) {
      workload = { kind: o.owner_kind as KubeWorkloadKind, name: o.owner_name };
      const u = up.get(`${l.cluster ?? ""}\u0000${namespace}\u0000${o.owner_kind}\u0000${o.owner_name}`);
      if (u && (u.kind === "Deployment" || u.kind === "CronJob")) {
        direct = { kind: o.owner_kind, name: o.owner_name };
        workload = { kind: u.kind, name: u.name };
      }
    }
    const running = live.has(key);
    const reason = reasons.get(key);
    const nRestarts = restarts.get(key);
    const pi = info.get(pk(l));
    const lim = limits.get(key);
    out.set(key, {
      id: "",
      shortId: "",
      name: kubeRef({ ...(cluster ? { cluster } : {}), namespace, pod, container }),
      engine: "kubernetes",
      host: cluster ?? "prometheus",
      image: l.image ?? "",
      state: running ? "running" : "unknown",
      status: running ? "seen by Prometheus" : "no samples in the last 2 minutes (stopped, or the pod is gone)",
      labels: {},
      pod: { name: pod, namespace, ...(pi?.uid ? { id: pi.uid } : {}) },
      source: "prometheus",
      ...(cluster ? { cluster } : {}),
      namespace,
      ...(nRestarts !== undefined ? { restartCount: nRestarts } : {}),
      ...(lim ? { limits: { memoryBytes: lim.memoryBytes, cpus: lim.cpuCores } } : {}),
      kube: {
        container,
        kind: "container",
        ...(pi?.uid ? { podUid: pi.uid } : {}),
        ...(pi?.node ? { node: pi.node } : {}),
        workload,
        ...(direct ? { owner: direct } : {}),
        ...(reason ? { lastTerminated: { reason } } : {}),
        ...(lim ? { limits: lim } : {}),
        ...(requests.get(key) ? { requests: requests.get(key) } : {}),
      },
    });
  }
  return [...out.values()];
}
