// Pure geometry of our own chart interaction layer (EChart.tsx): drag-to-select, the HTML
// tooltip, the crosshair, exemplar/trace hit testing and the lifecycle/highlight overlays. ECharts
// only draws the lines and points; these replace its Brush, Tooltip, AxisPointer, Legend,
// MarkLine and MarkArea components (~50 kB gzip of the chart chunk).

/** The x axis as ECharts laid it out: time t0 at pixel x0, t1 at x1 (a time axis is linear). */
export interface AxisMap {
  x0: number;
  x1: number;
  t0: number;
  t1: number;
}

export function timeToX(m: AxisMap, t: number): number {
  return m.x0 + ((t - m.t0) * (m.x1 - m.x0)) / (m.t1 - m.t0);
}

export function xToTime(m: AxisMap, x: number): number {
  return m.t0 + ((x - m.x0) * (m.t1 - m.t0)) / (m.x1 - m.x0);
}

/** Clamp a pixel x into the plot. */
export function clampX(m: AxisMap, x: number): number {
  return Math.min(Math.max(x, Math.min(m.x0, m.x1)), Math.max(m.x0, m.x1));
}

/** Whether x lies over the plot (not over the y axis labels). */
export function overPlot(m: AxisMap, x: number): boolean {
  return x >= Math.min(m.x0, m.x1) && x <= Math.max(m.x0, m.x1);
}

/** A drag from pixel xa to xb → the [from, to] it selects in ms, or undefined for a click (< minPx). */
export function dragRange(m: AxisMap, xa: number, xb: number, minPx = 3): [number, number] | undefined {
  if (Math.abs(xb - xa) < minPx) return undefined;
  const a = xToTime(m, clampX(m, xa));
  const b = xToTime(m, clampX(m, xb));
  const from = Math.round(Math.min(a, b));
  const to = Math.round(Math.max(a, b));
  return to > from ? [from, to] : undefined;
}

/**
 * Index of the point of flat [t0, v0, t1, v1, …] (t ascending) whose time is nearest to t
 * (binary search; -1 when there are no points).
 */
export function nearestIndex(xy: ArrayLike<number>, t: number): number {
  const n = xy.length >> 1;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xy[2 * mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && t - xy[2 * (lo - 1)]! <= xy[2 * lo]! - t) return lo - 1;
  return lo;
}

export interface HitPoint {
  x: number;
  y: number;
}

/** The index of the point nearest to (px, py) within `radius` pixels, or -1. */
export function hitNearest(points: readonly (HitPoint | undefined)[], px: number, py: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!p) continue;
    const d = (p.x - px) ** 2 + (p.y - py) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export interface AxisSeries {
  name: string;
  color: string;
  /** Flat [t, v] pairs, NaN = no value. */
  xy: ArrayLike<number>;
}

export interface TooltipRow {
  name: string;
  color: string;
  value: string;
}

/** The axis tooltip at time t: each series' value at its nearest point (what ECharts' axis tooltip listed). */
export function axisRows(series: readonly AxisSeries[], t: number, format: (v: number) => string): TooltipRow[] {
  const rows: TooltipRow[] = [];
  for (const s of series) {
    const i = nearestIndex(s.xy, t);
    if (i < 0) continue;
    const v = s.xy[2 * i + 1]!;
    rows.push({ name: s.name, color: s.color, value: Number.isNaN(v) ? "–" : format(v) });
  }
  return rows;
}

/** The time the axis tooltip is about: the nearest point's time of the first series that has points. */
export function snappedTime(series: readonly AxisSeries[], t: number): number {
  for (const s of series) {
    const i = nearestIndex(s.xy, t);
    if (i >= 0) return s.xy[2 * i]!;
  }
  return t;
}
