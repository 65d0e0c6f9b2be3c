// The lines of a browser chart, drawn by EChart.tsx on a canvas of its own under ECharts' canvas
// (line-paint.ts draws them; it rides in the chart chunk with ECharts).
// ECharts spent ~2.5 µs a point on a line (its data store, layout, a saved path replayed onto
// the canvas, and a series model each): 50 series × 2 points per pixel column took ~300 ms
// (bench 4-50). Here a line is one pass of moveTo/lineTo over its decimated points. ECharts
// keeps drawing the axes, the grid and the scatter points, and computes each y axis from one
// invisible series of the lines' lowest and highest point, so the axis is the one ECharts would
// give the lines (and the server's drawing, which ECharts draws whole, has the same axis).

/** A line as the layer draws it: flat [t, v] pairs (a NaN value is a gap), in series order. */
export interface PlotLine {
  xy: Float64Array;
  color: string;
  width: number;
  /** Canvas line dash in px (ECharts' 'dashed': 4 × width on, 2 × width off). */
  dash?: number[];
  /** Opacity of the area under the line, if filled. */
  area?: number;
  yAxisIndex: number;
}

interface LineStyleLike {
  type?: unknown;
  width?: unknown;
  opacity?: unknown;
}

/** Whether ECharts' line series `s` can be drawn by the layer (a straight polyline). */
export function layerDraws(s: { type?: string; step?: unknown; smooth?: unknown; stack?: unknown }): boolean {
  return s.type === "line" && !s.step && !s.smooth && !s.stack;
}

/** The layer's line for an ECharts line series (its style), with the points to draw. */
export function plotLine(
  s: { color?: string; lineStyle?: LineStyleLike; areaStyle?: { opacity?: unknown }; yAxisIndex?: unknown },
  xy: Float64Array,
): PlotLine {
  const width = typeof s.lineStyle?.width === "number" ? s.lineStyle.width : 2;
  const area = s.areaStyle ? (typeof s.areaStyle.opacity === "number" ? s.areaStyle.opacity : 0.7) : undefined;
  return {
    xy,
    color: s.color ?? "#888",
    width,
    dash: s.lineStyle?.type === "dashed" ? [4 * width, 2 * width] : undefined,
    area,
    yAxisIndex: typeof s.yAxisIndex === "number" ? s.yAxisIndex : 0,
  };
}

/**
 * What ECharts gets instead of the lines: per y axis they use, one invisible series of their
 * lowest and highest point (at the first point's time), so the axis covers them as before.
 */
export function extentSeries(lines: readonly PlotLine[]): object[] {
  const out: object[] = [];
  const axes = [...new Set(lines.map((l) => l.yAxisIndex))];
  for (const k of axes) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let t = Number.NaN;
    for (const l of lines) {
      if (l.yAxisIndex !== k) continue;
      const xy = l.xy;
      for (let i = 0; i < xy.length; i += 2) {
        const v = xy[i + 1]!;
        if (Number.isNaN(v)) continue;
        if (Number.isNaN(t)) t = xy[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (Number.isNaN(t)) continue;
    out.push({
      id: `line-extent-${k}`,
      type: "line",
      yAxisIndex: k,
      dimensions: ["time", "value"],
      data: Float64Array.of(t, lo, t, hi),
      showSymbol: false,
      lineStyle: { opacity: 0 },
      silent: true,
      animation: false,
    });
  }
  return out;
}
