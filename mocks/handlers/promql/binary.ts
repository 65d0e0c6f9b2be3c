// Binary operators with Prometheus 2.42 vector matching (VectorBinop / VectorAnd / VectorOr /
// VectorUnless), including its exact many-to-many error text, so a 422 reads like the real one.
import type { Labels } from "../../sources";
import { type BinaryOp, COMPARISON_OPS, PromQLError, type VectorMatching } from "./ast";
import { derive, dropMetricName, labelsKey, labelsToString, METRIC_NAME, onlyLabels, withoutLabels } from "./labels";
import { type Sample, scalar, type Value, vector } from "./values";

/** vectorElemBinop: the value and whether a comparison keeps the element. */
function elemOp(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case "+":
      return [l + r, true];
    case "-":
      return [l - r, true];
    case "*":
      return [l * r, true];
    case "/":
      return [l / r, true];
    case "%":
      return [l % r, true];
    case "^":
      return [l ** r, true];
    case "==":
      return [l, l === r];
    case "!=":
      return [l, l !== r];
    case ">":
      return [l, l > r];
    case "<":
      return [l, l < r];
    case ">=":
      return [l, l >= r];
    case "<=":
      return [l, l <= r];
    default:
      throw new PromQLError("execution", `operator "${op}" not allowed for this operation`);
  }
}

const isComparison = (op: BinaryOp): boolean => COMPARISON_OPS.has(op);

function signature(m: VectorMatching): (l: Labels) => string {
  return m.on
    ? (l) => labelsKey(onlyLabels(l, m.labels))
    : (l) => labelsKey(withoutLabels(l, [...m.labels, METRIC_NAME]));
}

function matchedLabels(l: Labels, m: VectorMatching): Labels {
  return m.on ? onlyLabels(l, m.labels) : withoutLabels(l, [...m.labels, METRIC_NAME]);
}

function vectorScalar(op: BinaryOp, samples: Sample[], s: number, swap: boolean, bool: boolean): Value {
  const out: Sample[] = [];
  for (const sample of samples) {
    const [l, r] = swap ? [s, sample.value] : [sample.value, s];
    let [value, keep] = elemOp(op, l, r);
    // A comparison keeps the vector element's value even when the scalar is on the left.
    if (isComparison(op) && swap) value = r;
    if (bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    const labels = !isComparison(op) || bool ? dropMetricName(sample.labels) : sample.labels;
    out.push({ labels, value });
  }
  return vector(out);
}

/** Memoised per lhs label set: range queries rebuild the same result metric at every step. */
function resultMetric(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching, bool: boolean): Labels {
  const drop = !isComparison(op) || bool;
  const included = JSON.stringify(m.include.map((n) => rhs[n] ?? ""));
  const spec = `res:${drop}:${m.card}:${m.on}:${m.labels.join(",")}:${m.include.join(",")}=${included}`;
  return derive(lhs, spec, () => {
    let out: Labels = drop ? withoutLabels(lhs, [METRIC_NAME]) : { ...lhs };
    if (m.card === "one-to-one") out = m.on ? onlyLabels(out, m.labels) : withoutLabels(out, m.labels);
    for (const name of m.include) {
      const v = rhs[name];
      if (v !== undefined && v !== "") out[name] = v;
      else delete out[name];
    }
    return out;
  });
}

function vectorVector(op: BinaryOp, lhsIn: Sample[], rhsIn: Sample[], m: VectorMatching, bool: boolean): Sample[] {
  const sig = signature(m);
  const swap = m.card === "one-to-many";
  const [lhs, rhs] = swap ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const right = new Map<string, Sample>();
  for (const rs of rhs) {
    const key = sig(rs.labels);
    const dup = right.get(key);
    if (dup) {
      const side = swap ? "left" : "right";
      throw new PromQLError(
        "execution",
        `found duplicate series for the match group ${labelsToString(matchedLabels(rs.labels, m))} on the ${side} hand-side of the operation: [${labelsToString(rs.labels)}, ${labelsToString(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    right.set(key, rs);
  }
  const matched = new Map<string, Set<string>>();
  const out: Sample[] = [];
  for (const ls of lhs) {
    const key = sig(ls.labels);
    const rs = right.get(key);
    if (!rs) continue;
    const [vl, vr] = swap ? [rs.value, ls.value] : [ls.value, rs.value];
    let [value, keep] = elemOp(op, vl, vr);
    if (bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    const labels = resultMetric(ls.labels, rs.labels, op, m, bool);
    const inserted = matched.get(key);
    if (m.card === "one-to-one") {
      if (inserted) {
        throw new PromQLError(
          "execution",
          "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
        );
      }
      matched.set(key, new Set());
    } else {
      const metricKey = labelsKey(labels);
      const set = inserted ?? new Set<string>();
      if (set.has(metricKey)) {
        throw new PromQLError(
          "execution",
          "multiple matches for matching labels; many-to-one matching must be explicit (group_left/group_right)",
        );
      }
      set.add(metricKey);
      matched.set(key, set);
    }
    out.push({ labels, value });
  }
  return out;
}

function setOp(op: BinaryOp, lhs: Sample[], rhs: Sample[], m: VectorMatching): Sample[] {
  const sig = signature(m);
  const rightKeys = new Set(rhs.map((s) => sig(s.labels)));
  if (op === "and") return lhs.filter((s) => rightKeys.has(sig(s.labels)));
  if (op === "unless") return lhs.filter((s) => !rightKeys.has(sig(s.labels)));
  const leftKeys = new Set(lhs.map((s) => sig(s.labels)));
  return [...lhs, ...rhs.filter((s) => !leftKeys.has(sig(s.labels)))];
}

export function binaryOp(op: BinaryOp, lhs: Value, rhs: Value, bool: boolean, m: VectorMatching): Value {
  if (lhs.kind === "scalar" && rhs.kind === "scalar") {
    const [value, keep] = elemOp(op, lhs.value, rhs.value);
    return scalar(isComparison(op) ? (keep ? 1 : 0) : value);
  }
  if (lhs.kind === "vector" && rhs.kind === "scalar") return vectorScalar(op, lhs.samples, rhs.value, false, bool);
  if (lhs.kind === "scalar" && rhs.kind === "vector") return vectorScalar(op, rhs.samples, lhs.value, true, bool);
  if (lhs.kind === "vector" && rhs.kind === "vector") {
    if (op === "and" || op === "or" || op === "unless") return vector(setOp(op, lhs.samples, rhs.samples, m));
    return vector(vectorVector(op, lhs.samples, rhs.samples, m, bool));
  }
  throw new PromQLError("execution", "binary expression must contain only scalar and instant vector types");
}
