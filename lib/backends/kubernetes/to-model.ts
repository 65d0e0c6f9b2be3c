// Pods → Containers. One Container per spec container (init and ephemeral ones marked); the
// pause container never appears in the API, and a cAdvisor-only `POD` is dropped elsewhere.
// Owners are resolved through ownerReferences (ReplicaSet → Deployment, Job → CronJob) with a
// lookup the caller supplies; never by stripping hashes from names.
import type {
  Container,
  ContainerState,
  KubeContainerInfo,
  KubeContainerKind,
  KubeTermination,
  KubeWorkloadKind,
} from "../../model/container";
import { kubeRef } from "../../model/kube-ref";
import { type Millis, millis } from "../../model/time";
import { parseQuantity } from "./quantity";
import type { WireContainerStatus, WirePod, WireTerminated } from "./schemas";

export interface OwnerRef {
  kind: string;
  name: string;
}

export interface PodMapContext {
  cluster: string;
  /** The controller of a ReplicaSet or Job (namespace, kind, name), when known. */
  ownerOf(namespace: string, kind: string, name: string): OwnerRef | undefined;
}

/** `containerd://abc…` → { runtime: "containerd", id: "abc…" }; any prefix, or none. */
export function splitContainerId(v: string | null | undefined): { runtime?: string; id?: string } {
  if (!v) return {};
  const i = v.indexOf("://");
  if (i < 0) return { id: v.toLowerCase() };
  return { runtime: v.slice(0, i), id: v.slice(i + 3).toLowerCase() || undefined };
}

function time(s: string | null | undefined): Millis | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? millis(t) : undefined;
}

export function termination(t: WireTerminated | null | undefined): KubeTermination | undefined {
  if (!t) return undefined;
  const out: KubeTermination = {};
  if (t.reason) out.reason = t.reason;
  if (t.exitCode !== undefined) out.exitCode = t.exitCode;
  if (typeof t.signal === "number") out.signal = t.signal;
  if (t.message) out.message = t.message.slice(0, 1024);
  const s = time(t.startedAt);
  const f = time(t.finishedAt);
  if (s !== undefined) out.startedAt = s;
  if (f !== undefined) out.finishedAt = f;
  return out;
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "ReplicaSet"]);

/** The controller reference, then one more hop for ReplicaSet and Job. */
export function resolveWorkload(
  pod: WirePod,
  ctx: Pick<PodMapContext, "ownerOf">,
): { workload: { kind: KubeWorkloadKind; name: string }; owner?: OwnerRef } {
  const refs = pod.metadata.ownerReferences ?? [];
  const ctrl = refs.find((r) => r.controller) ?? refs[0];
  if (!ctrl) return { workload: { kind: "Pod", name: pod.metadata.name } };
  const ns = pod.metadata.namespace ?? "";
  if (ctrl.kind === "ReplicaSet" || ctrl.kind === "Job") {
    const up = ctx.ownerOf(ns, ctrl.kind, ctrl.name);
    const owner = { kind: ctrl.kind, name: ctrl.name };
    if (up && (up.kind === "Deployment" || up.kind === "CronJob"))
      return { workload: { kind: up.kind, name: up.name }, owner };
    return { workload: { kind: ctrl.kind, name: ctrl.name } };
  }
  if (WORKLOAD_KINDS.has(ctrl.kind)) return { workload: { kind: ctrl.kind as KubeWorkloadKind, name: ctrl.name } };
  // A custom controller (an operator's CRD): name the pod's workload after it as given.
  return { workload: { kind: "Pod", name: pod.metadata.name }, owner: { kind: ctrl.kind, name: ctrl.name } };
}

