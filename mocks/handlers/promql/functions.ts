// PromQL functions of the subset, ported from Prometheus 2.42 promql/functions.go so values
// (extrapolation, counter resets, NaN handling) come out the same as the real server's.
import type { Labels } from "../../sources";
import { PromQLError } from "./ast";
import { compileGoRegex, dropMetricName, LABEL_NAME_RE } from "./labels";
import { asScalar, asVector, type RangeSeries, type Sample, scalar, type Value, vector } from "./values";

interface RangeWindow {
  startMs: number;
  endMs: number;
  rangeMs: number;
}

/** A window of samples: t/v arrays with the half-open index range [lo, hi). */
interface Win {
  t: Float64Array;
  v: Float64Array;
  lo: number;
  hi: number;
}

function extrapolatedRate(
  { t, v, lo, hi }: Win,
  w: RangeWindow,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const n = hi - lo;
  if (n < 2) return undefined;
  const firstV = v[lo] as number;
  const firstT = t[lo] as number;
  const lastT = t[hi - 1] as number;
  let result = (v[hi - 1] as number) - firstV;
  let prev = firstV;
  for (let i = lo + 1; i < hi; i++) {
    const cur = v[i] as number;
    if (isCounter && cur < prev) result += prev;
    prev = cur;
  }
  let durationToStart = (firstT - w.startMs) / 1000;
  const durationToEnd = (w.endMs - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avgBetween = sampledInterval / (n - 1);
  if (isCounter && result > 0 && firstV >= 0) {
    const durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = avgBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : avgBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : avgBetween / 2;
  let factor = extrapolateTo / sampledInterval;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

function instantValue({ t, v, lo, hi }: Win, isRate: boolean): number | undefined {
  if (hi - lo < 2) return undefined;
  const last = v[hi - 1] as number;
  const prev = v[hi - 2] as number;
  const value = isRate && last < prev ? last : last - prev;
  const interval = (t[hi - 1] as number) - (t[hi - 2] as number);
  if (interval === 0) return undefined;
  return isRate ? value / (interval / 1000) : value;
}

function avg({ v, lo, hi }: Win): number {
  let mean = 0;
  let count = 0;
  for (let i = lo; i < hi; i++) {
    const x = v[i] as number;
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(x) && !Number.isNaN(x) && mean > 0 === x > 0) continue;
      if (Number.isFinite(x)) continue;
    }
    mean += x / count - mean / count;
  }
  return mean;
}

function extreme({ v, lo, hi }: Win, isMax: boolean): number {
  let best = v[lo] as number;
  for (let i = lo; i < hi; i++) {
    const x = v[i] as number;
    if ((isMax ? x > best : x < best) || Number.isNaN(best)) best = x;
  }
  return best;
}

function countChanges({ v, lo, hi }: Win, resetsOnly: boolean): number {
  let n = 0;
  for (let i = lo + 1; i < hi; i++) {
    const a = v[i - 1] as number;
    const b = v[i] as number;
    if (resetsOnly ? b < a : a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++;
  }
  return n;
}

function sum({ v, lo, hi }: Win): number {
  let s = 0;
  for (let i = lo; i < hi; i++) s += v[i] as number;
  return s;
}

type RangeImpl = (win: Win, w: RangeWindow) => number | undefined;
const nonEmpty =
  (f: (win: Win) => number): RangeImpl =>
  (win) =>
    win.hi > win.lo ? f(win) : undefined;

const RANGE_IMPLS: Record<string, RangeImpl> = {
  rate: (win, w) => extrapolatedRate(win, w, true, true),
  increase: (win, w) => extrapolatedRate(win, w, true, false),
  delta: (win, w) => extrapolatedRate(win, w, false, false),
  irate: (win) => instantValue(win, true),
  idelta: (win) => instantValue(win, false),
  avg_over_time: nonEmpty(avg),
  max_over_time: nonEmpty((win) => extreme(win, true)),
  min_over_time: nonEmpty((win) => extreme(win, false)),
  sum_over_time: nonEmpty(sum),
  count_over_time: nonEmpty((win) => win.hi - win.lo),
  last_over_time: nonEmpty((win) => win.v[win.hi - 1] as number),
  changes: nonEmpty((win) => countChanges(win, false)),
  resets: nonEmpty((win) => countChanges(win, true)),
};

export function isRangeFunction(func: string): boolean {
  return func in RANGE_IMPLS;
}

export function evalRangeFunction(func: string, series: RangeSeries[], w: RangeWindow): Sample[] {
  const impl = RANGE_IMPLS[func];
  if (!impl) throw new PromQLError("bad_data", `not supported by the mock: function "${func}"`);
  const out: Sample[] = [];
  for (const s of series) {
    const value = impl(s, w);
    if (value === undefined) continue;
    // last_over_time keeps the metric name; every other range function computes a new value.
    out.push({ labels: func === "last_over_time" ? s.labels : dropMetricName(s.labels), value });
  }
  return out;
}

function mapValues(samples: Sample[], f: (v: number) => number): Value {
  return vector(samples.map((s) => ({ labels: dropMetricName(s.labels), value: f(s.value) })));
}

/** Go math.Max/Min propagate NaN; JS Math.max does too. */
const MATH: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
};

export function evalInstantFunction(func: string, args: Value[], tMs: number): Value {
  const arg = (i: number): Value => args[i] as Value;
  const math = MATH[func];
  if (math) return mapValues(asVector(arg(0)), math);
  switch (func) {
    case "time":
      return scalar(tMs / 1000);
    case "vector":
      return vector([{ labels: {}, value: asScalar(arg(0)) }]);
    case "scalar": {
      const v = asVector(arg(0));
      return scalar(v.length === 1 ? (v[0] as Sample).value : Number.NaN);
    }
    case "timestamp":
      return mapValues(asVector(arg(0)), () => tMs / 1000);
    case "clamp_min": {
      const min = asScalar(arg(1));
      return mapValues(asVector(arg(0)), (v) => Math.max(min, v));
    }
    case "clamp_max": {
      const max = asScalar(arg(1));
      return mapValues(asVector(arg(0)), (v) => Math.min(max, v));
    }
    case "clamp": {
      const min = asScalar(arg(1));
      const max = asScalar(arg(2));
      if (max < min) return vector([]);
      return mapValues(asVector(arg(0)), (v) => Math.max(min, Math.min(max, v)));
    }
    case "round": {
      const to = args.length > 1 ? asScalar(arg(1)) : 1;
      const inv = 1 / to;
      return mapValues(asVector(arg(0)), (v) => Math.floor(v * inv + 0.5) / inv);
    }
    case "label_replace":
      return labelReplace(asVector(arg(0)), args.slice(1).map(str));
    default:
      throw new PromQLError("bad_data", `not supported by the mock: function "${func}"`);
  }
}

function str(v: Value): string {
  if (v.kind !== "string") throw new PromQLError("execution", `expected string, got ${v.kind}`);
  return v.value;
}

/** Go regexp.Expand: $1, ${1}, $name, ${name}; $$ is a literal dollar. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_all, whole: string, braced?: string, bare?: string) => {
    if (whole === "$") return "$";
    const name = braced ?? bare ?? "";
    const v = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    return v ?? "";
  });
}

function labelReplace(samples: Sample[], [dst, repl, src, regex]: string[]): Value {
  if (!LABEL_NAME_RE.test(dst ?? ""))
    throw new PromQLError("execution", `invalid destination label name in label_replace(): ${dst}`);
  let re: RegExp;
  try {
    re = compileGoRegex(regex ?? "", true);
  } catch {
    throw new PromQLError("execution", `invalid regular expression in label_replace(): ${regex}`);
  }
  return vector(
    samples.map((s) => {
      const m = re.exec(s.labels[src ?? ""] ?? "");
      if (!m) return s;
      const value = expand(repl ?? "", m);
      const labels: Labels = { ...s.labels };
      if (value === "") delete labels[dst as string];
      else labels[dst as string] = value;
      return { labels, value: s.value };
    }),
  );
}
