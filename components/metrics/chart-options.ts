// Pure builders of ECharts options: same input, same option. Used by the browser charts and
// by the server-rendered SVG of the no-JS embed.
import type { EChartsCoreOption } from "echarts/core";
import type { MetricPanel, MetricUnit } from "@/lib/model/api";
import { formatBytes, formatCores, formatPercent } from "@/lib/model/format";
import type { Exemplar } from "@/lib/model/series";
import type { TimeRange } from "@/lib/model/time";

export const PALETTE = ["#4e8ef7", "#f2994a", "#27ae60", "#bb6bd9", "#eb5757", "#2d9cdb", "#f2c94c", "#6fcf97"];
const AXIS = "#8a94a3";
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
  /** Incident-style highlighted window, e.g. the selected span's time. */
  highlight?: TimeRange;
  /** Server-side SVG: no animation, no interaction. */
  static?: boolean;
  textColor?: string;
}

/**
 * [t, v] points as one flat Float64Array (t0, v0, t1, v1, …), null as NaN (a gap: ECharts
 * breaks a line at NaN). ECharts deep-clones every option it is given except typed arrays,
 * and fills its column store from a typed array in one pass, so big series cost a copy, not
 * an object per point.
 */
export function pointsXY(points: readonly (readonly [number, number | null])[]): Float64Array {
  const out = new Float64Array(points.length * 2);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1] ?? Number.NaN;
  }
  return out;
}

export function timeSeriesOption({
  panel,
  range,
  exemplars,
  highlight,
  static: isStatic,
  textColor,
}: ChartInput): EChartsCoreOption {
  const fmt = (v: number) => formatUnit(panel.unit, v);
  const series: object[] = panel.series.map((s, i) => ({
    id: `s${i}`,
    name: s.name,
    type: "line",
    showSymbol: false,
    sampling: "lttb",
    connectNulls: false,
    lineStyle: s.role === "limit" ? { type: "dashed", width: 1.2 } : { width: 1.5 },
    areaStyle: s.role === "limit" || panel.series.length > 3 ? undefined : { opacity: 0.08 },
    color: s.role === "limit" ? "#eb5757" : PALETTE[i % PALETTE.length],
    data: pointsXY(s.points),
    animation: false,
    ...(i === 0 && highlight
      ? {
          markArea: {
            silent: true,
            itemStyle: { color: "rgba(242,153,74,0.15)" },
            data: [[{ xAxis: highlight.from }, { xAxis: highlight.to }]],
          },
        }
      : {}),
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
      tooltip: {
        trigger: "item",
        formatter: (p: { data: [number, number, string] }) =>
          `exemplar · trace ${p.data[2].slice(0, 12)}… (click to open)`,
      },
      animation: false,
    });
  }
  return {
    animation: !isStatic,
    textStyle: textColor ? { color: textColor } : undefined,
    grid: { left: 56, right: 12, top: 24, bottom: 24 },
    legend:
      panel.series.length > 1 && !isStatic
        ? { top: 0, right: 0, textStyle: { color: AXIS, fontSize: 11 }, itemHeight: 8 }
        : undefined,
    tooltip: isStatic
      ? undefined
      : {
          trigger: "axis",
          axisPointer: { type: "line", snap: false },
          valueFormatter: (v: number) => fmt(v),
        },
    axisPointer: isStatic ? undefined : { link: [{ xAxisIndex: "all" }] },
    brush: isStatic
      ? undefined
      : {
          xAxisIndex: "all",
          brushLink: "all",
          throttleType: "debounce",
          brushStyle: { color: "rgba(78,142,247,0.15)", borderColor: "#4e8ef7" },
        },
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
        type: "value",
        min: 0,
        axisLabel: { color: AXIS, formatter: (v: number) => fmt(v) },
        splitLine: { lineStyle: { color: GRIDLINE } },
      },
      { type: "value", min: 0, max: 1, show: false },
    ],
    series,
  };
}

export function volumeOption(
  points: [number, number | null][],
  range: TimeRange,
  stepSeconds: number,
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 40, right: 8, top: 6, bottom: 18 },
    tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v} lines` },
    brush: { xAxisIndex: "all", throttleType: "debounce" },
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
        type: "bar",
        data: points,
        barWidth: "90%",
        barMaxWidth: Math.max(2, stepSeconds),
        color: "#4e8ef7",
      },
    ],
  };
}

export interface ScatterTrace {
  start: number;
  durationMs: number;
  error: boolean;
  traceId: string;
}

export function traceScatterOption(points: ScatterTrace[], range: TimeRange): EChartsCoreOption {
  const toPoint = (t: ScatterTrace) => [t.start, t.durationMs, t.traceId];
  return {
    animation: false,
    grid: { left: 56, right: 12, top: 10, bottom: 22 },
    tooltip: {
      trigger: "item",
      formatter: (p: { data: [number, number, string] }) => `${p.data[1].toFixed(1)} ms · ${p.data[2].slice(0, 12)}…`,
    },
    brush: { xAxisIndex: "all", throttleType: "debounce" },
    xAxis: { type: "time", min: range.from, max: range.to, axisLabel: { color: AXIS, hideOverlap: true } },
    yAxis: {
      type: "log",
      min: 0.1,
      axisLabel: { color: AXIS, formatter: (v: number) => `${v} ms` },
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