function stateOf(
  st: WireContainerStatus | undefined,
  phase: string | null | undefined,
): {
  state: ContainerState;
  reason?: string;
} {
  const s = st?.state;
  if (s?.running) return { state: "running" };
  if (s?.terminated) return { state: "exited", reason: s.terminated.reason ?? undefined };
  if (s?.waiting) {
    const r = s.waiting.reason ?? undefined;
    return { state: r === "CrashLoopBackOff" ? "restarting" : "created", reason: r };
  }
  if (phase === "Pending") return { state: "created" };
  return { state: "unknown" };
}

function statusLine(state: ContainerState, reason: string | undefined, restarts: number): string {
  const base = reason ?? (state === "running" ? "Running" : state === "exited" ? "Terminated" : "Waiting");
  return restarts > 0 ? `${base} · ${restarts} restart${restarts === 1 ? "" : "s"}` : base;
}

function resources(r: Record<string, string | number> | null | undefined) {
  if (!r) return undefined;
  const cpuCores = parseQuantity(r.cpu);
  const memoryBytes = parseQuantity(r.memory);
  if (cpuCores === undefined && memoryBytes === undefined) return undefined;
  return {
    ...(cpuCores !== undefined ? { cpuCores } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
  };
}

export function podToContainers(pod: WirePod, ctx: PodMapContext): Container[] {
  const meta = pod.metadata;
  const namespace = meta.namespace ?? "default";
  const { workload, owner } = resolveWorkload(pod, ctx);
  const statuses = new Map<string, WireContainerStatus>();
  for (const s of [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ])
    statuses.set(s.name, s);
  const specs: { spec: (typeof pod.spec.containers)[number]; kind: KubeContainerKind }[] = [
    ...(pod.spec.initContainers ?? []).map((spec) => ({ spec, kind: "init" as const })),
    ...pod.spec.containers.map((spec) => ({ spec, kind: "container" as const })),
    ...(pod.spec.ephemeralContainers ?? []).map((spec) => ({ spec, kind: "ephemeral" as const })),
  ];
  const labels = meta.labels ?? {};
  const annotations = meta.annotations ?? {};
  return specs
    .filter(({ spec }) => spec.name !== "POD")
    .map(({ spec, kind }) => {
      const st = statuses.get(spec.name);
      const rid = splitContainerId(st?.containerID);
      const { state, reason } = stateOf(st, pod.status?.phase);
      const restarts = st?.restartCount ?? 0;
      const id = rid.id ?? `${meta.uid ?? `${namespace}/${meta.name}`}/${spec.name}`;
      const current = st?.state?.terminated ? termination(st.state.terminated) : undefined;
      const kube: KubeContainerInfo = {
        container: spec.name,
        kind,
        podUid: meta.uid,
        runtime: rid.runtime,
        runtimeId: rid.id,
        node: pod.spec.nodeName ?? undefined,
        ready: st?.ready,
        podPhase: pod.status?.phase ?? undefined,
        workload,
        owner,
        stateReason: reason,
        lastTerminated: termination(st?.lastState?.terminated),
        terminated: current,
        requests: resources(spec.resources?.requests),
        limits: resources(spec.resources?.limits),
        annotations,
      };
      const lim = kube.limits;
      const c: Container = {
        id,
        shortId: id.slice(0, 12),
        name: kubeRef({ cluster: ctx.cluster, namespace, pod: meta.name, container: spec.name }),
        engine: "kubernetes",
        host: ctx.cluster,
        image: spec.image ?? st?.image ?? "",
        state,
        status: statusLine(state, reason, restarts),
        createdAt: time(meta.creationTimestamp),
        startedAt: time(st?.state?.running?.startedAt ?? st?.state?.terminated?.startedAt),
        finishedAt: current?.finishedAt,
        exitCode: current?.exitCode,
        labels,
        pod: { name: meta.name, namespace, id: meta.uid },
        hostname: meta.name,
        restartCount: restarts,
        limits: lim ? { memoryBytes: lim.memoryBytes, cpus: lim.cpuCores } : undefined,
        source: "engine",
        cluster: ctx.cluster,
        namespace,
        kube,
      };
      return c;
    });
}
