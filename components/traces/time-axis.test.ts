import { describe, expect, it } from "vitest";
import { axisTicks, niceStep } from "./time-axis";

describe("time axis", () => {
  it("picks 1-2-5 steps", () => {
    expect(niceStep(1000)).toBe(200);
    expect(niceStep(100_000)).toBe(20_000);
    expect(niceStep(37_000)).toBe(5000);
    expect(niceStep(0)).toBe(1);
  });

  it("places ticks from 0 to at most the total, labelled as durations", () => {
    const t = axisTicks(100_000);
    expect(t.map((x) => x.at)).toEqual([0, 20_000, 40_000, 60_000, 80_000, 100_000]);
    expect(t[1]?.label).toBe("20 ms");
    expect(t[5]?.frac).toBe(1);
    expect(axisTicks(0)).toHaveLength(1);
  });
});
