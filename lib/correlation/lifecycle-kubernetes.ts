// What Kubernetes knows about a container's life, as lifecycle events: the container status
// (`lastState.terminated`, the current `state`, `restartCount`) and the pod's Events
// (`OOMKilling`, `BackOff`, `Unhealthy`, `Killing`, `Started`, `Created`), plus a node's
// `OOMKilling` where it lines up with an exit of this container. Pure: the adapter
// (lib/backends/kubernetes) reads the objects, lib/server/lifecycle-kubernetes.ts calls this.
//
// What Kubernetes cannot say is said as gaps: a status remembers one termination, the kubelet
// folds repeats of an event into one object (first and last time only), events expire after
// about an hour, and a pod name can be reused by a new pod (another uid).
import type { KubeEvent, KubeEventList } from "../model/kube-event";
import type { LifecycleEvent, LifecycleGap, LifecycleKind } from "../model/lifecycle";
import type { Point } from "../model/series";
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
  /** The current run, when it has ended (a finished Job, a crashed container waiting). */
  terminated?: K8sTerminated;
  /** `state.waiting.reason`: CrashLoopBackOff, ContainerCreating, ImagePullBackOff… */
  waitingReason?: string;
}

/** A single occurrence, the shape the mapping works on. */
export interface K8sEvent {
  at: Millis;
  /** Event reason: OOMKilling, BackOff, Unhealthy, Killing, Started, Created, Pulled… */
  reason: string;
  message?: string;
  count?: number;
}

const src = ["kubernetes"] as LifecycleEvent["sources"];
/** Two Kubernetes reports of one happening (status and event) are at most this far apart. */
const SAME_MS = 2500;
/** A node's OOMKilling counts for this container only this close to one of its exits. */
const NODE_OOM_WINDOW_MS = 10_000;

function terminationEvents(t: K8sTerminated | undefined, out: LifecycleEvent[]) {
  if (t?.finishedAt === undefined) return;
  out.push({
    at: t.finishedAt,
    kind: "exit",
    sources: [...src],
    exitCode: t.exitCode,
    signal: t.signal,
    reason: [t.reason, t.message].filter(Boolean).join(": ") || undefined,
  });
  if (t.reason === "OOMKilled") out.push({ at: t.finishedAt, kind: "oom", sources: [...src], reason: "OOMKilled" });
  if (t.startedAt !== undefined) out.push({ at: t.startedAt, kind: "start", sources: [...src] });
}

/** The last termination, the current run, and the wait before a restart: all a status remembers. */
export function kubernetesStatusEvents(s: K8sContainerStatus): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  terminationEvents(s.lastTerminated, out);
  terminationEvents(s.terminated, out);
  if (s.runningSince !== undefined) out.push({ at: s.runningSince, kind: "start", sources: [...src] });
  const endedAt = s.terminated?.finishedAt ?? s.lastTerminated?.finishedAt;
  if (s.waitingReason && /BackOff$/.test(s.waitingReason) && endedAt !== undefined && s.runningSince === undefined)
    out.push({ at: (endedAt + 1) as Millis, kind: "backoff", sources: [...src], reason: s.waitingReason });
  return out.sort((a, b) => a.at - b.at);
}

const KIND_OF: Record<string, LifecycleKind> = {
  OOMKilling: "oom",
  Killing: "kill",
  Unhealthy: "health",
  Started: "start",
  Created: "create",
  // The kubelet waiting before it restarts the container, not a restart itself.
  BackOff: "backoff",
};

/** Occurrences that say something about the container's life; others (Pulled, Scheduled…) are dropped. */
export function kubernetesEventEvents(evs: readonly K8sEvent[]): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  for (const e of evs) {
    const kind = KIND_OF[e.reason];
    if (!kind) continue;
    const reason = e.message ? `${e.reason}: ${e.message}` : e.reason;
    const ev: LifecycleEvent = { at: e.at, kind, sources: [...src], reason };
    if (kind === "health") ev.health = "unhealthy";
    // Killing for a failed probe comes before a SIGTERM; the kubelet's own grace logic sends KILL later.
    if (kind === "kill") ev.signal = 15;
    out.push(ev);
  }
  return out.sort((a, b) => a.at - b.at);
}

/** An aggregated event's first and last occurrence (the ones in between are not known). */
export function occurrences(e: KubeEvent): K8sEvent[] {
  const times = e.count > 1 && e.lastAt !== e.firstAt ? [e.firstAt, e.lastAt] : [e.lastAt];
  const note = e.count > 1 ? ` (×${e.count})` : "";
  return times.map((at) => ({ at, reason: e.reason, message: `${e.message ?? ""}${note}`.trim() || undefined }));
}

const eventKey = (e: KubeEvent) =>
  [e.involved.uid ?? "", e.reason, e.message ?? "", e.firstAt, e.lastAt, e.count, e.container ?? ""].join("\u0000");

/** Same-kind Kubernetes reports within SAME_MS become one (status start + Started event…). */
function fold(evs: LifecycleEvent[]): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  const lastOf = new Map<string, LifecycleEvent>();
  for (const e of evs.sort((a, b) => a.at - b.at)) {
    const k = `${e.kind}|${e.otherContainer ? 1 : 0}`;
    const prev = lastOf.get(k);
    if (prev && e.at - prev.at <= SAME_MS) {
      prev.exitCode ??= e.exitCode;
      prev.signal ??= e.signal;
      prev.health ??= e.health;
      // The status's reason (OOMKilled) first, an event's wording after it.
      if (e.reason && !prev.reason?.includes(e.reason))
        prev.reason = prev.reason ? `${prev.reason}; ${e.reason}` : e.reason;
      continue;
    }
    out.push(e);
    lastOf.set(k, e);
  }
  return out;
}

