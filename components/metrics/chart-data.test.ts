import { describe, expect, it } from "vitest";
import type { MetricPanel } from "@/lib/model/api";
import { millis } from "@/lib/model/time";
import { pointsXY, timeSeriesOption } from "./chart-options";
import { viewOption } from "./chart-view";

describe("chart data", () => {
  it("points become one flat Float64Array of [t, v] pairs, null as NaN (a gap in the line)", () => {
    const xy = pointsXY([
      [1_700_000_000_000, 1.5],
      [1_700_000_015_000, null],
      [1_700_000_030_000, 0],
    ]);
    expect(xy).toBeInstanceOf(Float64Array);
    expect([...xy]).toEqual([1_700_000_000_000, 1.5, 1_700_000_015_000, Number.NaN, 1_700_000_030_000, 0]);
  });

  it("viewOption hands the lines over as typed arrays (ECharts clones plain arrays, not typed ones)", () => {
    const panel: MetricPanel = {
      id: "cpu",
      title: "CPU",
      unit: "cores",
      queries: [],
      series: [
        { name: "a", role: "value", points: [[millis(1000), 1]] },
        { name: "limit", role: "limit", points: [[millis(1000), 2]] },
      ],
    };
    const view = viewOption(timeSeriesOption({ panel, range: { from: millis(0), to: millis(2000) } }), new Set(), 600);
    const opt = view.option as { series: { type: string; data: unknown }[] };
    expect(opt.series.map((s) => s.data instanceof Float64Array)).toEqual([true]);
    expect(view.lines.map((l) => Array.from(l.xy))).toEqual([
      [1000, 1],
      [1000, 2],
    ]);
  });
});
