import { describe, expect, it } from "vitest";
import type { Exemplar } from "../model/series";
import { millis } from "../model/time";
import { thinExemplars } from "./metrics";

const ex = (at: number, status: string): Exemplar => ({
  seriesLabels: { status },
  labels: {},
  at: millis(at),
  value: 1,
  traceId: at.toString(16).padStart(32, "0"),
});

describe("thinExemplars", () => {
  const range = { from: millis(0), to: millis(1000) };
  it("keeps everything under the cap", () => {
    const list = [ex(1, "200"), ex(2, "200")];
    expect(thinExemplars(list, range, 10)).toEqual(list);
  });
  it("keeps one per bucket, preferring 5xx, in time order", () => {
    const list = [ex(10, "200"), ex(20, "502"), ex(30, "200"), ex(610, "200"), ex(620, "200")];
    const out = thinExemplars(list, range, 2);
    expect(out.map((e) => e.at)).toEqual([20, 610]);
  });
});
