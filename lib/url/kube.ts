// Kubernetes paths: a container by namespace/pod/container that still resolves after the pod is
// deleted, and a workload page. The cluster rides along as `?cluster=` when it is known.
import type { KubeWorkloadKind } from "../model/container";
import { type KubeKey, kubeRef, parseKubeRef } from "../model/kube-ref";
import type { RangeExpr } from "./range";
import { formatRange } from "./range";
import type { ChromeState } from "./state";
import { toQuery } from "./query";

const seg = (s: string) => encodeURIComponent(s);

/** Path segment of each workload kind, as in the API (`deployments`, `statefulsets`…). */
export const WORKLOAD_SEGMENTS: Record<Exclude<KubeWorkloadKind, "Pod">, string> = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  CronJob: "cronjobs",
  Job: "jobs",
  ReplicaSet: "replicasets",
};
export type WorkloadPageKind = keyof typeof WORKLOAD_SEGMENTS;

export function workloadKindOfSegment(s: string): WorkloadPageKind | undefined {
  const hit = Object.entries(WORKLOAD_SEGMENTS).find(([, v]) => v === s.toLowerCase());
  return hit?.[0] as WorkloadPageKind | undefined;
}

/** kubectl's names of each kind (`kubectl get deploy/checkout`, `deployment/checkout`), besides the plural. */
const WORKLOAD_ALIASES: Record<string, WorkloadPageKind> = {
  deployment: "Deployment",
  deploy: "Deployment",
  statefulset: "StatefulSet",
  sts: "StatefulSet",
  daemonset: "DaemonSet",
  ds: "DaemonSet",
  cronjob: "CronJob",
  cj: "CronJob",
  job: "Job",
  replicaset: "ReplicaSet",
  rs: "ReplicaSet",
};

/**
 * The kind a workload path segment names, by its canonical plural or any of kubectl's names
 * (singular, short): a link typed the way kubectl spells it is redirected to the canonical path.
 */
export function workloadKindOfAlias(s: string): WorkloadPageKind | undefined {
  const lower = s.toLowerCase();
  return workloadKindOfSegment(lower) ?? (Object.hasOwn(WORKLOAD_ALIASES, lower) ? WORKLOAD_ALIASES[lower] : undefined);
}

/** `/k8s/{namespace}/pods/{pod}/{container}` for a kubeRef, with the cluster and `query` appended. */
export function kubeContainerPath(key: KubeKey, query: string): string {
  const q = [key.cluster !== undefined ? `cluster=${encodeURIComponent(key.cluster)}` : "", query]
    .filter(Boolean)
    .join("&");
  const path = `/k8s/${seg(key.namespace)}/pods/${seg(key.pod)}/${seg(key.container)}`;
  return q ? `${path}?${q}` : path;
}

/** The kubeRef a `/k8s/…/pods/…` route addresses (its segments already decoded). */
export function kubeRefOfRoute(p: { namespace: string; pod: string; container: string }, cluster?: string): string {
  return kubeRef({ ...(cluster ? { cluster } : {}), namespace: p.namespace, pod: p.pod, container: p.container });
}

export { parseKubeRef };

export type { WorkloadKey } from "../model/kube-ref";
import type { WorkloadKey } from "../model/kube-ref";

export interface WorkloadLinkState extends Partial<ChromeState> {
  range?: RangeExpr;
}

/** `/k8s/{namespace}/{deployments|statefulsets|…}/{name}`. */
export function workloadHref(w: WorkloadKey, state: WorkloadLinkState = {}): string {
  const pairs: [string, string | undefined][] = [
    ["cluster", w.cluster],
    ...(state.range ? formatRange(state.range) : []),
    ["theme", state.theme],
    ["embed", state.embed ? "1" : undefined],
  ];
  const q = toQuery(pairs);
  const path = `/k8s/${seg(w.namespace)}/${WORKLOAD_SEGMENTS[w.kind]}/${seg(w.name)}`;
  return q ? `${path}?${q}` : path;
}
