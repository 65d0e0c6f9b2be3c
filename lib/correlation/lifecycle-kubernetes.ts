// What a Kubernetes adapter knows about a container's life, as lifecycle events: the
// container status (`lastState.terminated`, `state.running.startedAt`, `restartCount`) and
// the events (`OOMKilling`, `BackOff`, `Unhealthy`, `Killing`, `Started`). Shapes are the
// minimal domain fields an adapter maps its wire objects to, so #12's adapter can implement
// lib/server/lifecycle.ts' LifecycleSource with these two functions.
import type { LifecycleEvent } from "../model/lifecycle";
import type { Millis } from "../model/time";

export interface K8sTerminated {
  exitCode?: number;
  signal?: number;
  /** "OOMKilled", "Error", "Completed", "ContainerCannotRun"… */
  reason?: string;
  message?: string;
  startedAt?: Millis;
  finishedAt?: Millis;
}

export interface K8sContainerStatus {
  restartCount?: number;
  runningSince?: Millis;
  lastTerminated?: K8sTerminated;
}

export interface K8sEvent {
  at: Millis;
  /** Event reason: OOMKilling, BackOff, Unhealthy, Killing, Started, Created, Pulled… */
  reason: string;
  message?: string;
  count?: number;
}

const src = ["kubernetes"] as LifecycleEvent["sources"];

/** The last termination and the current start: all a status remembers (one restart deep). */
export function kubernetesStatusEvents(s: K8sContainerStatus): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  const t = s.lastTerminated;
  if (t?.finishedAt !== undefined) {
    out.push({
      at: t.finishedAt,
      kind: "exit",
      sources: [...src],
      exitCode: t.exitCode,
      signal: t.signal,
      reason: [t.reason, t.message].filter(Boolean).join(": ") || undefined,
    });
    if (t.reason === "OOMKilled") out.push({ at: t.finishedAt, kind: "oom", sources: [...src], reason: "OOMKilled" });
  }
  if (s.runningSince !== undefined) out.push({ at: s.runningSince, kind: "start", sources: [...src] });
  return out.sort((a, b) => a.at - b.at);
}

/** Events that say something about the container's life; others (Pulled, Scheduled…) are dropped. */
export function kubernetesEventEvents(evs: readonly K8sEvent[]): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  for (const e of evs) {
    const reason = e.message ? `${e.reason}: ${e.message}` : e.reason;
    switch (e.reason) {
      case "OOMKilling":
        out.push({ at: e.at, kind: "oom", sources: [...src], reason });
        break;
      case "Killing":
        out.push({ at: e.at, kind: "kill", sources: [...src], reason });
        break;
      case "Unhealthy":
        out.push({ at: e.at, kind: "health", sources: [...src], health: "unhealthy", reason });
        break;
      case "Started":
        out.push({ at: e.at, kind: "start", sources: [...src], reason });
        break;
      case "BackOff":
        // Not an event of the container itself: the kubelet waiting to restart it.
        out.push({ at: e.at, kind: "restart", sources: [...src], reason });
        break;
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
