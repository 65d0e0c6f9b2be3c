import { describe, expect, it } from "vitest";
import type { MetricPanel } from "@/lib/model/api";
import { millis } from "@/lib/model/time";
import { durationTick, timeSeriesOption } from "./chart-options";
import { viewOption } from "./chart-view";
import { binaryAxis, decimalStep, highest, labelInset, ticks } from "./y-axis";

const MiB = 1024 * 1024;

describe("a byte axis steps by powers of two", () => {
  it("3 to 5 steps of 2^k bytes from 0 to at least the highest value", () => {
    expect(binaryAxis(256 * MiB)).toEqual({ max: 256 * MiB, interval: 64 * MiB });
    expect(binaryAxis(250 * MiB)).toEqual({ max: 256 * MiB, interval: 64 * MiB });
    expect(binaryAxis(600)).toEqual({ max: 640, interval: 128 });
    expect(binaryAxis(3)).toEqual({ max: 3, interval: 1 });
    for (const hi of [1, 7, 1000, 12_345_678, 3.3e9, 1e15]) {
      const a = binaryAxis(hi)!;
      expect(Math.log2(a.interval) % 1, String(hi)).toBe(0);
      expect(a.max).toBeGreaterThanOrEqual(hi);
      const steps = a.max / a.interval;
      expect(steps, String(hi)).toBeGreaterThanOrEqual(hi >= 5 ? 3 : 1);
      expect(steps, String(hi)).toBeLessThanOrEqual(5);
    }
  });
  it("no data, zero or junk: ECharts decides", () => {
    for (const hi of [0, -5, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY])
      expect(binaryAxis(hi)).toBeUndefined();
  });
});

describe("the label margin", () => {
  it("fits the widest label, within 40–110 px", () => {
    expect(labelInset(["0", "5"])).toBe(40);
    expect(labelInset(["0 B", "95.4 MiB"])).toBe(68);
    expect(labelInset(["x".repeat(40)])).toBe(110);
  });
  it("decimal steps and ticks as ECharts makes them, bounded", () => {
    expect(decimalStep(0.015)).toBe(0.003);
    expect(decimalStep(100)).toBe(20);
    expect(ticks(100, 20)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(1, 0)).toEqual([0]);
    expect(ticks(1e9, 1).length).toBe(50);
    expect(
      highest([
        [
          [1, 3],
          [2, null],
          [3, 9],
        ],
        Float64Array.of(0, 4, 1, 12),
      ]),
    ).toBe(12);
  });
});

const range = { from: millis(0), to: millis(3_600_000) };
function memory(values: number[][]): MetricPanel {
  return {
    id: "memory",
    title: "Memory",
    unit: "bytes",
    queries: [],
    series: values.map((vs, i) => ({
      name: i === 0 ? "working set" : `s${i}`,
      role: "value" as const,
      points: vs.map((v, k) => [millis(k * 60_000), v] as [ReturnType<typeof millis>, number]),
    })),
  };
}
const y0 = (o: Record<string, unknown>) => (o.yAxis as Record<string, unknown>[])[0]!;
const grid = (o: Record<string, unknown>) => o.grid as { left: number };

describe("the memory chart's axis", () => {
  it("64 MiB steps up to the limit, labels without '.0', a margin that fits them", () => {
    const o = timeSeriesOption({ panel: memory([[10 * MiB, 200 * MiB, 256 * MiB]]), range }) as Record<string, unknown>;
    expect(y0(o)).toMatchObject({ max: 256 * MiB, interval: 64 * MiB, min: 0 });
    const fmt = (y0(o).axisLabel as { formatter: (v: number) => string }).formatter;
    expect([0, 64, 128, 192, 256].map((m) => fmt(m * MiB))).toEqual(["0 B", "64 MiB", "128 MiB", "192 MiB", "256 MiB"]);
    expect(grid(o).left).toBeGreaterThanOrEqual(labelInset(["128 MiB"]));
  });
  it("a line turned off no longer sets the scale", () => {
    const o = timeSeriesOption({
      panel: memory([
        [10 * MiB, 20 * MiB],
        [900 * MiB, 1000 * MiB],
      ]),
      range,
    });
    expect(y0(o as Record<string, unknown>)).toMatchObject({ max: 1024 * MiB, interval: 256 * MiB });
    const v = viewOption(o, new Set(["s1"]), 200).option as Record<string, unknown>;
    expect(y0(v)).toMatchObject({ max: 20 * MiB, interval: 4 * MiB });
    // Everything shown: the scale of all lines.
    const all = viewOption(o, new Set(), 200).option as Record<string, unknown>;
    expect(y0(all)).toMatchObject({ max: 1024 * MiB, interval: 256 * MiB });
  });
  it("a CPU axis keeps ECharts' decimal ticks, labels without '.0'", () => {
    const cpu: MetricPanel = { ...memory([[0.004, 0.009]]), unit: "cores" };
    const o = timeSeriesOption({ panel: cpu, range }) as Record<string, unknown>;
    expect(y0(o).interval).toBeUndefined();
    expect(y0(o).id).toBeUndefined();
    const fmt = (y0(o).axisLabel as { formatter: (v: number) => string }).formatter;
    expect(fmt(0.009)).toBe("9m");
    expect(fmt(0.0095)).toBe("9.5m");
    expect(fmt(2)).toBe("2");
  });
});

describe("the traces chart's duration axis", () => {
  it("says each power of ten in the unit that keeps it within the margin", () => {
    expect([0.1, 1, 10, 100, 1000, 10_000, 100_000].map(durationTick)).toEqual([
      "100 µs",
      "1 ms",
      "10 ms",
      "100 ms",
      "1 s",
      "10 s",
      "100 s",
    ]);
    expect(
      Math.max(...[0.1, 1, 10, 100, 1000, 10_000, 100_000].map((v) => labelInset([durationTick(v)]))),
    ).toBeLessThanOrEqual(56);
  });
});
