// Pure builders of ECharts options: same input, same option. Used by the browser charts and
// by the server-rendered SVG of the no-JS embed. The options use only what echarts-setup.ts
// registers (line, scatter, a grid): the browser's tooltip, legend, drag-to-select and overlays
// are EChart.tsx's own, fed by the *Hover builders below.
import type { EChartsCoreOption } from "echarts/core";
import type { MetricPanel, MetricUnit } from "@/lib/model/api";
import { formatBytes, formatCores, formatPercent } from "@/lib/model/format";
import type { Exemplar } from "@/lib/model/series";
import { microsToMillis, type TimeRange } from "@/lib/model/time";
import type { TraceSummary } from "@/lib/model/trace";
import { pointsXY } from "./decimate";
import { BYTE_AXIS, binaryAxis, decimalStep, highest, labelInset, ticks } from "./y-axis";
import type { ChartHover } from "./EChart";

export const PALETTE = ["#4e8ef7", "#f2994a", "#27ae60", "#bb6bd9", "#eb5757", "#2d9cdb", "#f2c94c", "#6fcf97"];
const AXIS = "#8a94a3";
const XY = ["time", "value"];
const GRIDLINE = "rgba(138,148,163,0.18)";

export function formatUnit(unit: MetricUnit, v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  switch (unit) {
    case "bytes":
      return formatBytes(v);
    case "bytes/s":
      return `${formatBytes(v)}/s`;
    case "cores":
      return formatCores(v);
    case "percent":
      return `${v.toFixed(1)}%`;
    case "ratio":
      return formatPercent(v);
  }
}

export interface ChartInput {
  panel: MetricPanel;
  range: TimeRange;
  exemplars?: Exemplar[];
  /** Server-side SVG. The option is the same (no animation; interaction lives in EChart.tsx). */
  static?: boolean;
  textColor?: string;
}

/** Kept here for the builders' callers; the browser's conversion happens while decimating (chart-view.ts). */
export { pointsXY };

export function timeSeriesOption({ panel, range, exemplars, textColor }: ChartInput): EChartsCoreOption {
  const fmt = (v: number) => formatUnit(panel.unit, v);
  // Axis labels without trailing zeros ("64 MiB", "9m", "1"); the tooltip keeps them.
  const axisLabel = (v: number) => fmt(v).replace(/\.0+(?=\D|$)/, "");
  // Byte axes step by powers of two; the margin fits the widest label (y-axis.ts).
  const hi = highest(panel.series.map((s) => s.points));
  const binary = panel.unit === "bytes" || panel.unit === "bytes/s" ? binaryAxis(hi) : undefined;
  const tickValues = binary ? ticks(binary.max, binary.interval) : hi > 0 ? ticks(hi, decimalStep(hi)) : [0];
  const left = Math.max(56, labelInset(tickValues.map(axisLabel)));
  const series: object[] = panel.series.map((s, i) => ({
    id: `s${i}`,
    name: s.name,
    type: "line",
    showSymbol: false,
    // The browser decimates to pixel columns itself (chart-view.ts); this is for the SVG embed.
    // min/max, not LTTB: a spike next to a dip keeps both.
    sampling: "minmax",
    connectNulls: false,
    // Many lines: hairlines (the canvas strokes 1 px lines at about half the cost of 1.5 px
    // anti-aliased ones, and a dense chart reads better thin).
    lineStyle: s.role === "limit" ? { type: "dashed", width: 1.2 } : { width: panel.series.length > 8 ? 1 : 1.5 },
    areaStyle: s.role === "limit" || panel.series.length > 3 ? undefined : { opacity: 0.08 },
    color: s.role === "limit" ? "#eb5757" : PALETTE[i % PALETTE.length],
    // The API's [t, v] points as they are: the browser hands ECharts each line decimated to
    // its pixel columns as a typed array (chart-view.ts viewOption), without a full-size copy
    // first. ECharts needs the dimensions of typed-array data (its development build asserts it).
    dimensions: XY,
    data: s.points,
    animation: false,
  }));
  if (exemplars?.length) {
    series.push({
      id: "exemplars",
      name: "exemplars",
      type: "scatter",
      yAxisIndex: 1,
      symbol: "diamond",
      symbolSize: 9,
      color: "#bb6bd9",
      cursor: "pointer",
      data: exemplars.map((e) => [e.at, 0.06, e.traceId ?? ""]),
      animation: false,
    });
  }
  return {
    // No intro animation: the chart is painted in one pass (bench 4).
    animation: false,
    textStyle: textColor ? { color: textColor } : undefined,
    grid: { left, right: 12, top: 24, bottom: 24 },
    xAxis: {
      type: "time",
      min: range.from,
      max: range.to,
      axisLine: { lineStyle: { color: AXIS } },
      axisLabel: { color: AXIS, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: [
      {
        // The id marks a byte axis: the browser's view recomputes its ticks for the lines shown.
        ...(binary ? { id: BYTE_AXIS, max: binary.max, interval: binary.interval } : {}),
        type: "value",
        min: 0,
        axisLabel: { color: AXIS, formatter: axisLabel },
        splitLine: { lineStyle: { color: GRIDLINE } },
      },
      { type: "value", min: 0, max: 1, show: false },
    ],
    series,
  };
}

/** The browser tooltip of a time series chart: every line's value at the hovered time, exemplars by trace. */
export function timeSeriesHover(unit: MetricUnit): ChartHover {
  return {
    value: (v) => formatUnit(unit, v),
    item: (id, d) =>
      id === "exemplars" ? `exemplar · trace ${String(d[2] ?? "").slice(0, 12)}… (click to open)` : undefined,
  };
}

/**
 * Log lines per step as a filled step line (a histogram without gaps between the bars): one
 * series type less in the chart chunk than a bar chart.
 */
export function volumeOption(points: [number, number | null][], range: TimeRange): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 40, right: 8, top: 6, bottom: 18 },
    xAxis: {
      type: "time",
      min: range.from,
      max: range.to,
      axisLabel: { color: AXIS, fontSize: 10, hideOverlap: true },
    },
    yAxis: {
      type: "value",
      min: 0,
      splitNumber: 2,
      axisLabel: { color: AXIS, fontSize: 10 },
      splitLine: { lineStyle: { color: GRIDLINE } },
    },
    series: [
      {
        id: "volume",
        name: "lines",
        type: "line",
        step: "middle",
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1 },
        areaStyle: { opacity: 0.55 },
        color: "#4e8ef7",
        dimensions: XY,
        data: points,
        animation: false,
      },
    ],
  };
}

