// Step selection for range queries. Prometheus (and Loki) reject a query whose range/step
// exceeds 11,000 points with a 400 (APIS.md §1 "Step limit"), so the floor is enforced here.

/** Server-side cap on points per series, Prometheus and Loki alike. */
export const MAX_POINTS_PER_SERIES = 11_000;

export interface StepOptions {
  /** Cap on points per series; defaults to the server's 11,000. */
  maxPoints?: number;
  /** Never go below this (e.g. the scrape interval). */
  minStepSeconds?: number;
  /** Desired number of points, e.g. the chart's width in pixels. */
  targetPoints?: number;
}

/** Smallest step (seconds) the server accepts for this range: ceil(range_s / maxPoints), at least 1 ms. */
export function minStepForRange(rangeMs: number, maxPoints = MAX_POINTS_PER_SERIES): number {
  const rangeS = Math.max(0, rangeMs) / 1000;
  return Math.max(0.001, Math.ceil(rangeS / Math.max(1, maxPoints)));
}

/**
 * Pick a step in seconds for a range of `rangeMs`: about `targetPoints` points when given,
 * never finer than `minStepSeconds`, and never more than `maxPoints` points (the 11,000 rule).
 * Whole seconds once the step reaches 1 s, so steps stay readable in URLs and query keys.
 */
export function chooseStep(rangeMs: number, opts: StepOptions = {}): number {
  const { maxPoints = MAX_POINTS_PER_SERIES, minStepSeconds = 1, targetPoints } = opts;
  const rangeS = Math.max(0, rangeMs) / 1000;
  let step = minStepSeconds > 0 ? minStepSeconds : 0.001;
  if (targetPoints !== undefined && targetPoints > 0) step = Math.max(step, rangeS / targetPoints);
  if (step >= 1) step = Math.ceil(step);
  return Math.max(step, minStepForRange(rangeMs, maxPoints));
}

/** The step actually sent: the caller's step, raised to the server's floor if it is too fine or invalid. */
export function clampStep(rangeMs: number, stepSeconds: number, maxPoints = MAX_POINTS_PER_SERIES): number {
  const floor = minStepForRange(rangeMs, maxPoints);
  if (!Number.isFinite(stepSeconds) || stepSeconds <= 0) return chooseStep(rangeMs, { maxPoints });
  return Math.max(stepSeconds, floor);
}
