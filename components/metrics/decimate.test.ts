import { describe, expect, it } from "vitest";
import { decimate } from "./decimate";

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const xyOf = (pts: [number, number][]) => pts;
const pairs = (xy: Float64Array): [number, number][] =>
  Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i]!, xy[2 * i + 1]!]);

/** Per column: the first, lowest, highest and last finite point, and the gaps. */
function summary(xy: Float64Array | [number, number][], from: number, to: number, cols: number) {
  const byCol = new Map<number, { first: [number, number]; min: number; max: number; last: [number, number] }>();
  const gaps: number[] = [];
  for (const [t, v] of xy instanceof Float64Array ? pairs(xy) : xy) {
    if (Number.isNaN(v)) {
      gaps.push(t);
      continue;
    }
    const c = Math.floor(((t - from) * cols) / (to - from));
    const s = byCol.get(c);
    if (!s) byCol.set(c, { first: [t, v], min: v, max: v, last: [t, v] });
    else {
      s.min = Math.min(s.min, v);
      s.max = Math.max(s.max, v);
      s.last = [t, v];
    }
  }
  return { byCol, gaps };
}

describe("decimate (min/max per pixel column; with ends: M4)", () => {
  for (const ends of [false, true])
    it(`keeps each pixel column's lowest and highest${ends ? ", first and last" : ""} point, nothing else`, () => {
      const r = rng(7);
      const n = 11_000;
      const pts: [number, number][] = [];
      let v = 1;
      for (let i = 0; i < n; i++) {
        v = Math.max(0, v + (r() - 0.5) * 0.2);
        pts.push([i * 15_000, v]);
      }
      const xy = xyOf(pts);
      const from = 0;
      const to = n * 15_000;
      const out = decimate(xy, from, to, 600, ends);
      expect(out.length / 2).toBeLessThanOrEqual(600 * (ends ? 4 : 2));
      expect(out.length / 2).toBeGreaterThanOrEqual(600 * (ends ? 2 : 1.5));
      // Every kept point is an original point, in the original order.
      const index = new Map(pts.map(([t, val], i) => [t, [i, val] as const]));
      let prev = -1;
      for (const [t, val] of pairs(out)) {
        const hit = index.get(t);
        expect(hit?.[1]).toBe(val);
        expect(hit![0]).toBeGreaterThan(prev);
        prev = hit![0];
      }
      const want = summary(xy, from, to, 600);
      const got = summary(out, from, to, 600);
      expect(got.gaps).toEqual(want.gaps);
      for (const [c, w] of want.byCol) {
        const g = got.byCol.get(c);
        expect([g?.min, g?.max]).toEqual([w.min, w.max]);
        if (ends) expect([g?.first, g?.last]).toEqual([w.first, w.last]);
      }
      expect(got.byCol.size).toBe(want.byCol.size);
    });

  it("keeps a one-sample spike and a one-sample dip that share a column (LTTB keeps only one of them)", () => {
    const pts: [number, number][] = Array.from({ length: 10_000 }, (_, i) => [i, 5]);
    pts[5000] = [5000, 100];
    pts[5003] = [5003, -40];
    const out = pairs(decimate(xyOf(pts), 0, 10_000, 100));
    expect(out).toContainEqual([5000, 100]);
    expect(out).toContainEqual([5003, -40]);
    expect(out.length).toBeLessThanOrEqual(400);
  });

  it("keeps gaps: one NaN point per run of missing samples, at its place in the line", () => {
    const pts: [number, number][] = Array.from({ length: 10_000 }, (_, i) => [i, i % 7]);
    for (let i = 4000; i < 4500; i++) pts[i] = [i, Number.NaN];
    pts[9000] = [9000, Number.NaN];
    const out = pairs(decimate(xyOf(pts), 0, 10_000, 50));
    const gaps = out.filter((p) => Number.isNaN(p[1]));
    expect(gaps.map((p) => p[0])).toEqual([4000, 9000]);
    // The line stops and restarts in the gap's own pixel columns (200 samples a column here)…
    const col = (t: number) => Math.floor(t / 200);
    const around = (t: number) => out.filter((p) => !Number.isNaN(p[1]) && col(p[0]) === col(t)).length;
    for (const t of [3999, 4500, 8999, 9001]) expect(around(t)).toBeGreaterThan(0);
    // …and with the columns' ends kept (M4), at the very samples on either side.
    const ts = pairs(decimate(xyOf(pts), 0, 10_000, 50, true)).map((p) => p[0]);
    for (const t of [3999, 4500, 8999, 9001]) expect(ts).toContain(t);
  });

  it("points outside the window get their own columns instead of distorting the edge columns", () => {
    const pts: [number, number][] = Array.from({ length: 2000 }, (_, i) => [i - 1000, i < 1000 ? 999 : 1]);
    const out = pairs(decimate(xyOf(pts), 0, 1000, 10));
    const inside = out.filter((p) => p[0] >= 0);
    expect(Math.max(...inside.map((p) => p[1]))).toBe(1);
    expect(out[0]).toEqual([-1000, 999]);
  });

  it("converts small inputs as they are, null as a gap", () => {
    expect(
      Array.from(
        decimate(
          [
            [0, 1],
            [1, null],
          ],
          0,
          10,
          100,
        ),
      ),
    ).toEqual([0, 1, 1, Number.NaN]);
    expect(decimate([], 0, 10, 100).length).toBe(0);
  });

  it("reads null values as gaps, as NaN", () => {
    const pts: [number, number | null][] = Array.from({ length: 10_000 }, (_, i) => [i, i % 7]);
    for (let i = 4000; i < 4500; i++) pts[i] = [i, null];
    const out = pairs(decimate(pts, 0, 10_000, 50));
    expect(out.filter((p) => Number.isNaN(p[1])).map((p) => p[0])).toEqual([4000]);
  });
});
