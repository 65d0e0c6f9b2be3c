// The PromQL subset the mock evaluates, as a small typed AST built from the lezer tree.
import type { Matcher } from "./labels";

export type ValueType = "scalar" | "vector" | "matrix" | "string";

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "=="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "and"
  | "or"
  | "unless";

export type AggregateOp = "sum" | "avg" | "max" | "min" | "count" | "topk" | "bottomk" | "group" | "stddev" | "stdvar";

export type Cardinality = "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";

export interface VectorMatching {
  card: Cardinality;
  /** true: on(...), false: ignoring(...) (or no clause). */
  on: boolean;
  labels: string[];
  /** group_left/group_right extra labels. */
  include: string[];
}

export interface SelectorExpr {
  kind: "selector";
  matchers: Matcher[];
  offsetMs: number;
}

export interface MatrixExpr {
  kind: "matrix";
  selector: SelectorExpr;
  rangeMs: number;
}

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | SelectorExpr
  | MatrixExpr
  | { kind: "call"; func: string; args: Expr[] }
  | { kind: "aggregate"; op: AggregateOp; without: boolean; grouping: string[]; param?: Expr; expr: Expr }
  | { kind: "binary"; op: BinaryOp; lhs: Expr; rhs: Expr; bool: boolean; matching: VectorMatching }
  | { kind: "unary"; negate: boolean; expr: Expr };

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(["==", "!=", ">", "<", ">=", "<="]);
export const SET_OPS: ReadonlySet<BinaryOp> = new Set(["and", "or", "unless"]);

export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "selector":
    case "aggregate":
      return "vector";
    case "matrix":
      return "matrix";
    case "unary":
      return typeOf(e.expr);
    case "binary":
      return typeOf(e.lhs) === "scalar" && typeOf(e.rhs) === "scalar" ? "scalar" : "vector";
    case "call":
      return e.func === "scalar" || e.func === "time" ? "scalar" : "vector";
  }
}

/** Error with Prometheus' errorType; bad_data → 400, execution → 422. */
export class PromQLError extends Error {
  constructor(
    readonly errorType: "bad_data" | "execution",
    message: string,
  ) {
    super(message);
  }
}
