// PromQL text → typed AST via @prometheus-io/lezer-promql, with the parse-time checks
// Prometheus 2.42 makes (types, arity, matcher sanity) so errors surface as 400 bad_data.
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import {
  type AggregateOp,
  type BinaryOp,
  COMPARISON_OPS,
  type Expr,
  type MatrixExpr,
  type SelectorExpr,
  SET_OPS,
  typeOf,
  type VectorMatching,
} from "./ast";
import { checkBinary, checkCall, typeName } from "./check";
import { parseGoFloat, parsePromDuration, unquoteGo } from "./go-compat";
import { type MatchType, METRIC_NAME, type Matcher, newMatcher } from "./labels";
import { parseError, throwOnSyntaxError, unsupported } from "./parse-errors";

const BINARY_OPS: Record<string, BinaryOp> = {
  Pow: "^",
  Mul: "*",
  Div: "/",
  Mod: "%",
  Add: "+",
  Sub: "-",
  Eql: "==",
  Neq: "!=",
  Gtr: ">",
  Lss: "<",
  Gte: ">=",
  Lte: "<=",
  And: "and",
  Or: "or",
  Unless: "unless",
};
const MATCH_OPS: Record<string, MatchType> = { EqlSingle: "=", Neq: "!=", EqlRegex: "=~", NeqRegex: "!~" };
const AGG_OPS = new Set<string>(["sum", "avg", "max", "min", "count", "topk", "bottomk", "group", "stddev", "stdvar"]);
const EXPR_NODES = new Set([
  "AggregateExpr",
  "BinaryExpr",
  "FunctionCall",
  "MatrixSelector",
  "NumberDurationLiteral",
  "OffsetExpr",
  "ParenExpr",
  "StringLiteral",
  "SubqueryExpr",
  "UnaryExpr",
  "VectorSelector",
  "StepInvariantExpr",
  "AnchoredExpr",
  "SmoothedExpr",
]);

function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

class Builder {
  constructor(readonly q: string) {}

  text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  fail(n: SyntaxNode, msg: string): never {
    throw parseError(this.q, n.from, msg);
  }

  str(n: SyntaxNode): string {
    try {
      return unquoteGo(this.text(n));
    } catch {
      return this.fail(n, `invalid syntax in string literal ${this.text(n)}`);
    }
  }

  exprKids(n: SyntaxNode): SyntaxNode[] {
    return kids(n).filter((c) => EXPR_NODES.has(c.name));
  }

  expr(n: SyntaxNode): Expr {
    switch (n.name) {
      case "PromQL":
      case "ParenExpr": {
        const inner = this.exprKids(n)[0];
        if (!inner) return this.fail(n, "no expression found in input");
        return this.expr(inner);
      }
      case "NumberDurationLiteral":
        return { kind: "number", value: this.number(n) };
      case "StringLiteral":
        return { kind: "string", value: this.str(n) };
      case "VectorSelector":
        return this.selector(n);
      case "MatrixSelector":
        return this.matrix(n);
      case "OffsetExpr":
        return this.offset(n);
      case "UnaryExpr":
        return this.unary(n);
      case "FunctionCall":
        return this.call(n);
      case "AggregateExpr":
        return this.aggregate(n);
      case "BinaryExpr":
        return this.binary(n);
      case "SubqueryExpr":
        throw unsupported("subqueries");
      case "StepInvariantExpr":
        throw unsupported("the @ modifier");
      default:
        throw unsupported(`expression ${JSON.stringify(this.text(n))}`);
    }
  }

  number(n: SyntaxNode): number {
    const raw = this.text(n).replace(/_/g, "");
    const neg = raw.startsWith("-");
    const body = raw.replace(/^[+-]/, "");
    const v = parseGoFloat(body) ?? (parsePromDuration(body) ?? Number.NaN) / 1000;
    if (Number.isNaN(v) && !/nan/i.test(body))
      return this.fail(n, `bad number or duration syntax: ${JSON.stringify(raw)}`);
    return neg ? -v : v;
  }

