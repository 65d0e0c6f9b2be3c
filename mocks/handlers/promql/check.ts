// Parse-time type checks, worded like Prometheus 2.42's parser so clients see familiar errors.
import { type BinaryOp, COMPARISON_OPS, type Expr, SET_OPS, typeOf, type ValueType, type VectorMatching } from "./ast";

interface Signature {
  args: ValueType[];
  /** Trailing arguments that may be left out. */
  optional?: number;
}

const RANGE_FUNCS = [
  "rate",
  "irate",
  "increase",
  "delta",
  "idelta",
  "avg_over_time",
  "max_over_time",
  "min_over_time",
  "sum_over_time",
  "count_over_time",
  "last_over_time",
  "changes",
  "resets",
];
const MATH_FUNCS = ["abs", "ceil", "floor", "sqrt", "exp", "ln", "log2", "log10", "sgn", "timestamp"];

export const SIGNATURES: Record<string, Signature> = {
  ...Object.fromEntries(RANGE_FUNCS.map((f) => [f, { args: ["matrix"] }])),
  ...Object.fromEntries(MATH_FUNCS.map((f) => [f, { args: ["vector"] }])),
  clamp: { args: ["vector", "scalar", "scalar"] },
  clamp_min: { args: ["vector", "scalar"] },
  clamp_max: { args: ["vector", "scalar"] },
  round: { args: ["vector", "scalar"], optional: 1 },
  scalar: { args: ["vector"] },
  vector: { args: ["scalar"] },
  time: { args: [] },
  label_replace: { args: ["vector", "string", "string", "string", "string"] },
};

const NAMES: Record<ValueType, string> = {
  scalar: "scalar",
  vector: "instant vector",
  matrix: "range vector",
  string: "string",
};

/** undefined when fine, "unsupported" for functions outside the subset, else the parse error text. */
export function checkCall(func: string, args: Expr[]): string | undefined {
  const sig = SIGNATURES[func];
  if (!sig) return "unsupported";
  const max = sig.args.length;
  const min = max - (sig.optional ?? 0);
  if (args.length < min || args.length > max) {
    if (min === max) return `expected ${max} argument(s) in call to "${func}", got ${args.length}`;
    return args.length < min
      ? `expected at least ${min} argument(s) in call to "${func}", got ${args.length}`
      : `expected at most ${max} argument(s) in call to "${func}", got ${args.length}`;
  }
  for (let i = 0; i < args.length; i++) {
    const want = sig.args[i] as ValueType;
    const got = typeOf(args[i] as Expr);
    if (want !== got) return `expected type ${NAMES[want]} in call to function "${func}", got ${NAMES[got]}`;
  }
  return undefined;
}

export function checkBinary(
  op: BinaryOp,
  lhs: Expr,
  rhs: Expr,
  bool: boolean,
  matching: VectorMatching,
  hasClause: boolean,
): { msg: string; atOp: boolean } | undefined {
  const lt = typeOf(lhs);
  const rt = typeOf(rhs);
  if (bool && !COMPARISON_OPS.has(op))
    return { msg: "bool modifier can only be used on comparison operators", atOp: true };
  if (COMPARISON_OPS.has(op) && !bool && lt === "scalar" && rt === "scalar") {
    return { msg: "comparisons between scalars must use BOOL modifier", atOp: true };
  }
  for (const l of matching.labels) {
    if (matching.on && matching.include.includes(l)) {
      return { msg: `label "${l}" must not occur in ON and GROUP clause at once`, atOp: true };
    }
  }
  for (const t of [lt, rt]) {
    if (t !== "scalar" && t !== "vector") {
      return { msg: "binary expression must contain only scalar and instant vector types", atOp: false };
    }
  }
  if ((lt !== "vector" || rt !== "vector") && hasClause && matching.labels.length > 0) {
    return { msg: "vector matching only allowed between instant vectors", atOp: false };
  }
  if (lt === "vector" && rt === "vector" && SET_OPS.has(op) && matching.card !== "many-to-many") {
    return { msg: `no grouping allowed for "${op}" operation`, atOp: false };
  }
  if ((lt === "scalar" || rt === "scalar") && SET_OPS.has(op)) {
    return { msg: `set operator "${op}" not allowed in binary scalar expression`, atOp: false };
  }
  return undefined;
}

export function typeName(t: ValueType): string {
  return NAMES[t];
}