export const volumeHover: ChartHover = { value: (v) => `${v} lines` };

export interface ScatterTrace {
  start: number;
  durationMs: number;
  error: boolean;
  traceId: string;
}

/** A trace list as the scatter's points (the panel and the server's drawing share it). */
export function scatterTraces(traces: readonly TraceSummary[]): ScatterTrace[] {
  return traces.map((t) => ({
    start: microsToMillis(t.start),
    durationMs: t.duration / 1000,
    error: t.errorCount > 0,
    traceId: t.traceId,
  }));
}

/**
 * A tick of the log duration axis (powers of ten of ms) in the unit that keeps it short:
 * 100 µs, 10 ms, 1 s, 100 s. "10000 ms" did not fit the 56 px margin and read "0000 ms".
 */
export function durationTick(v: number): string {
  const r = (x: number) => Number(x.toPrecision(3));
  if (v < 1) return `${r(v * 1000)} µs`;
  if (v < 1000) return `${r(v)} ms`;
  return `${r(v / 1000)} s`;
}

export function traceScatterOption(points: ScatterTrace[], range: TimeRange): EChartsCoreOption {
  const toPoint = (t: ScatterTrace) => [t.start, t.durationMs, t.traceId];
  return {
    animation: false,
    grid: { left: 56, right: 12, top: 10, bottom: 22 },
    xAxis: { type: "time", min: range.from, max: range.to, axisLabel: { color: AXIS, hideOverlap: true } },
    yAxis: {
      type: "log",
      min: 0.1,
      axisLabel: { color: AXIS, formatter: durationTick },
      splitLine: { lineStyle: { color: GRIDLINE } },
    },
    series: [
      {
        id: "ok",
        name: "ok",
        type: "scatter",
        symbolSize: 6,
        color: "#4e8ef7",
        cursor: "pointer",
        data: points.filter((p) => !p.error).map(toPoint),
      },
      {
        id: "error",
        name: "error",
        type: "scatter",
        symbolSize: 7,
        color: "#eb5757",
        cursor: "pointer",
        data: points.filter((p) => p.error).map(toPoint),
      },
    ],
  };
}

export const traceScatterHover: ChartHover = {
  item: (_id, d) => `${Number(d[1]).toFixed(1)} ms · ${String(d[2] ?? "").slice(0, 12)}…`,
};
