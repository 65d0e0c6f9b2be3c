import { describe, expect, it } from "vitest";
import { listScale, MAX_LIST_PX, realTop, rowWindow, scrollTopFor, virtualTop } from "./row-window";

describe("rowWindow", () => {
  it("draws the rows in view plus the overscan, within the list", () => {
    expect(rowWindow(0, 240, 100_000, 24, 4)).toEqual({ first: 0, last: 14 });
    expect(rowWindow(2400, 240, 100_000, 24, 4)).toEqual({ first: 96, last: 114 });
    // A row cut by the bottom edge is drawn.
    expect(rowWindow(12, 240, 100_000, 24, 0)).toEqual({ first: 0, last: 11 });
  });

  it("clamps a scroll position past the end (the list just shrank) to the last rows", () => {
    expect(rowWindow(2_400_000, 240, 1, 24, 4)).toEqual({ first: 0, last: 1 });
    expect(rowWindow(2_400_000, 240, 50, 24, 2)).toEqual({ first: 38, last: 50 });
  });

  it("is empty for an empty list", () => {
    expect(rowWindow(0, 240, 0, 24, 4)).toEqual({ first: 0, last: 0 });
    expect(rowWindow(-10, 0, 10, 24, 0)).toEqual({ first: 0, last: 0 });
  });
});

describe("scrollTopFor", () => {
  it("centres a row", () => {
    expect(scrollTopFor(100, "center", 0, 240, 1000, 24)).toBe(2400 - 108);
    // Not before the start or past the end.
    expect(scrollTopFor(1, "center", 500, 240, 1000, 24)).toBe(0);
    expect(scrollTopFor(999, "center", 0, 240, 1000, 24)).toBe(24_000 - 240);
  });

  it("moves as little as needed, or not at all, with auto", () => {
    expect(scrollTopFor(5, "auto", 0, 240, 1000, 24)).toBe(0);
    expect(scrollTopFor(10, "auto", 0, 240, 1000, 24)).toBe(24);
    expect(scrollTopFor(3, "auto", 240, 240, 1000, 24)).toBe(72);
  });
});

describe("a list taller than browsers lay out", () => {
  it("is left alone below MAX_LIST_PX", () => {
    const s = listScale(100_000, 24);
    expect(s).toEqual({ total: 2_400_000, inner: 2_400_000 });
    expect(virtualTop(12_345, 600, s)).toBe(12_345);
    expect(realTop(12_345, 600, s)).toBe(12_345);
  });

  it("is capped, and its scroll offset maps proportionally both ways", () => {
    // 2,000,000 rows: 48M px at full height, past every browser's limit.
    const s = listScale(2_000_000, 24);
    expect(s.inner).toBe(MAX_LIST_PX);
    expect(s.total).toBe(48_000_000);
    const h = 600;
    // Top and bottom of the scrollbar are the first and the last rows.
    expect(virtualTop(0, h, s)).toBe(0);
    expect(virtualTop(MAX_LIST_PX - h, h, s)).toBe(48_000_000 - h);
    expect(rowWindow(virtualTop(MAX_LIST_PX - h, h, s), h, 2_000_000, 24, 0).last).toBe(2_000_000);
    // Halfway is the middle row.
    const mid = virtualTop((MAX_LIST_PX - h) / 2, h, s);
    expect(Math.round(mid / 24)).toBe(Math.round((2_000_000 - h / 24) / 2));
    for (const v of [0, 1_234_567, 24_000_000, 47_999_400])
      expect(virtualTop(realTop(v, h, s), h, s)).toBeCloseTo(v, 3);
    // Past the end clamps.
    expect(virtualTop(99_000_000, h, s)).toBe(48_000_000 - h);
  });
});
