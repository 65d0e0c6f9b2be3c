// Aggregation operators, mirroring Prometheus 2.42's aggregation(): groups in first-seen order,
// `by` keeps only the listed labels, `without` also drops __name__, topk/bottomk keep full labels.
import type { Labels } from "../../sources";
import type { AggregateOp } from "./ast";
import { derive, labelsKey, METRIC_NAME, onlyLabels, withoutLabels } from "./labels";
import type { Sample } from "./values";

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  /** Welford state for stddev/stdvar. */
  m2: number;
  members: Sample[];
}

function groupLabels(l: Labels, spec: string, grouping: string[], without: boolean): Labels {
  return derive(l, spec, () => (without ? withoutLabels(l, [...grouping, METRIC_NAME]) : onlyLabels(l, grouping)));
}

function add(g: Group, op: AggregateOp, v: number): void {
  g.count++;
  switch (op) {
    case "sum":
      g.value += v;
      break;
    case "avg":
      if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
        if (!Number.isFinite(v) && !Number.isNaN(v) && g.mean > 0 === v > 0) break;
        if (Number.isFinite(v)) break;
      }
      g.mean += v / g.count - g.mean / g.count;
      break;
    case "max":
      if (g.value < v || Number.isNaN(g.value)) g.value = v;
      break;
    case "min":
      if (g.value > v || Number.isNaN(g.value)) g.value = v;
      break;
    case "stddev":
    case "stdvar": {
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.m2 += delta * (v - g.mean);
      break;
    }
    default:
      break;
  }
}

function result(g: Group, op: AggregateOp): number {
  switch (op) {
    case "avg":
      return g.mean;
    case "count":
      return g.count;
    case "group":
      return 1;
    case "stdvar":
      return g.m2 / g.count;
    case "stddev":
      return Math.sqrt(g.m2 / g.count);
    default:
      return g.value;
  }
}

/** topk/bottomk order: larger (smaller) first, NaN always last, like Prometheus' heaps. */
function rankOrder(bottom: boolean): (a: Sample, b: Sample) => number {
  return (a, b) => {
    if (Number.isNaN(a.value)) return Number.isNaN(b.value) ? 0 : 1;
    if (Number.isNaN(b.value)) return -1;
    return bottom ? a.value - b.value : b.value - a.value;
  };
}

export function aggregate(
  op: AggregateOp,
  samples: Sample[],
  grouping: string[],
  without: boolean,
  param: number | undefined,
): Sample[] {
  const groups = new Map<string, Group>();
  const spec = `group:${without}:${grouping.join(",")}`;
  for (const s of samples) {
    const labels = groupLabels(s.labels, spec, grouping, without);
    const key = labelsKey(labels);
    const g = groups.get(key);
    if (!g) {
      const first = op === "stddev" || op === "stdvar" ? 0 : s.value;
      const created: Group = { labels, value: s.value, mean: first, count: 1, m2: 0, members: [s] };
      if (op === "stddev" || op === "stdvar") {
        created.count = 0;
        add(created, op, s.value);
      }
      groups.set(key, created);
      continue;
    }
    g.members.push(s);
    add(g, op, s.value);
  }
  if (op === "topk" || op === "bottomk") {
    const k = Math.trunc(param ?? 0);
    if (!(k >= 1)) return [];
    return [...groups.values()].flatMap((g) => [...g.members].sort(rankOrder(op === "bottomk")).slice(0, k));
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: result(g, op) }));
}
