import { describe, expect, it } from "vitest";
import { chooseStep, clampStep, minStepForRange } from "./step";

const H = 3_600_000;

describe("chooseStep (the 11,000-points rule)", () => {
  it("never yields more than 11,000 points per series", () => {
    for (const rangeMs of [1_000, 60_000, H, 4 * H, 24 * H, 30 * 24 * H, 365 * 24 * H]) {
      const step = chooseStep(rangeMs, { minStepSeconds: 0.001 });
      expect(Math.floor(rangeMs / 1000 / step)).toBeLessThanOrEqual(11_000);
    }
  });
  it("4 h at 1 s is too fine (the recorded 400): the step becomes ceil(14400/11000) = 2", () => {
    expect(chooseStep(4 * H)).toBe(2);
    expect(clampStep(4 * H, 1)).toBe(2);
  });
  it("aims at targetPoints, rounded up to whole seconds", () => {
    expect(chooseStep(H, { targetPoints: 300 })).toBe(12);
    expect(chooseStep(H, { targetPoints: 7 })).toBe(515);
  });
  it("respects minStepSeconds (scrape interval)", () => {
    expect(chooseStep(60_000, { minStepSeconds: 15, targetPoints: 1000 })).toBe(15);
  });
  it("maxPoints overrides the default cap", () => {
    expect(chooseStep(H, { maxPoints: 100 })).toBe(36);
  });
  it("clampStep keeps a valid step and replaces a non-positive one", () => {
    expect(clampStep(H, 15)).toBe(15);
    expect(clampStep(H, 0)).toBe(1);
    expect(clampStep(H, Number.NaN)).toBe(1);
    expect(minStepForRange(30 * 24 * H)).toBe(236);
  });
});
