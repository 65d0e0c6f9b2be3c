import type { Millis } from "./time";

export type EngineKind = "docker" | "podman";
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
