// Per-container counts for the inventory badge, from one engine-wide event list and the
// Prometheus start-time changes. Pure.
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
