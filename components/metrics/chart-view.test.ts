import { describe, expect, it } from "vitest";
import type { MetricPanel } from "@/lib/model/api";
import { millis } from "@/lib/model/time";
import { timeSeriesOption, traceScatterOption, volumeOption } from "./chart-options";
import { echarts } from "@/components/embed/echarts-svg";
import { axisSeries, gridInsets, legendEntries, plannedAxis, samePoints, timeWindow, viewOption } from "./chart-view";

const panel: MetricPanel = {
  id: "cpu",
  title: "CPU",
  unit: "cores",
  queries: [],
  series: [
    {
      name: "usage",
      role: "value",
      points: Array.from({ length: 10_000 }, (_, i) => [millis(i * 1000), i === 5000 ? 50 : 1] as const),
    },
    { name: "limit", role: "limit", points: [[millis(0), 2] as const, [millis(9_999_000), 2] as const] },
  ],
} as unknown as MetricPanel;
const range = { from: millis(0), to: millis(10_000_000) };
const exemplars = [{ at: millis(3000), value: 1, traceId: "a".repeat(32), labels: {} }] as never;

type S = { id?: string; name?: string; type: string; data: unknown; sampling?: string };
const series = (o: object) => (o as { series: S[] }).series;

describe("viewOption", () => {
  const option = timeSeriesOption({ panel, range, exemplars });

  it("decimates big lines to ≤ 2 points per pixel column for the line layer, keeps the spike; ECharts gets the extent", () => {
    const view = viewOption(option, new Set(), 500);
    const v = series(view.option);
    const usage = view.lines[0]!.xy;
    expect(usage.length / 2).toBeLessThanOrEqual(1000);
    expect(Math.max(...usage.filter((_, i) => i % 2 === 1))).toBe(50);
    // ECharts draws nothing of the lines: it gets their lowest and highest point for the y axis.
    expect(v.map((s) => s.id)).toEqual(["exemplars", "line-extent-0"]);
    expect(Array.from(v[1]!.data as Float64Array)).toEqual([0, 1, 0, 50]);
    // Small lines are handed over as they are, with their style; the exemplar points stay ECharts'.
    expect(Array.from(view.lines[1]!.xy)).toEqual([0, 2, 9_999_000, 2]);
    expect(view.lines.map((l) => [l.color, l.width, l.dash, l.area])).toEqual([
      ["#4e8ef7", 1.5, undefined, 0.08],
      ["#eb5757", 1.2, [4.8, 2.4], undefined],
    ]);
    expect(v[0]!.data).toBe(series(option)[2]!.data);
    // The builder's own option is left untouched (it is memoised by the panel).
    expect((series(option)[0]!.data as unknown[]).length).toBe(10_000);
  });

  it("a series the legend turned off is not drawn (ECharts' points empty, keeping their id); the tooltip skips it", () => {
    const view = viewOption(option, new Set(["limit", "exemplars"]), 500);
    const v = series(view.option);
    expect(v.map((s) => s.id)).toEqual(["exemplars", "line-extent-0"]);
    expect(view.lines.map((l) => l.color)).toEqual(["#4e8ef7"]);
    expect(v[0]!.data).toEqual([]);
    // The y axis covers the lines still shown only.
    expect(Array.from(v[1]!.data as Float64Array)).toEqual([0, 1, 0, 50]);
    expect(viewOption(option, new Set(["usage"]), 500).lines.map((l) => l.color)).toEqual(["#eb5757"]);
    expect(axisSeries(option, new Set(["limit"])).map((s) => s.name)).toEqual(["usage"]);
    expect(axisSeries(option, new Set()).map((s) => s.name)).toEqual(["usage", "limit"]);
  });

  it("a stepped line (the log volume) stays ECharts' own, decimated", () => {
    const view = viewOption(
      volumeOption(
        [
          [0, 3],
          [60_000, null],
          [120_000, 5],
        ],
        range,
      ),
      new Set(),
      500,
    );
    expect(view.lines).toEqual([]);
    expect(Array.from(series(view.option)[0]!.data as Float64Array)).toEqual([0, 3, 60_000, Number.NaN, 120_000, 5]);
  });
});

