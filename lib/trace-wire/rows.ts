// The waterfall's rows over the columnar model: a subtree is the contiguous run
// [pos, pos + size), so visible rows skip collapsed subtrees in O(visible) and no per-span
// objects are allocated. Shared by the browser (a whole trace) and the server (the windows of
// a huge one, lib/server/trace-window.ts), so it lives here rather than in components/.
import type { WaterfallModel } from "./model";

/** The columns the row logic reads: a whole model, or the server's laid-out trace. */
type Tree = Pick<WaterfallModel, "n" | "size" | "childCount" | "depth" | "parentPos">;

/**
 * Positions of the rows to draw, ascending. Collapsed subtrees are skipped whole; with
 * `keep`, so are subtrees holding no kept span (search "only matches").
 */
export function visibleRows(m: Tree, collapsed: Uint8Array, keep?: Uint8Array): Int32Array {
  const out = new Int32Array(m.n);
  let k = 0;
  let p = 0;
  while (p < m.n) {
    if (keep && !keep[p]) {
      p += m.size[p]!;
      continue;
    }
    out[k++] = p;
    p += collapsed[p] ? m.size[p]! : 1;
  }
  return out.subarray(0, k);
}

export const expandAll = (m: Tree): Uint8Array => new Uint8Array(m.n);

/** Every span with children collapsed: only the roots remain visible. */
export function collapseAll(m: Tree): Uint8Array {
  const c = new Uint8Array(m.n);
  for (let p = 0; p < m.n; p++) if (m.childCount[p]! > 0) c[p] = 1;
  return c;
}

/** Collapse everything at `depth` and below, so levels 0..depth stay visible. */
export function collapseBelow(m: Tree, depth: number): Uint8Array {
  const c = new Uint8Array(m.n);
  for (let p = 0; p < m.n; p++) if (m.childCount[p]! > 0 && m.depth[p]! >= depth) c[p] = 1;
  return c;
}

export function toggleCollapsed(m: Tree, collapsed: Uint8Array, pos: number): Uint8Array {
  if (pos < 0 || pos >= m.n || m.childCount[pos] === 0) return collapsed;
  const c = collapsed.slice();
  c[pos] = c[pos] ? 0 : 1;
  return c;
}

/** Expand every collapsed ancestor of `pos`; returns the same array when nothing changes. */
export function revealPos(m: Tree, collapsed: Uint8Array, pos: number): Uint8Array {
  let c = collapsed;
  for (let a = m.parentPos[pos] ?? -1; a >= 0; a = m.parentPos[a]!) {
    if (!c[a]) continue;
    if (c === collapsed) c = collapsed.slice();
    c[a] = 0;
  }
  return c;
}

/** Index of `pos` in ascending `rows`, or -1. */
export function rowIndexOf(rows: Int32Array, pos: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid]!;
    if (v === pos) return mid;
    if (v < pos) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** 1 at every match and every ancestor of one: the rows "only matches" keeps. */
export function matchMask(m: Pick<WaterfallModel, "n" | "parentPos">, matches: Int32Array): Uint8Array {
  const keep = new Uint8Array(m.n);
  for (const p of matches) if (p >= 0 && p < m.n) keep[p] = 1;
  for (let p = m.n - 1; p >= 0; p--) {
    const par = m.parentPos[p]!;
    if (keep[p] && par >= 0) keep[par] = 1;
  }
  return keep;
}

/** 1 at matches only: what rows highlight. */
export function matchSet(n: number, matches: Int32Array): Uint8Array {
  const set = new Uint8Array(n);
  for (const p of matches) if (p >= 0 && p < n) set[p] = 1;
  return set;
}
