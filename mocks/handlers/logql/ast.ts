// The LogQL subset the Loki mock evaluates.
import type { Matcher } from "../promql/labels";

export type LineFilterOp = "|=" | "!=" | "|~" | "!~";
export type NumericOp = ">" | ">=" | "<" | "<=" | "==" | "!=";

export type LabelFilter =
  | { kind: "matcher"; matcher: Matcher }
  | { kind: "numeric"; name: string; op: NumericOp; value: number }
  | { kind: "binary"; and: boolean; left: LabelFilter; right: LabelFilter };

export type Stage =
  | { kind: "line"; op: LineFilterOp; value: string; test: (line: string) => boolean }
  | { kind: "parser"; parser: "json" | "logfmt" }
  | { kind: "labels"; filter: LabelFilter };

export interface LogExpr {
  kind: "log";
  matchers: Matcher[];
  stages: Stage[];
}

export type RangeOp = "count_over_time" | "rate" | "bytes_over_time" | "bytes_rate";
export type VectorOp = "sum" | "avg" | "min" | "max" | "count" | "topk" | "bottomk";

export interface RangeAggExpr {
  kind: "range";
  op: RangeOp;
  rangeMs: number;
  offsetMs: number;
  log: LogExpr;
}

export interface VectorAggExpr {
  kind: "vector";
  op: VectorOp;
  without: boolean;
  grouping: string[] | undefined;
  param: number | undefined;
  inner: MetricExpr;
}

export type MetricExpr = RangeAggExpr | VectorAggExpr;
export type LogqlExpr = LogExpr | MetricExpr;

/** A 400 with a plain-text body, as Loki answers every client error. */
export class LokiError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
