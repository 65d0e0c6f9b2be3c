// Per-container counts for the inventory badge, from one engine-wide event list and the
// Prometheus start-time changes; for Kubernetes, from the statuses the inventory holds and
// kube-state-metrics' restart counter. Pure.
import type { Container } from "../model/container";
import type { LifecycleEvent, RecentBadge } from "../model/lifecycle";

export function recentBadges(
  events: readonly LifecycleEvent[],
  promChanges: readonly { name: string; changes: number }[],
): { byId: Record<string, RecentBadge>; byName: Record<string, RecentBadge> } {
  const byId: Record<string, RecentBadge> = {};
  const exited = new Set<string>();
  const lastOom = new Map<string, number>();
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const id = e.containerId;
    if (!id) continue;
    const b = (byId[id] ??= { restarts: 0, oomKills: 0, killed: 0 });
    if (e.kind === "oom") {
      b.oomKills++;
      lastOom.set(id, e.at);
    } else if (e.kind === "exit") {
      exited.add(id);
      const oomNear = (lastOom.get(id) ?? Number.NEGATIVE_INFINITY) >= e.at - 5000;
      if (e.exitCode === 137 && !oomNear) b.killed++;
    } else if (e.kind === "start" && exited.has(id)) {
      b.restarts++;
      exited.delete(id);
    }
  }
  for (const [id, b] of Object.entries(byId)) if (!b.restarts && !b.oomKills && !b.killed) delete byId[id];
  const byName: Record<string, RecentBadge> = {};
  for (const p of promChanges)
    if (p.changes > 0) byName[p.name] = { restarts: Math.round(p.changes), oomKills: 0, killed: 0 };
  return { byId, byName };
}

export interface KubeRestarts {
  namespace: string;
  pod: string;
  container: string;
  /** kube-state-metrics' restart counter's increase over the window. */
  restarts: number;
}

/**
 * Kubernetes containers' badges from what the inventory already holds (the last termination,
 * the current start) and kube-state-metrics' restart counter, which also counts restarts the
 * status no longer shows. Keyed by the container's name (its namespace/pod/container ref).
 */
export function kubeRecentBadges(
  containers: readonly Container[],
  now: number,
  windowMs: number,
  ksm: readonly KubeRestarts[] = [],
): Record<string, RecentBadge> {
  const from = now - windowMs;
  const inWindow = (t: number | undefined) => t !== undefined && t >= from && t <= now;
  const counted = new Map<string, number>();
  for (const r of ksm) counted.set(`${r.namespace}\u0000${r.pod}\u0000${r.container}`, Math.round(r.restarts));
  const out: Record<string, RecentBadge> = {};
  for (const c of containers) {
    const k = c.kube;
    if (c.engine !== "kubernetes" || !k) continue;
    const b: RecentBadge = { restarts: 0, oomKills: 0, killed: 0 };
    for (const t of [k.lastTerminated, k.terminated]) {
      if (!t || !inWindow(t.finishedAt)) continue;
      if (t.reason === "OOMKilled") b.oomKills++;
      else if (t.exitCode === 137) b.killed++;
    }
    // Running again after a termination in the window: at least that one restart.
    if (k.lastTerminated && inWindow(k.lastTerminated.finishedAt) && (c.restartCount ?? 0) > 0) b.restarts = 1;
    const viaKsm = counted.get(`${c.namespace ?? ""}\u0000${c.pod?.name ?? ""}\u0000${k.container}`);
    if (viaKsm !== undefined && viaKsm > b.restarts) b.restarts = viaKsm;
    if (b.restarts || b.oomKills || b.killed) out[c.name] = b;
  }
  return out;
}
