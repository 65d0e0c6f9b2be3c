// The crosshair follows the pointer across every chart of a group (what echarts.connect did).
// A chart that joins (or re-joins: its axis changed) while the pointer is over another gets
// the current time at once, not only at the next move.
const groups = new Map<string, { members: Set<(t: number | null) => void>; t: number | null }>();
export function joinGroup(group: string, f: (t: number | null) => void): () => void {
  let g = groups.get(group);
  if (!g) groups.set(group, (g = { members: new Set(), t: null }));
  g.members.add(f);
  if (g.t !== null) f(g.t);
  return () => {
    g.members.delete(f);
    if (!g.members.size && groups.get(group) === g) groups.delete(group);
  };
}
export function broadcastGroup(group: string, t: number | null) {
  const g = groups.get(group);
  if (!g) return;
  g.t = t;
  for (const f of g.members) f(t);
}