  duration(n: SyntaxNode): number {
    const lit = kids(n);
    const only = lit[0];
    if (lit.length !== 1 || !only || only.name !== "NumberDurationLiteralInDurationContext") {
      throw unsupported(`duration expression ${JSON.stringify(this.text(n))}`);
    }
    const raw = this.text(only);
    const ms = parsePromDuration(raw) ?? (parseGoFloat(raw) ?? Number.NaN) * 1000;
    if (!Number.isFinite(ms)) return this.fail(n, `bad duration syntax: ${JSON.stringify(raw)}`);
    return ms;
  }

  selector(n: SyntaxNode): SelectorExpr {
    const matchers: Matcher[] = [];
    const add = (at: SyntaxNode, name: string, op: MatchType, value: string): void => {
      try {
        matchers.push(newMatcher(name, op, value));
      } catch (e) {
        this.fail(at, e instanceof Error ? e.message : String(e));
      }
    };
    for (const c of kids(n)) {
      if (c.name === "Identifier") add(c, METRIC_NAME, "=", this.text(c));
      if (c.name !== "LabelMatchers") continue;
      for (const m of kids(c)) {
        const parts = kids(m);
        if (m.name === "QuotedLabelName") {
          add(m, METRIC_NAME, "=", this.str(parts[0] ?? m));
          continue;
        }
        const [nameNode, opNode, valueNode] = parts;
        if (!nameNode || !opNode || !valueNode) continue;
        const name = m.name === "QuotedLabelMatcher" ? this.str(nameNode.firstChild ?? nameNode) : this.text(nameNode);
        const op = MATCH_OPS[opNode.firstChild?.name ?? ""];
        if (!op) return this.fail(opNode, `unexpected ${JSON.stringify(this.text(opNode))} in label matching`);
        add(m, name, op, this.str(valueNode));
      }
    }
    if (!matchers.some((m) => !m.matches(""))) {
      return this.fail(n, "vector selector must contain at least one non-empty matcher");
    }
    return { kind: "selector", matchers, offsetMs: 0 };
  }

  matrix(n: SyntaxNode): MatrixExpr {
    const inner = this.exprKids(n)[0];
    const dur = kids(n).find((c) => c.name === "DurationExpr");
    if (!inner || !dur) return this.fail(n, "unexpected range selector");
    const sel = this.expr(inner);
    if (sel.kind !== "selector") return this.fail(n, "ranges only allowed for vector selectors");
    return { kind: "matrix", selector: sel, rangeMs: this.duration(dur) };
  }

  offset(n: SyntaxNode): Expr {
    const inner = this.exprKids(n)[0];
    const dur = kids(n).find((c) => c.name === "OffsetDurationExpr");
    if (!inner || !dur) return this.fail(n, "unexpected offset");
    const target = this.expr(inner);
    const raw = this.text(dur).replace(/\s+/g, "");
    const ms = parsePromDuration(raw.replace(/^[+-]/, ""));
    if (ms === undefined) throw unsupported(`offset ${JSON.stringify(raw)}`);
    const sel = target.kind === "matrix" ? target.selector : target.kind === "selector" ? target : undefined;
    if (!sel)
      return this.fail(
        n,
        "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
      );
    if (sel.offsetMs !== 0) return this.fail(n, "offset may not be set multiple times");
    sel.offsetMs = raw.startsWith("-") ? -ms : ms;
    return target;
  }

  unary(n: SyntaxNode): Expr {
    const op = kids(n).find((c) => c.name === "UnaryOp");
    const inner = this.exprKids(n)[0];
    if (!inner) return this.fail(n, "unexpected unary operator");
    const expr = this.expr(inner);
    const t = typeOf(expr);
    if (t !== "scalar" && t !== "vector") {
      return this.fail(
        n,
        `unary expression only allowed on expressions of type scalar or instant vector, got "${typeName(t)}"`,
      );
    }
    return { kind: "unary", negate: !!op && this.text(op) === "-", expr };
  }

  args(n: SyntaxNode): Expr[] {
    const body = kids(n).find((c) => c.name === "FunctionCallBody");
    return body ? this.exprKids(body).map((c) => this.expr(c)) : [];
  }

