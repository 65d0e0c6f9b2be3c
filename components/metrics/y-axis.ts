// The value axis of a time series chart: ticks a reader can use and a left margin wide enough
// for its labels. ECharts' own ticks are decimal (1-2-5 × 10^k), which on a byte axis gave
// 47.7 MiB, 95.4 MiB, 143 MiB…, and the fixed 56 px margin cut the first digit off labels of
// 8 characters or more ("95.4 MiB" read "5.4 MiB"). A byte axis now steps by a power of two
// (16, 32, 64 MiB…); the margin comes from the widest label.

/** The id of a byte y axis in an option (its ticks follow the lines shown: chart-view.ts). */
export const BYTE_AXIS = "y-bytes";

/** Ticks of a byte axis from 0 to at least `hi`: a power-of-two step (≥ 1 byte), 3 to 5 steps. */
export function binaryAxis(hi: number): { max: number; interval: number } | undefined {
  if (!Number.isFinite(hi) || hi <= 0) return undefined;
  const interval = Math.max(1, 2 ** Math.ceil(Math.log2(hi / 5)));
  return { max: Math.ceil(hi / interval) * interval, interval };
}

/** The step ECharts picks for 0..hi with its default 5 splits (1, 2, 3, 5 × 10^k). */
export function decimalStep(hi: number): number {
  const raw = hi / 5;
  const exp = 10 ** Math.floor(Math.log10(raw));
  const f = raw / exp;
  return (f < 1.5 ? 1 : f < 2.5 ? 2 : f < 4 ? 3 : f < 7 ? 5 : 10) * exp;
}

/** The tick values of 0..hi for a step (at most 50; the last one ≥ hi). */
export function ticks(hi: number, step: number): number[] {
  const out: number[] = [];
  if (!(step > 0) || !Number.isFinite(hi)) return [0];
  for (let v = 0; out.length < 50; v += step) {
    out.push(v);
    if (v >= hi) break;
  }
  return out;
}

/** Left margin for labels: ~7 px a character at ECharts' 12 px, its 8 px label margin, 40–110 px. */
export function labelInset(labels: readonly string[]): number {
  const chars = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.min(110, Math.max(40, Math.ceil(chars * 7 + 12)));
}

/** The largest finite value of [t, v] points or flat [t, v, t, v…] arrays. */
export function highest(data: readonly unknown[]): number {
  let hi = Number.NEGATIVE_INFINITY;
  for (const d of data) {
    if (d instanceof Float64Array) {
      for (let i = 1; i < d.length; i += 2) if (d[i]! > hi) hi = d[i]!;
    } else if (Array.isArray(d)) {
      for (const p of d as unknown[]) {
        const v = Array.isArray(p) ? p[1] : undefined;
        if (typeof v === "number" && v > hi) hi = v;
      }
    }
  }
  return hi;
}
