// What EChart.tsx hands ECharts, and what its own legend and tooltip read, derived from the
// builders' options (chart-options.ts): pure, so the series the user toggles off and the
// per-pixel decimation are tested without a browser.
import type { EChartsCoreOption } from "echarts/core";
import type { AxisSeries } from "./chart-geometry";
import { decimate, type Points, pointsXY } from "./decimate";
import { extentSeries, layerDraws, type PlotLine, plotLine } from "./line-layer";
import { BYTE_AXIS, binaryAxis, highest } from "./y-axis";

interface SeriesLike {
  id?: string;
  name?: string;
  type?: string;
  color?: string;
  data?: unknown;
  sampling?: unknown;
  step?: unknown;
  smooth?: unknown;
  stack?: unknown;
  lineStyle?: { type?: unknown; width?: unknown };
  areaStyle?: { opacity?: unknown };
  yAxisIndex?: unknown;
}

export function seriesOf(option: EChartsCoreOption): SeriesLike[] {
  const s = option.series;
  return (Array.isArray(s) ? s : s ? [s] : []) as SeriesLike[];
}

export interface LegendEntry {
  /** The series name: the key of the on/off state. */
  name: string;
  color: string;
  kind: "line" | "point";
}

/** One legend entry per named series (what ECharts' legend listed), in series order. */
export function legendEntries(option: EChartsCoreOption): LegendEntry[] {
  const out: LegendEntry[] = [];
  const seen = new Set<string>();
  for (const s of seriesOf(option)) {
    if (!s.name || seen.has(s.name)) continue;
    seen.add(s.name);
    out.push({ name: s.name, color: s.color ?? "#888", kind: s.type === "scatter" ? "point" : "line" });
  }
  return out;
}

/** The time window of the x axis (our builders always set min and max). */
export function timeWindow(option: EChartsCoreOption): [number, number] | undefined {
  const x = (Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis) as
    | { min?: unknown; max?: unknown }
    | undefined;
  return typeof x?.min === "number" && typeof x.max === "number" && x.max > x.min ? [x.min, x.max] : undefined;
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The grid's margins in px (numbers in our builders; ECharts' defaults otherwise). */
export function gridInsets(option: EChartsCoreOption): Insets {
  const g = (Array.isArray(option.grid) ? option.grid[0] : option.grid) as
    | Partial<Record<keyof Insets, unknown>>
    | undefined;
  const n = (v: unknown, d: number) => (typeof v === "number" ? v : d);
  return { top: n(g?.top, 60), right: n(g?.right, 80), bottom: n(g?.bottom, 60), left: n(g?.left, 80) };
}

/** A line's points as the flat [t, v] pairs the tooltip searches (converted once, on first hover). */
const flat = new WeakMap<Points, Float64Array>();
function xyOf(data: unknown): Float64Array | undefined {
  if (data instanceof Float64Array) return data;
  if (!Array.isArray(data)) return undefined;
  const points = data as unknown as Points;
  let xy = flat.get(points);
  if (!xy) flat.set(points, (xy = pointsXY(points)));
  return xy;
}

/** The line series the axis tooltip lists (full resolution, hidden ones left out). */
export function axisSeries(option: EChartsCoreOption, hidden: ReadonlySet<string>): AxisSeries[] {
  const out: AxisSeries[] = [];
  for (const s of seriesOf(option)) {
    if (s.type !== "line" || (s.name && hidden.has(s.name))) continue;
    const xy = xyOf(s.data);
    if (xy) out.push({ name: s.name ?? "", color: s.color ?? "#888", xy });
  }
  return out;
}

/** What EChart.tsx hands ECharts, and the lines it draws itself (line-layer.ts). */
export interface View {
  option: EChartsCoreOption;
  lines: PlotLine[];
}

/**
 * The option as ECharts gets it: series the legend turned off drawn empty (their colours and
 * ids stay), and every line as a typed array, reduced to each pixel column's lowest and
 * highest point when it has more than 2 points per column (decimate: spikes, dips and gaps
 * stay), with ECharts' own sampling off (at ≤ 2 points per column it would only drop points).
 * Plain polylines (not stepped, smoothed or stacked) go to `lines`, drawn by the line layer;
 * ECharts gets, per y axis, one invisible series of their extent (line-layer.ts extentSeries):
 * the axis ECharts would give the lines, without ECharts' per-series cost for each of them.
 */
export function viewOption(option: EChartsCoreOption, hidden: ReadonlySet<string>, columns: number): View {
  const win = timeWindow(option);
  const lines: PlotLine[] = [];
  let changed = false;
  const series: SeriesLike[] = [];
  for (const s of seriesOf(option)) {
    if (s.name && hidden.has(s.name)) {
      changed = true;
      // Drawn by the layer: simply not drawn. Else drawn empty (its id and colour stay).
      if (!layerDraws(s)) series.push({ ...s, data: s.data instanceof Float64Array ? new Float64Array(0) : [] });
      continue;
    }
    const xy =
      s.type !== "line" || !win || columns <= 0
        ? undefined
        : Array.isArray(s.data)
          ? decimate(s.data as unknown as Points, win[0], win[1], columns)
          : s.data instanceof Float64Array
            ? s.data
            : undefined;
    if (!xy) series.push(s);
    else if (!layerDraws(s)) series.push({ ...s, data: xy, sampling: undefined });
    else lines.push(plotLine(s, xy));
    changed ||= xy !== undefined;
  }
  if (!changed) return { option, lines };
  return {
    option: { ...option, yAxis: byteAxisFor(option, lines, series), series: [...series, ...extentSeries(lines)] },
    lines,
  };
}

/** A byte y axis's ticks for the lines shown (a line turned off no longer sets the scale). */
function byteAxisFor(option: EChartsCoreOption, lines: readonly PlotLine[], series: readonly SeriesLike[]): unknown {
  const axes = option.yAxis;
  const first = (Array.isArray(axes) ? axes[0] : axes) as { id?: unknown } | undefined;
  if (first?.id !== BYTE_AXIS) return axes;
  const shown = [
    ...lines.map((l) => l.xy),
    ...series.filter((s) => s.type === "line" && (s.yAxisIndex ?? 0) === 0).map((s) => s.data),
  ];
  const axis = binaryAxis(highest(shown));
  if (!axis) return axes;
  const y0 = { ...first, max: axis.max, interval: axis.interval };
  return Array.isArray(axes) ? [y0, ...axes.slice(1)] : y0;
}

/**
 * The x axis as ECharts will lay it out in a chart `width` px wide: our builders give the grid
 * fixed margins (no containLabel) and the time axis a fixed window, so the plot runs from the
 * left margin to the width less the right margin. The overlays use it until ECharts has drawn
 * (then they take ECharts' own convertToPixel): the legend, tooltip, crosshair, markers and
 * drag-to-select work over the server's drawing while ECharts is still loading.
 */
export function plannedAxis(
  option: EChartsCoreOption,
  width: number,
): { x0: number; x1: number; t0: number; t1: number } | null {
  const win = timeWindow(option);
  const g = gridInsets(option);
  const x0 = g.left;
  const x1 = width - g.right;
  return win && x1 > x0 ? { x0, x1, t0: win[0], t1: win[1] } : null;
}

/** Whether two point lists are the same [t, v] pairs (a chart drawn from one shows the other). */
export function samePoints(
  a: readonly (readonly [number, number | null])[],
  b: readonly (readonly [number, number | null])[],
): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}
