"use client";
// Inventory badge: restarted or OOM-killed in the last hour (engine events + Prometheus).
import type { RecentBadge } from "@/lib/model/lifecycle";

export function RestartBadge({ badge }: { badge: RecentBadge | undefined }) {
  if (!badge || (!badge.restarts && !badge.oomKills && !badge.killed)) return null;
  const parts: string[] = [];
  if (badge.oomKills) parts.push(`OOM ×${badge.oomKills}`);
  else if (badge.killed) parts.push(`killed ×${badge.killed}`);
  if (badge.restarts) parts.push(`↻ ${badge.restarts}`);
  const title = [
    badge.restarts ? `restarted ${badge.restarts}× in the last hour` : "",
    badge.oomKills ? `OOM-killed ${badge.oomKills}×` : "",
    badge.killed ? `exited 137 (SIGKILL) ${badge.killed}×, possibly out of memory` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return (
    <span className="badge exited" title={title} data-testid="restart-badge" style={{ marginLeft: 6 }}>
      {parts.join(" · ")}
    </span>
  );
}
