// Metric queries over logs: range aggregations (window (t-range, t] like Loki's range vector
// iterator) and vector aggregations on top, evaluated at a list of step timestamps.
import type { Labels, LokiSource } from "../../sources";
import { aggregate } from "../promql/aggregate";
import { labelsToString } from "../promql/labels";
import type { Sample } from "../promql/values";
import { LokiError, type MetricExpr, type RangeAggExpr } from "./ast";
import { ERROR_LABEL, runPipeline } from "./pipeline";
import { selectStreams } from "./select";

const encoder = new TextEncoder();

/** One output series of a range aggregation, with its running window totals. */
interface Agg {
  labels: Labels;
  count: number;
  bytes: number;
}

/** Pipeline output labels come sorted, so a plain join is a canonical key. */
function keyOf(l: Labels): string {
  let k = "";
  for (const name in l) k += `${name}\u0000${l[name]}\u0001`;
  return k;
}

function value(op: RangeAggExpr["op"], count: number, bytes: number, rangeMs: number): number {
  switch (op) {
    case "count_over_time":
      return count;
    case "rate":
      return count / (rangeMs / 1000);
    case "bytes_over_time":
      return bytes;
    case "bytes_rate":
      return bytes / (rangeMs / 1000);
  }
}

function pipelineError(labels: Labels): LokiError {
  const type = labels[ERROR_LABEL] ?? "";
  return new LokiError(
    `pipeline error: '${type}' for series: '${labelsToString(labels)}'.\n` +
      `Use a label filter to intentionally skip this error. (e.g | __error__!="${type}").\n` +
      `To skip all potential errors you can match empty errors.(e.g __error__="")\n` +
      `The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )\n`,
  );
}

function evalRange(e: RangeAggExpr, src: LokiSource, steps: bigint[]): Sample[][] {
  const out: Sample[][] = steps.map(() => []);
  const rangeNs = BigInt(e.rangeMs) * 1_000_000n;
  const offsetNs = BigInt(e.offsetMs) * 1_000_000n;
  const windowOf = (ts: bigint): [bigint, bigint] => [ts - offsetNs - rangeNs + 1n, ts - offsetNs + 1n];
  const countOnly = e.log.stages.length === 0 && (e.op === "count_over_time" || e.op === "rate");
  for (const { source, labels } of selectStreams(src, e.log)) {
    // The source's fast counter is only valid when no pipeline stage can drop or relabel lines.
    const countIn = source.countIn?.bind(source);
    if (countOnly && countIn) {
      steps.forEach((ts, i) => {
        const n = countIn(...windowOf(ts));
        if (n > 0) out[i]?.push({ labels, value: value(e.op, n, 0, e.rangeMs) });
      });
      continue;
    }
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (first === undefined || last === undefined) continue;
    // Each entry runs through the pipeline once; windows then slide over the sorted entries,
    // adding what enters and removing what leaves, so overlapping windows cost nothing extra.
    const interned = new Map<string, Agg>();
    const ns: bigint[] = [];
    const aggs: Agg[] = [];
    const sizes: number[] = [];
    for (const entry of source.entriesIn(windowOf(first)[0], windowOf(last)[1])) {
      const l = e.log.stages.length === 0 ? labels : runPipeline(e.log.stages, labels, entry);
      if (!l) continue;
      if (l[ERROR_LABEL]) throw pipelineError(l);
      const key = l === labels ? "" : keyOf(l);
      let agg = interned.get(key);
      if (!agg) {
        agg = { labels: l, count: 0, bytes: 0 };
        interned.set(key, agg);
      }
      ns.push(BigInt(entry.ns));
      aggs.push(agg);
      sizes.push(e.op.startsWith("bytes") ? encoder.encode(entry.line).length : 0);
    }
    const active = new Set<Agg>();
    let add = 0;
    let rem = 0;
    steps.forEach((ts, i) => {
      const [from, to] = windowOf(ts);
      for (; add < ns.length && (ns[add] as bigint) < to; add++) {
        const a = aggs[add] as Agg;
        a.count++;
        a.bytes += sizes[add] as number;
        active.add(a);
      }
      for (; rem < add && (ns[rem] as bigint) < from; rem++) {
        const a = aggs[rem] as Agg;
        a.count--;
        a.bytes -= sizes[rem] as number;
        if (a.count === 0) active.delete(a);
      }
      for (const a of active) out[i]?.push({ labels: a.labels, value: value(e.op, a.count, a.bytes, e.rangeMs) });
    });
  }
  return out;
}

/** One vector per step timestamp (unix ns). */
export function evalMetric(e: MetricExpr, src: LokiSource, steps: bigint[]): Sample[][] {
  if (e.kind === "range") return evalRange(e, src, steps);
  const inner = evalMetric(e.inner, src, steps);
  return inner.map((samples) => aggregate(e.op, samples, e.grouping ?? [], e.without, e.param));
}

/** Loki's query frontend aligns metric range queries: start floored, end ceiled to the step. */
export function alignedSteps(startNs: bigint, endNs: bigint, stepMs: number): bigint[] {
  const step = BigInt(stepMs) * 1_000_000n;
  const start = startNs - (((startNs % step) + step) % step);
  const mod = ((endNs % step) + step) % step;
  const end = mod === 0n ? endNs : endNs + step - mod;
  const out: bigint[] = [];
  for (let t = start; t <= end; t += step) out.push(t);
  return out;
}
