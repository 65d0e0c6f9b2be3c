// Evaluates the AST against a PromSource one timestamp at a time. Samples live on the source's
// scrape grid; a selector takes the newest sample within the 5-minute lookback (no staleness markers).
import type { Labels, MetricSeriesSource, PromSource } from "../../sources";
import { type Expr, type MatrixExpr, PromQLError, type SelectorExpr } from "./ast";
import { aggregate } from "./aggregate";
import { binaryOp } from "./binary";
import { evalInstantFunction, evalRangeFunction, isRangeFunction } from "./functions";
import { compareLabels, dropMetricName, matchesAll, sortedLabels } from "./labels";
import { assertUniqueLabelsets, type RangeSeries, type Sample, scalar, type Value, vector } from "./values";

export const LOOKBACK_MS = 5 * 60_000;

interface IndexedSeries {
  labels: Labels;
  src: MetricSeriesSource;
  /** Present samples over the query's whole span, read once: steps only slice these arrays. */
  t?: Float64Array;
  v?: Float64Array;
}

/** How far before (back) and after (fwd) an evaluation timestamp the expression reads samples. */
export function sampleSpan(e: Expr): { back: number; fwd: number } {
  const sel = (offset: number, range: number) => ({ back: Math.max(0, offset + range), fwd: Math.max(0, -offset) });
  const merge = (xs: { back: number; fwd: number }[]) => ({
    back: Math.max(0, ...xs.map((x) => x.back)),
    fwd: Math.max(0, ...xs.map((x) => x.fwd)),
  });
  switch (e.kind) {
    case "selector":
      return sel(e.offsetMs, LOOKBACK_MS);
    case "matrix":
      return sel(e.selector.offsetMs, e.rangeMs);
    case "call":
      return merge(e.args.map(sampleSpan));
    case "aggregate":
      return merge([sampleSpan(e.expr), ...(e.param ? [sampleSpan(e.param)] : [])]);
    case "binary":
      return merge([sampleSpan(e.lhs), sampleSpan(e.rhs)]);
    case "unary":
      return sampleSpan(e.expr);
    default:
      return { back: 0, fwd: 0 };
  }
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Evaluator {
  private readonly series: IndexedSeries[];
  private readonly selections = new Map<SelectorExpr, IndexedSeries[]>();
  private readonly stepMs: number;

  /** [fromMs, toMs]: every sample timestamp any evaluation of this query may read. */
  constructor(
    src: PromSource,
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {
    this.stepMs = Math.max(1, src.scrapeIntervalMs);
    this.series = src
      .series()
      .map((s) => ({ labels: sortedLabels(s.labels), src: s }))
      .sort((a, b) => compareLabels(a.labels, b.labels));
  }

  eval(e: Expr, tMs: number): Value {
    switch (e.kind) {
      case "number":
        return scalar(e.value);
      case "string":
        return { kind: "string", value: e.value };
      case "selector":
        return vector(this.instantSelect(e, tMs));
      case "matrix":
        return { kind: "matrix", series: this.rangeSelect(e, tMs) };
      case "unary": {
        const v = this.eval(e.expr, tMs);
        if (!e.negate) return v;
        if (v.kind === "scalar") return scalar(-v.value);
        if (v.kind !== "vector") throw new PromQLError("execution", "unary minus on a non-numeric value");
        return vector(v.samples.map((s) => ({ labels: dropMetricName(s.labels), value: -s.value })));
      }
      case "call":
        return this.call(e.func, e.args, tMs);
      case "aggregate": {
        const param = e.param ? this.eval(e.param, tMs) : undefined;
        const inner = this.eval(e.expr, tMs);
        if (inner.kind !== "vector") throw new PromQLError("execution", "aggregation over a non-vector");
        const p = param?.kind === "scalar" ? param.value : undefined;
        return vector(aggregate(e.op, inner.samples, e.grouping, e.without, p));
      }
      case "binary": {
        const v = binaryOp(e.op, this.eval(e.lhs, tMs), this.eval(e.rhs, tMs), e.bool, e.matching);
        if (v.kind === "vector") assertUniqueLabelsets(v.samples);
        return v;
      }
    }
  }

  private call(func: string, args: Expr[], tMs: number): Value {
    const first = args[0];
    if (isRangeFunction(func) && first?.kind === "matrix") {
      const endMs = tMs - first.selector.offsetMs;
      const window = { startMs: endMs - first.rangeMs, endMs, rangeMs: first.rangeMs };
      const out = evalRangeFunction(func, this.rangeSelect(first, tMs), window);
      assertUniqueLabelsets(out);
      return vector(out);
    }
    const v = evalInstantFunction(
      func,
      args.map((a) => this.eval(a, tMs)),
      tMs,
    );
    if (v.kind === "vector") assertUniqueLabelsets(v.samples);
    return v;
  }

  private select(sel: SelectorExpr): IndexedSeries[] {
    let hit = this.selections.get(sel);
    if (!hit) {
      hit = this.series.filter((s) => matchesAll(s.labels, sel.matchers));
      this.selections.set(sel, hit);
    }
    return hit;
  }

  private samples(s: IndexedSeries): { t: Float64Array; v: Float64Array } {
    if (s.t && s.v) return { t: s.t, v: s.v };
    const ts: number[] = [];
    const vs: number[] = [];
    const last = Math.floor(this.toMs / this.stepMs) * this.stepMs;
    for (let g = Math.ceil(this.fromMs / this.stepMs) * this.stepMs; g <= last; g += this.stepMs) {
      const v = s.src.valueAt(g);
      if (v === undefined) continue;
      ts.push(g);
      vs.push(v);
    }
    s.t = Float64Array.from(ts);
    s.v = Float64Array.from(vs);
    return { t: s.t, v: s.v };
  }

  private instantSelect(sel: SelectorExpr, tMs: number): Sample[] {
    const ref = tMs - sel.offsetMs;
    const out: Sample[] = [];
    for (const s of this.select(sel)) {
      const { t, v } = this.samples(s);
      const i = lowerBound(t, ref + 1) - 1;
      if (i < 0 || (t[i] as number) < ref - LOOKBACK_MS) continue;
      out.push({ labels: s.labels, value: v[i] as number });
    }
    return out;
  }

  /** Samples with start <= t <= end (both ends inclusive in 2.42). */
  private rangeSelect(m: MatrixExpr, tMs: number): RangeSeries[] {
    const end = tMs - m.selector.offsetMs;
    const start = end - m.rangeMs;
    const out: RangeSeries[] = [];
    for (const s of this.select(m.selector)) {
      const { t, v } = this.samples(s);
      const lo = lowerBound(t, start);
      const hi = lowerBound(t, end + 1);
      if (hi > lo) out.push({ labels: s.labels, t, v, lo, hi });
    }
    return out;
  }
}