export interface KubernetesTimelineInput {
  pod: string;
  /** The container's name in the pod spec. */
  container: string;
  /** The pod the page is about; events of another pod with the same name are marked. */
  podUid?: string;
  status?: K8sContainerStatus;
  podEvents?: KubeEventList;
  nodeOom?: KubeEventList;
}

/** Everything Kubernetes says about one container, de-duplicated, and what it cannot say. */
export function kubernetesTimeline(input: KubernetesTimelineInput): { events: LifecycleEvent[]; gaps: LifecycleGap[] } {
  const gaps: LifecycleGap[] = [];
  const status = input.status ? kubernetesStatusEvents(input.status) : [];

  const seen = new Set<string>();
  let dups = 0;
  const mine: KubeEvent[] = [];
  for (const e of input.podEvents?.events ?? []) {
    if (e.container !== input.container) continue;
    const k = eventKey(e);
    if (seen.has(k)) {
      dups++;
      continue;
    }
    seen.add(k);
    mine.push(e);
  }
  if (dups)
    gaps.push({
      kind: "duplicates",
      message: `The Kubernetes API returned ${dups} duplicate event${dups === 1 ? "" : "s"}; each is shown once.`,
    });

  // A reused pod name: events of the other uid belong to an earlier (or later) pod.
  const uids = new Set(mine.map((e) => e.involved.uid).filter((u): u is string => Boolean(u)));
  let current = input.podUid;
  if (!current && uids.size > 1) current = [...mine].sort((a, b) => b.lastAt - a.lastAt)[0]?.involved.uid;
  const other = (e: KubeEvent) => Boolean(current && e.involved.uid && e.involved.uid !== current);
  const otherUids = new Set(mine.filter(other).map((e) => e.involved.uid));
  for (const u of otherUids)
    gaps.push({
      kind: "id-reused",
      message: `The pod name ${input.pod} was also used by another pod (uid ${u}); its events are marked and not counted.`,
    });

  const fromEvents: LifecycleEvent[] = [];
  let folded = 0;
  for (const e of mine) {
    if (e.count > 2) folded += e.count - 2;
    for (const ev of kubernetesEventEvents(occurrences(e))) {
      if (other(e)) ev.otherContainer = true;
      fromEvents.push(ev);
    }
  }
  if (folded)
    gaps.push({
      kind: "engine-forgot",
      message: `Kubernetes folded ${folded} repeated event${folded === 1 ? "" : "s"} into counts: only the first and last time of each are known.`,
    });

  const events = fold([...status, ...fromEvents]);

  // A node's OOM kill: this container's only when it lines up with one of its exits.
  const exits = events.filter((e) => e.kind === "exit" && !e.otherContainer).map((e) => e.at);
  for (const n of input.nodeOom?.events ?? [])
    for (const at of [n.firstAt, n.lastAt]) {
      if (!exits.some((x) => Math.abs(x - at) <= NODE_OOM_WINDOW_MS)) continue;
      const near = events.find((e) => e.kind === "oom" && Math.abs(e.at - at) <= NODE_OOM_WINDOW_MS);
      const reason = `OOMKilling on node ${n.involved.name}${n.message ? `: ${n.message}` : ""}`;
      if (near) {
        if (!near.reason?.includes("OOMKilling")) near.reason = `${near.reason ?? ""}; ${reason}`.replace(/^; /, "");
      } else events.push({ at, kind: "oom", sources: [...src], reason });
      break;
    }

  const restarts = input.status?.restartCount ?? 0;
  if (restarts >= 2)
    gaps.push({
      kind: "engine-forgot",
      message: `Kubernetes counts ${restarts} restarts of this container but its status keeps only the last termination; earlier ones are known from events (kept about an hour) and Prometheus.`,
    });
  return { events: events.sort((a, b) => a.at - b.at), gaps };
}

/**
 * kube-state-metrics' last-termination series → exits (and OOM kills), one per distinct
 * `…_last_terminated_timestamp` value, with the exit code and reason sampled at the same time.
 */
export function kubeStateExits(
  timestamp: readonly Point[],
  exitCode: readonly Point[],
  reasons: readonly { reason: string; points: readonly Point[] }[],
): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  const codeAt = new Map<number, number>();
  for (const [t, v] of exitCode) if (v !== null && Number.isFinite(v)) codeAt.set(t, v);
  let last: number | undefined;
  for (const [t, v] of timestamp) {
    if (v === null || !Number.isFinite(v) || v <= 0 || v === last) continue;
    last = v;
    const at = (v * 1000) as Millis;
    const reason = reasons.find((r) => r.points.some((p) => p[0] === t && p[1] !== null && p[1] > 0))?.reason;
    const code = codeAt.get(t);
    out.push({
      at,
      kind: "exit",
      sources: ["prometheus"],
      uncertaintyMs: 1000,
      ...(code !== undefined ? { exitCode: code } : {}),
      ...(reason ? { reason } : {}),
    });
    if (reason === "OOMKilled") out.push({ at, kind: "oom", sources: ["prometheus"], reason, uncertaintyMs: 1000 });
  }
  return out;
}