  call(n: SyntaxNode): Expr {
    const ident = kids(n).find((c) => c.name === "FunctionIdentifier");
    const func = ident ? this.text(ident) : "";
    const args = this.args(n);
    const problem = checkCall(func, args);
    if (problem === "unsupported") throw unsupported(`function ${JSON.stringify(func)}`);
    if (problem) return this.fail(n, problem);
    return { kind: "call", func, args };
  }

  grouping(n: SyntaxNode | undefined): string[] {
    if (!n) return [];
    return kids(n)
      .filter((c) => c.name === "LabelName" || c.name === "QuotedLabelName")
      .map((c) => (c.name === "LabelName" ? this.text(c) : this.str(c.firstChild ?? c)));
  }

  aggregate(n: SyntaxNode): Expr {
    const opNode = kids(n).find((c) => c.name === "AggregateOp");
    const op = opNode ? this.text(opNode).toLowerCase() : "";
    if (!AGG_OPS.has(op)) throw unsupported(`aggregation ${JSON.stringify(op)}`);
    const mod = kids(n).find((c) => c.name === "AggregateModifier");
    const without = !!mod && kids(mod).some((c) => c.name === "Without");
    const grouping = this.grouping(mod ? kids(mod).find((c) => c.name === "GroupingLabels") : undefined);
    const args = this.args(n);
    const wantsParam = op === "topk" || op === "bottomk";
    const want = wantsParam ? 2 : 1;
    if (args.length !== want) {
      return this.fail(
        n,
        `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
      );
    }
    const expr = args[want - 1] as Expr;
    const param = wantsParam ? args[0] : undefined;
    if (param && typeOf(param) !== "scalar") {
      return this.fail(n, `expected type scalar in aggregation parameter, got ${typeName(typeOf(param))}`);
    }
    if (typeOf(expr) !== "vector") {
      return this.fail(n, `expected type instant vector in aggregation expression, got ${typeName(typeOf(expr))}`);
    }
    return { kind: "aggregate", op: op as AggregateOp, without, grouping, expr, ...(param ? { param } : {}) };
  }

  binary(n: SyntaxNode): Expr {
    const parts = kids(n);
    const exprs = parts.filter((c) => EXPR_NODES.has(c.name));
    const opNode = parts.find((c) => !EXPR_NODES.has(c.name));
    const lhsNode = exprs[0];
    const rhsNode = exprs[exprs.length - 1];
    const op = opNode ? BINARY_OPS[opNode.name] : undefined;
    if (!opNode || !lhsNode || !rhsNode || exprs.length !== 2) return this.fail(n, "unexpected binary expression");
    if (!op) throw unsupported(`operator ${JSON.stringify(this.text(opNode))}`);
    if (parts.some((c) => c.name === "FillModifier")) throw unsupported("fill modifiers");
    const bool = parts.some((c) => c.name === "BoolModifier");
    const clause = parts.find((c) => c.name === "MatchingModifierClause");
    const matching: VectorMatching = {
      card: SET_OPS.has(op) ? "many-to-many" : "one-to-one",
      on: false,
      labels: [],
      include: [],
    };
    if (clause) {
      const ck = kids(clause);
      const groups = ck.filter((c) => c.name === "GroupingLabels");
      matching.on = ck.some((c) => c.name === "On");
      matching.labels = this.grouping(groups[0]);
      if (ck.some((c) => c.name === "GroupLeft")) matching.card = "many-to-one";
      if (ck.some((c) => c.name === "GroupRight")) matching.card = "one-to-many";
      matching.include = this.grouping(groups[1]);
    }
    const lhs = this.expr(lhsNode);
    const rhs = this.expr(rhsNode);
    const problem = checkBinary(op, lhs, rhs, bool, matching, !!clause);
    if (problem) return this.fail(problem.atOp ? opNode : n, problem.msg);
    return { kind: "binary", op, lhs, rhs, bool: bool && COMPARISON_OPS.has(op), matching };
  }
}

export function parsePromQL(query: string): Expr {
  const tree = parser.parse(query);
  throwOnSyntaxError(query, tree);
  return new Builder(query).expr(tree.topNode);
}
