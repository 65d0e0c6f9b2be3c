// The waterfall's row logic over the columnar model (lib/trace-wire): a subtree is the
// contiguous run [pos, pos + size), so visible rows skip collapsed subtrees in O(visible)
// and no per-span objects are allocated.
import type { WaterfallModel } from "@/lib/trace-wire/model";

export { buildWaterfall } from "@/lib/trace-wire/layout";
export {
  containerIndexAt,
  FLAG_CYCLE,
  FLAG_ERROR,
  FLAG_ORPHAN,
  findSpanPos,
  kindAt,
  nameAt,
  type ServiceStat,
  serviceAt,
  spanIdAt,
  statusAt,
  statusMessageAt,
  type WaterfallModel,
} from "@/lib/trace-wire/model";

/**
 * Positions of the rows to draw, ascending. Collapsed subtrees are skipped whole; with
 * `keep`, so are subtrees holding no kept span (search "only matches").
 */
export function visibleRows(m: WaterfallModel, collapsed: Uint8Array, keep?: Uint8Array): Int32Array {
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

export const expandAll = (m: WaterfallModel): Uint8Array => new Uint8Array(m.n);

/** Every span with children collapsed: only the roots remain visible. */
export function collapseAll(m: WaterfallModel): Uint8Array {
  const c = new Uint8Array(m.n);
  for (let p = 0; p < m.n; p++) if (m.childCount[p]! > 0) c[p] = 1;
  return c;
}

/** Collapse everything at `depth` and below, so levels 0..depth stay visible. */
export function collapseBelow(m: WaterfallModel, depth: number): Uint8Array {
  const c = new Uint8Array(m.n);
  for (let p = 0; p < m.n; p++) if (m.childCount[p]! > 0 && m.depth[p]! >= depth) c[p] = 1;
  return c;
}

export function toggleCollapsed(m: WaterfallModel, collapsed: Uint8Array, pos: number): Uint8Array {
  if (pos < 0 || pos >= m.n || m.childCount[pos] === 0) return collapsed;
  const c = collapsed.slice();
  c[pos] = c[pos] ? 0 : 1;
  return c;
}

/** Expand every collapsed ancestor of `pos`; returns the same array when nothing changes. */
export function revealPos(m: WaterfallModel, collapsed: Uint8Array, pos: number): Uint8Array {
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
