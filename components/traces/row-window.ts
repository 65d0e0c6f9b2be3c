// Which rows of a fixed-height list are in view: pure arithmetic, O(1) whatever the row count.
// Every waterfall row is ROW_HEIGHT px, so nothing is measured and no per-row offsets exist
// (a general virtualiser keeps one measurement object per row: 100,000 of them rebuilt on
// every expand / collapse).

export interface RowWindow {
  /** First row index drawn (inclusive). */
  first: number;
  /** Last row index drawn (exclusive). */
  last: number;
}

/** The rows to draw for a viewport of `height` px scrolled to `top`, `overscan` rows each side. */
export function rowWindow(top: number, height: number, count: number, rowHeight: number, overscan: number): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: 0 };
  // The browser clamps scrollTop when the list shrinks; clamp here too so the first render
  // after a collapse draws the rows that will be in view, not an empty stretch.
  const maxTop = Math.max(0, count * rowHeight - height);
  const t = Math.min(Math.max(0, top), maxTop);
  const first = Math.max(0, Math.floor(t / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((t + Math.max(0, height)) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/**
 * The scrollTop that brings row `index` into a viewport of `height` px: centred, or (`auto`)
 * the least movement that shows it whole (none when it already is).
 */
export function scrollTopFor(
  index: number,
  align: "center" | "auto",
  top: number,
  height: number,
  count: number,
  rowHeight: number,
): number {
  const maxTop = Math.max(0, count * rowHeight - height);
  const rowTop = index * rowHeight;
  let want: number;
  if (align === "center") want = rowTop - (height - rowHeight) / 2;
  else if (rowTop < top) want = rowTop;
  else if (rowTop + rowHeight > top + height) want = rowTop + rowHeight - height;
  else want = top;
  return Math.round(Math.min(Math.max(0, want), maxTop));
}

/**
 * The tallest list the waterfall makes (px). Browsers stop laying out taller elements (Firefox
 * near 17.9M px, Chromium near 33.5M): at 24 px a row, Firefox would cut a list after ~745,000
 * rows. Past this height the list is this tall and its scroll offset is scaled (listScale).
 */
export const MAX_LIST_PX = 15_000_000;

export interface ListScale {
  /** The scrolling element's content height, px. */
  inner: number;
  /** Every row at full height, px. */
  total: number;
}

export function listScale(count: number, rowHeight: number, max = MAX_LIST_PX): ListScale {
  const total = Math.max(0, count) * rowHeight;
  return { total, inner: Math.min(total, max) };
}

/**
 * The offset into the rows laid at full height (what rowWindow takes) for a real scrollTop of a
 * viewport `height` px: the same number unless the list is scaled, then proportional, so the
 * top of the scrollbar is the first row and its bottom the last.
 */
export function virtualTop(scrollTop: number, height: number, s: ListScale): number {
  const t = Math.min(Math.max(0, scrollTop), Math.max(0, s.inner - height));
  if (s.inner === s.total || s.inner <= height) return t;
  return (t * (s.total - height)) / (s.inner - height);
}

/** The real scrollTop that shows the rows laid at full height from offset `vTop` (virtualTop's inverse). */
export function realTop(vTop: number, height: number, s: ListScale): number {
  const t = Math.min(Math.max(0, vTop), Math.max(0, s.total - height));
  if (s.inner === s.total || s.inner <= height) return t;
  return (t * (s.inner - height)) / (s.total - height);
}
