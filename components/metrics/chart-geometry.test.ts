import { describe, expect, it } from "vitest";
import {
  type AxisMap,
  axisRows,
  clampX,
  dragRange,
  hitNearest,
  nearestIndex,
  overPlot,
  snappedTime,
  timeToX,
  xToTime,
} from "./chart-geometry";

// A plot from x = 56 to x = 556 px showing 10:00–10:50 (ms since epoch).
const T0 = Date.UTC(2026, 11, 5, 10, 0);
const m: AxisMap = { x0: 56, x1: 556, t0: T0, t1: T0 + 50 * 60_000 };

describe("axis mapping", () => {
  it("time ↔ pixel is the axis' linear map, both ways", () => {
    expect(timeToX(m, T0)).toBe(56);
    expect(timeToX(m, T0 + 25 * 60_000)).toBe(306);
    expect(xToTime(m, 556)).toBe(T0 + 50 * 60_000);
    expect(xToTime(m, timeToX(m, T0 + 1234567))).toBeCloseTo(T0 + 1234567, 3);
  });

  it("knows the plot from the axis labels beside it", () => {
    expect(overPlot(m, 40)).toBe(false);
    expect(overPlot(m, 56)).toBe(true);
    expect(overPlot(m, 600)).toBe(false);
    expect(clampX(m, 10)).toBe(56);
    expect(clampX(m, 999)).toBe(556);
  });
});

describe("drag to select", () => {
  it("a drag selects the time between its ends, in either direction, rounded to ms", () => {
    expect(dragRange(m, 156, 256)).toEqual([T0 + 10 * 60_000, T0 + 20 * 60_000]);
    expect(dragRange(m, 256, 156)).toEqual([T0 + 10 * 60_000, T0 + 20 * 60_000]);
  });

  it("a drag past the plot's edge stops at the edge", () => {
    expect(dragRange(m, 500, 900)).toEqual([Math.round(xToTime(m, 500)), T0 + 50 * 60_000]);
  });

  it("a pointer that barely moved is a click, not a selection", () => {
    expect(dragRange(m, 300, 302)).toBeUndefined();
    expect(dragRange(m, 300, 300)).toBeUndefined();
  });
});

describe("nearest point", () => {
  const xy = Float64Array.from([0, 1, 10, 2, 20, Number.NaN, 30, 4]);

  it("binary-searches the point nearest in time, ties to the earlier one", () => {
    expect(nearestIndex(xy, -5)).toBe(0);
    expect(nearestIndex(xy, 4)).toBe(0);
    expect(nearestIndex(xy, 5)).toBe(0);
    expect(nearestIndex(xy, 6)).toBe(1);
    expect(nearestIndex(xy, 26)).toBe(3);
    expect(nearestIndex(xy, 99)).toBe(3);
    expect(nearestIndex(new Float64Array(0), 1)).toBe(-1);
  });

  it("the axis tooltip lists each series at its nearest point, a gap as a dash", () => {
    const fmt = (v: number) => `${v} cores`;
    const rows = axisRows(
      [
        { name: "cpu", color: "#111", xy },
        { name: "limit", color: "#222", xy: Float64Array.from([0, 8, 30, 8]) },
        { name: "empty", color: "#333", xy: new Float64Array(0) },
      ],
      19,
      fmt,
    );
    expect(rows).toEqual([
      { name: "cpu", color: "#111", value: "–" },
      { name: "limit", color: "#222", value: "8 cores" },
    ]);
    expect(snappedTime([{ name: "cpu", color: "#111", xy }], 12)).toBe(10);
  });
});

describe("hit testing", () => {
  const pts = [{ x: 100, y: 50 }, undefined, { x: 104, y: 50 }, { x: 300, y: 10 }];

  it("picks the nearest point within the radius", () => {
    expect(hitNearest(pts, 103, 50, 10)).toBe(2);
    expect(hitNearest(pts, 101, 51, 10)).toBe(0);
    expect(hitNearest(pts, 300, 19, 10)).toBe(3);
  });

  it("misses when nothing is within the radius", () => {
    expect(hitNearest(pts, 200, 50, 10)).toBe(-1);
    expect(hitNearest(pts, 300, 21, 10)).toBe(-1);
    expect(hitNearest([], 0, 0, 10)).toBe(-1);
  });
});
