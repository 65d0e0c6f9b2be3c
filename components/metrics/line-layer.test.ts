import { describe, expect, it } from "vitest";
import { extentSeries, layerDraws, type PlotLine, plotLine } from "./line-layer";
import { drawLines, type LaidOutChart, plotMap } from "./line-paint";

/** A 2D context that records the path calls (the layer's drawing, without a browser). */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    globalAlpha: 1,
    fillStyle: "",
    strokeStyle: "",
    lineWidth: 1,
    lineJoin: "",
    lineCap: "",
    save: () => calls.push("save"),
    restore: () => calls.push("restore"),
    beginPath: () => calls.push("begin"),
    rect: (x: number, y: number, w: number, h: number) => calls.push(`rect ${x} ${y} ${w} ${h}`),
    clip: () => calls.push("clip"),
    moveTo: (x: number, y: number) => calls.push(`M ${x} ${y}`),
    lineTo: (x: number, y: number) => calls.push(`L ${x} ${y}`),
    fill: () => calls.push(`fill ${ctx.fillStyle} ${ctx.globalAlpha}`),
    stroke: () => calls.push(`stroke ${ctx.strokeStyle} ${ctx.lineWidth}`),
    setLineDash: (d: number[]) => calls.push(`dash ${d.join(",")}`),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

const line = (xy: number[], more: Partial<PlotLine> = {}): PlotLine => ({
  xy: Float64Array.from(xy),
  color: "#111",
  width: 1,
  yAxisIndex: 0,
  ...more,
});
// t 0..100 → x 10..110; value v → y 100 - v (value 0 on the plot's bottom row, 100).
const map = { rect: { x: 10, y: 0, width: 100, height: 100 }, x: { a: 10, b: 1 }, y: [{ a: 100, b: -1 }] };

describe("line layer", () => {
  it("draws each run of a line, broken at gaps, clipped to the plot", () => {
    const { ctx, calls } = recorder();
    drawLines(ctx, [line([0, 5, 10, 50, 20, Number.NaN, 30, 7, 40, 8])], map);
    expect(calls).toEqual([
      "save",
      "begin",
      "rect 9 -1 102 102",
      "clip",
      "dash ",
      "begin",
      "M 10 95",
      "L 20 50",
      "M 40 93",
      "L 50 92",
      "stroke #111 1",
      "restore",
    ]);
  });

  it("fills areas down to value 0 before any line is stroked, dashed lines dashed", () => {
    const { ctx, calls } = recorder();
    drawLines(
      ctx,
      [line([0, 5, 10, 50], { area: 0.08, color: "#a" }), line([0, 2], { color: "#b", dash: [4, 2] })],
      map,
    );
    const body = calls.slice(4, -1);
    expect(body).toEqual([
      "begin",
      "M 10 100",
      "L 10 95",
      "L 20 50",
      "L 20 100",
      "fill #a 0.08",
      "dash ",
      "begin",
      "M 10 95",
      "L 20 50",
      "stroke #a 1",
      "dash 4,2",
      "begin",
      "M 10 98",
      "stroke #b 1",
    ]);
  });

  it("ECharts gets, per y axis, one series of the lines' lowest and highest point: the axis of the whole lines", () => {
    const stubs = extentSeries([
      line([5, Number.NaN, 6, 3, 7, -1]),
      line([8, 9]),
      line([5, 0.5], { yAxisIndex: 1 }),
      line([5, Number.NaN], { yAxisIndex: 2 }),
    ]) as { id: string; yAxisIndex: number; data: Float64Array }[];
    expect(stubs.map((s) => [s.id, s.yAxisIndex, Array.from(s.data)])).toEqual([
      ["line-extent-0", 0, [6, -1, 6, 9]],
      ["line-extent-1", 1, [5, 0.5, 5, 0.5]],
    ]);
  });

  it("takes over plain polylines only, with ECharts' style (dashed = 4 × width on, 2 × off)", () => {
    expect(layerDraws({ type: "line" })).toBe(true);
    expect(layerDraws({ type: "line", step: "middle" })).toBe(false);
    expect(layerDraws({ type: "line", smooth: true })).toBe(false);
    expect(layerDraws({ type: "scatter" })).toBe(false);
    const l = plotLine({ color: "#c", lineStyle: { type: "dashed", width: 2 }, areaStyle: {} }, new Float64Array(0));
    expect([l.color, l.width, l.dash, l.area, l.yAxisIndex]).toEqual(["#c", 2, [8, 4], 0.7, 0]);
  });

  it("maps time and value as ECharts laid the axes out", () => {
    const chart: LaidOutChart = {
      convertToPixel: (f, v) => ("xAxisIndex" in f ? 56 + (v - 1000) / 10 : 156 - v * 20),
      getWidth: () => 300,
      getHeight: () => 180,
    };
    const m = plotMap(chart, [1000, 3000], [line([])], 24)!;
    expect(m.rect).toEqual({ x: 56, y: 24, width: 200, height: 132 });
    expect(m.x.a + m.x.b * 2000).toBe(156);
    expect(m.y[0]).toEqual({ a: 156, b: -20 });
    expect(plotMap({ ...chart, convertToPixel: () => [1, 2] }, [1000, 3000], [], 24)).toBeUndefined();
  });
});
