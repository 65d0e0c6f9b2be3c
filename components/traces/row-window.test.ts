import { describe, expect, it } from "vitest";
import { rowWindow, scrollTopFor } from "./row-window";

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
