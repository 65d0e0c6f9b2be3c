import type { Millis } from "./time";

export type EngineKind = "docker" | "podman" | "kubernetes";
export type ContainerState =
  | "created"
  | "running"
  | "paused"
  | "restarting"
  | "exited"
  | "removing"
  | "dead"
  | "unknown";

export interface Container {
  /** 64 hex characters. */
  id: string;
  /** First 12 characters of the id. */
  shortId: string;
  /** Without the leading "/". */
  name: string;
  engine: EngineKind;
  /** The engine endpoint this container was listed by (a display name, never a credential). */
  host: string;
  image: string;
  state: ContainerState;
  /** Engine's human status line, e.g. "Up 4 days", when it gives one. */
  status?: string;
  createdAt?: Millis;
  startedAt?: Millis;
  finishedAt?: Millis;
  exitCode?: number;
  labels: Record<string, string>;
  compose?: { project: string; service: string };
  pod?: { name: string; namespace?: string; id?: string };
  /** Only from inspect. */
  hostname?: string;
  restartCount?: number;
  limits?: { memoryBytes?: number; cpus?: number };
  /** Where the container came from: an engine, or only Prometheus (another host / removed). */
  source: "engine" | "prometheus";
  /** Kubernetes only: the cluster's configured name. A plain field so scopes can key on it. */
  cluster?: string;
  /** Kubernetes only: the pod's namespace (also in `pod.namespace`). */
  namespace?: string;
  /** Kubernetes only: what the pod and its status say about this container. */
  kube?: KubeContainerInfo;
}

export type KubeContainerKind = "container" | "init" | "ephemeral";
export type KubeWorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "CronJob" | "Job" | "ReplicaSet" | "Pod";

export interface KubeTermination {
  reason?: string;
  exitCode?: number;
  signal?: number;
  startedAt?: Millis;
  finishedAt?: Millis;
  message?: string;
}

/** A Kubernetes container's status, as the API or kube-state-metrics report it. */
export interface KubeContainerInfo {
  /** The container's name in the pod spec (Container.name is the namespace/pod/container ref). */
  container: string;
  kind: KubeContainerKind;
  podUid?: string;
  /** Runtime of `containerID` (`containerd`, `cri-o`, `docker`…) and the id after `://`. */
  runtime?: string;
  runtimeId?: string;
  node?: string;
  ready?: boolean;
  podPhase?: string;
  /** The controller owning the pod, resolved through ownerReferences (ReplicaSet → Deployment, Job → CronJob). */
  workload?: { kind: KubeWorkloadKind; name: string };
  /** The pod's direct controller (`ReplicaSet nginx-67d4bdd6f5`), when it differs from the workload. */
  owner?: { kind: string; name: string };
  /** `waiting`/`terminated` reason of the current state (CrashLoopBackOff, Completed…). */
  stateReason?: string;
  /** The previous run (`lastState.terminated`): OOMKilled, exit 137… */
  lastTerminated?: KubeTermination;
  /** The current run, when it has terminated. */
  terminated?: KubeTermination;
  requests?: { cpuCores?: number; memoryBytes?: number };
  limits?: { cpuCores?: number; memoryBytes?: number };
  annotations?: Record<string, string>;
}

export interface ContainerStats {
  at: Millis;
  cpuSeconds: number;
  memoryBytes: number;
  memoryLimitBytes?: number;
  networkRxBytes: number;
  networkTxBytes: number;
  pids?: number;
}

export type ContainerEventAction =
  | "create"
  | "start"
  | "stop"
  | "die"
  | "kill"
  | "pause"
  | "unpause"
  | "restart"
  | "destroy"
  | "oom"
  | "health_status"
  | string;

export interface ContainerEvent {
  at: Millis;
  containerId: string;
  name?: string;
  action: ContainerEventAction;
  attributes: Record<string, string>;
}

export const COMPOSE_PROJECT = "com.docker.compose.project";
export const COMPOSE_SERVICE = "com.docker.compose.service";
export const PODMAN_COMPOSE_PROJECT = "io.podman.compose.project";
export const PODMAN_COMPOSE_SERVICE = "io.podman.compose.service";
export const K8S_POD_NAME = "io.kubernetes.pod.name";
export const K8S_POD_NAMESPACE = "io.kubernetes.pod.namespace";

/** Compose project/service from either Docker or podman-compose labels. */
export function composeOf(labels: Record<string, string>): Container["compose"] {
  const project = labels[COMPOSE_PROJECT] ?? labels[PODMAN_COMPOSE_PROJECT];
  const service = labels[COMPOSE_SERVICE] ?? labels[PODMAN_COMPOSE_SERVICE];
  return project || service ? { project: project ?? "", service: service ?? "" } : undefined;
}

export function normalizeState(s: string | undefined): ContainerState {
  const v = (s ?? "").toLowerCase();
  const known: ContainerState[] = ["created", "running", "paused", "restarting", "exited", "removing", "dead"];
  if (v === "stopped" || v === "configured") return v === "stopped" ? "exited" : "created";
  return (known as string[]).includes(v) ? (v as ContainerState) : "unknown";
}