describe("what the legend and overlays read from an option", () => {
  it("one legend entry per named series, points for scatter", () => {
    expect(legendEntries(timeSeriesOption({ panel, range, exemplars }))).toEqual([
      { name: "usage", color: "#4e8ef7", kind: "line" },
      { name: "limit", color: "#eb5757", kind: "line" },
      { name: "exemplars", color: "#bb6bd9", kind: "point" },
    ]);
  });

  it("the time window and the grid margins of each chart", () => {
    expect(timeWindow(timeSeriesOption({ panel, range }))).toEqual([0, 10_000_000]);
    expect(gridInsets(timeSeriesOption({ panel, range }))).toEqual({ top: 24, right: 12, bottom: 24, left: 56 });
    expect(gridInsets(traceScatterOption([], range)).top).toBe(10);
    expect(timeWindow({})).toBeUndefined();
  });

  it("the log volume is a line (no bar chart in the chunk) whose values the tooltip lists", () => {
    const v = volumeOption(
      [
        [0, 3],
        [60_000, null],
      ],
      range,
    );
    expect(series(v).map((s) => s.type)).toEqual(["line"]);
    expect(axisSeries(v, new Set()).map((s) => Array.from(s.xy))).toEqual([[0, 3, 60_000, Number.NaN]]);
  });

  it("no option asks for a component the chart chunk does not register", () => {
    for (const o of [
      timeSeriesOption({ panel, range, exemplars }),
      volumeOption([[0, 1]], range),
      traceScatterOption([{ start: 1, durationMs: 2, error: false, traceId: "t" }], range),
    ]) {
      for (const key of ["tooltip", "legend", "brush", "axisPointer", "dataZoom", "markLine", "markArea"])
        expect(JSON.stringify(o, (_k, val) => (val instanceof Float64Array ? [] : val))).not.toContain(`"${key}"`);
      for (const s of series(o)) expect(["line", "scatter"]).toContain(s.type);
    }
  });
});

describe("plannedAxis: the x axis before ECharts has drawn", () => {
  const range = { from: millis(1_000_000), to: millis(4_600_000) };
  const options = {
    metrics: timeSeriesOption({ panel, range }),
    volume: volumeOption([[millis(2_000_000), 3]], range),
    scatter: traceScatterOption([{ start: 2_000_000, durationMs: 12, error: false, traceId: "a" }], range),
  };

  for (const [name, option] of Object.entries(options)) {
    it(`is where ECharts puts the window's ends (${name})`, () => {
      for (const width of [420, 613]) {
        const chart = echarts.init(null, undefined, { renderer: "svg", ssr: true, width, height: 180 });
        try {
          chart.setOption(option);
          const planned = plannedAxis(option, width);
          expect(planned).not.toBeNull();
          expect(chart.convertToPixel({ xAxisIndex: 0 }, range.from)).toBeCloseTo(planned!.x0, 6);
          expect(chart.convertToPixel({ xAxisIndex: 0 }, range.to)).toBeCloseTo(planned!.x1, 6);
          expect([planned!.t0, planned!.t1]).toEqual([range.from, range.to]);
        } finally {
          chart.dispose();
        }
      }
    });
  }

  it("has no axis while the chart has no width yet", () => {
    expect(plannedAxis(options.metrics, 0)).toBeNull();
  });
});

describe("samePoints", () => {
  it("compares [t, v] pairs, nulls included", () => {
    const a: [number, number | null][] = [
      [1, 2],
      [2, null],
    ];
    expect(samePoints(a, a)).toBe(true);
    expect(
      samePoints(a, [
        [1, 2],
        [2, null],
      ]),
    ).toBe(true);
    expect(
      samePoints(a, [
        [1, 2],
        [2, 0],
      ]),
    ).toBe(false);
    expect(samePoints(a, [[1, 2]])).toBe(false);
  });
});
