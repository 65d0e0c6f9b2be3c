// A container's life on the time axis: what happened when, and who said so. Sources differ in
// what they know (the engine forgets after a daemon restart, Prometheus only sees start times
// and memory at its scrape resolution, Kubernetes keeps only the last termination), so every
// event lists its sources and the timeline lists what it could not know.
import type { Millis } from "./time";

export type LifecycleKind =
  | "create"
  | "start"
  | "restart"
  | "exit"
  | "oom"
  | "kill"
  | "stop"
  | "health"
  | "checkpoint"
  | "restore"
  | "destroy"
  /** Something the container's Podman pod did (reason: the action, e.g. "pod lc-pod stop"). */
  | "pod"
  /** The kubelet waiting before it restarts a failed container (BackOff, CrashLoopBackOff). */
  | "backoff";

export type LifecycleSourceName = "docker" | "podman" | "prometheus" | "kubernetes";

export interface LifecycleEvent {
  at: Millis;
  kind: LifecycleKind;
  sources: LifecycleSourceName[];
  /** The engine id the event belongs to, when the source knows it. */
  containerId?: string;
  exitCode?: number;
  /** Signal number of a kill. */
  signal?: number;
  /** health: the new status (healthy, unhealthy, starting). */
  health?: string;
  /** Free text from the source: a Kubernetes reason ("OOMKilled", "BackOff"), a message. */
  reason?: string;
  /** ± this many ms: Prometheus knows times only to its scrape/step resolution. */
  uncertaintyMs?: number;
  /** Set when the event belongs to an earlier container that had the same name. */
  otherContainer?: boolean;
}

/** What the timeline could not know, said on screen. */
export interface LifecycleGap {
  kind:
    | "engine-forgot"
    | "engine-unavailable"
    | "prometheus-unavailable"
    | "id-reused"
    | "duplicates"
    | "truncated"
    /** Kubernetes events could not be read (403, unreachable): statuses and Prometheus still shown. */
    | "events-unavailable";
  message: string;
}

/** One "why did it stop?" answer. */
export interface ExitExplanation {
  at: Millis;
  exitCode?: number;
  /** "OOM killed", "SIGKILL", "SIGTERM", "exited 0", "error exit 3", "stopped (unknown code)". */
  label: string;
  /** A sentence or two from the evidence. */
  explanation: string;
  oom: boolean;
  /** Each piece of evidence for the verdict, with its source. */
  evidence: string[];
  /** The last log lines before the exit (text only, oldest first). */
  lastLogs: { ts: string; line: string }[];
  /** Link to the log context around the exit (lib/url). */
  logsHref?: string;
  /** Why the last log lines are missing, when they are. */
  logsReason?: string;
  failedHealth?: { at: Millis; status: string };
  /** Was it started again afterwards (inside the range)? */
  restartedAt?: Millis;
}

export interface LifecycleSummary {
  restarts: number;
  /** When each counted restart happened (the starts that were not the container's first). */
  restartsAt: Millis[];
  oomKills: number;
  exits: number;
  /** "restarted 3× in this range, last: OOM killed at 14:03" */
  text: string;
  /** The last exit, and a link that narrows the range to the minutes around it. */
  last?: { at: Millis; label: string; href: string };
}

export interface LifecycleResponse {
  containerId: string;
  events: LifecycleEvent[];
  exits: ExitExplanation[];
  summary: LifecycleSummary;
  gaps: LifecycleGap[];
  /** Per-source errors: one failing source never blanks the others. */
  errors: { source: LifecycleSourceName | "loki"; message: string }[];
}

/** Inventory badge counts for one container over the last hour. */
export interface RecentBadge {
  restarts: number;
  oomKills: number;
  /** Exits with 137 where the engine gave no OOM verdict (Podman sends no oom event). */
  killed: number;
}

export interface RecentLifecycleResponse {
  /** Keyed by container id (engine) or by name (Prometheus). */
  byId: Record<string, RecentBadge>;
  byName: Record<string, RecentBadge>;
  errors: string[];
}

/** `GET /api/containers/[ref]/kube`. */
export interface KubeYamlResponse {
  yaml?: string;
  of?: "pod" | "container";
  ref?: string;
  reason?: string;
}
