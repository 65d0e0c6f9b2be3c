// LogQL text → AST via @grafana/lezer-logql; errors worded like Loki 2.8's parser
// ("parse error at line 1, col 24: syntax error: unexpected $end, expecting } or ,").
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@grafana/lezer-logql";
import { parseAnyDuration, parseGoFloat, unquoteGo } from "../promql/go-compat";
import { compileGoRegex, type MatchType, type Matcher, newMatcher } from "../promql/labels";
import {
  type LabelFilter,
  type LineFilterOp,
  type LogExpr,
  type LogqlExpr,
  LokiError,
  type MetricExpr,
  type NumericOp,
  type RangeOp,
  type Stage,
  type VectorOp,
} from "./ast";

const MATCH_OPS: Record<string, MatchType> = { Eq: "=", Neq: "!=", Re: "=~", Nre: "!~" };
const LINE_OPS: Record<string, LineFilterOp> = { PipeExact: "|=", Neq: "!=", PipeMatch: "|~", Nre: "!~" };
const NUM_OPS: Record<string, NumericOp> = { Gtr: ">", Gte: ">=", Lss: "<", Lte: "<=", Eql: "==", Eq: "==", Neq: "!=" };
const RANGE_OPS = new Set<string>(["count_over_time", "rate", "bytes_over_time", "bytes_rate"]);
const VECTOR_OPS = new Set<string>(["sum", "avg", "min", "max", "count", "topk", "bottomk"]);
const EMPTY_MATCHERS =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function unsupported(what: string): LokiError {
  return new LokiError(`not supported by the mock: ${what}`);
}

function parseError(q: string, offset: number, msg: string): LokiError {
  const before = q.slice(0, offset);
  const line = before.split("\n").length;
  const col = offset - before.lastIndexOf("\n");
  return new LokiError(`parse error at line ${line}, col ${col}: ${msg}`);
}

/** goyacc token names for the offending token, as Loki prints them. */
function tokenName(rest: string): string {
  if (/^[A-Za-z_]/.test(rest)) return "IDENTIFIER";
  if (/^["`]/.test(rest)) return "STRING";
  if (/^\d+(ms|s|m|h|d|w|y)/.test(rest)) return "DURATION";
  if (/^[\d.]/.test(rest)) return "NUMBER";
  return /^(\|=|\|~|!=|!~|=~|==|>=|<=|.)/.exec(rest)?.[0] ?? rest.slice(0, 1);
}

function throwOnSyntaxError(q: string, root: SyntaxNode): void {
  let at = -1;
  root.toTree().iterate({
    enter(n) {
      if (at >= 0) return false;
      if (n.type.isError) at = n.from;
      return undefined;
    },
  });
  if (at < 0) return;
  const rest = q.slice(at).trimStart();
  if (rest === "") {
    const inSelector = q.lastIndexOf("{") > q.lastIndexOf("}") && /["`]\s*$/.test(q);
    throw parseError(q, q.length, `syntax error: unexpected $end${inSelector ? ", expecting } or ," : ""}`);
  }
  const offset = q.length - rest.length;
  const expecting = rest.startsWith("}") && /\{\s*$/.test(q.slice(0, offset)) ? ", expecting IDENTIFIER" : "";
  throw parseError(q, offset, `syntax error: unexpected ${tokenName(rest)}${expecting}`);
}

class Builder {
  constructor(readonly q: string) {}

  text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  str(n: SyntaxNode): string {
    const raw = this.text(n);
    if (raw.startsWith("'")) throw parseError(this.q, n.from, "syntax error: unexpected '");
    try {
      return unquoteGo(raw);
    } catch {
      throw parseError(this.q, n.from, `invalid quoted string ${raw}`);
    }
  }

  matcher(n: SyntaxNode): Matcher {
    const [name, op, value] = kids(n);
    const type = MATCH_OPS[op?.name ?? ""];
    if (!name || !type || !value) throw parseError(this.q, n.from, "syntax error: unexpected matcher");
    try {
      return newMatcher(this.text(name), type, this.str(value));
    } catch (e) {
      throw new LokiError(`parse error : ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  selector(n: SyntaxNode): Matcher[] {
    const out: Matcher[] = [];
    const walk = (m: SyntaxNode): void => {
      for (const c of kids(m)) {
        if (c.name === "Matchers") walk(c);
        if (c.name === "Matcher") out.push(this.matcher(c));
      }
    };
    walk(n);
    if (!out.some((m) => !m.matches(""))) {
      throw new LokiError(`parse error : ${EMPTY_MATCHERS}`);
    }
    return out;
  }

  labelFilter(n: SyntaxNode): LabelFilter {
    const parts = kids(n);
    const join = parts.find((c) => c.name === "And" || c.name === "Or");
    const subs = parts.filter((c) => c.name === "LabelFilter");
    if (join && subs.length === 2) {
      return {
        kind: "binary",
        and: join.name === "And",
        left: this.labelFilter(subs[0] as SyntaxNode),
        right: this.labelFilter(subs[1] as SyntaxNode),
      };
    }
    if (subs.length === 1 && !join) return this.labelFilter(subs[0] as SyntaxNode);
    const first = parts[0];
    if (first?.name === "Matcher") return { kind: "matcher", matcher: this.matcher(first) };
    if (first?.name === "NumberFilter") {
      const [name, op, lit] = kids(first);
      const numOp = NUM_OPS[op?.name ?? ""];
      const value = parseGoFloat(lit ? this.text(lit).trim() : "");
      if (!name || !numOp || value === undefined) throw unsupported(`label filter ${JSON.stringify(this.text(first))}`);
      return { kind: "numeric", name: this.text(name), op: numOp, value };
    }
    throw unsupported(`label filter ${JSON.stringify(this.text(n))}`);
  }

  lineFilter(n: SyntaxNode): Stage {
    const parts = kids(n);
    const op = LINE_OPS[parts[0]?.firstChild?.name ?? ""];
    const value = parts[1];
    if (parts.some((c) => c.name === "Or" || c.name === "OrFilter")) throw unsupported("`or` in line filters");
    if (!op || !value || value.name !== "String") throw unsupported(`line filter ${JSON.stringify(this.text(n))}`);
    const needle = this.str(value);
    if (op === "|=" || op === "!=") {
      const has = op === "|=";
      return { kind: "line", op, value: needle, test: (l) => l.includes(needle) === has };
    }
    let re: RegExp;
    try {
      re = compileGoRegex(needle, false);
    } catch (e) {
      // Real Loki 2.9.1 compiles line-filter regexes in the querier: the error comes back as a
      // 500 wrapped in the gRPC status text, with a trailing newline (JS's regex message, not Go's).
      const stage = `${op} ${JSON.stringify(needle)}`;
      throw new LokiError(
        `rpc error: code = Unknown desc = parse error : stage '${stage}' : error parsing regexp: ${e instanceof Error ? e.message : String(e)}\n`,
        500,
      );
    }
    const has = op === "|~";
    return { kind: "line", op, value: needle, test: (l) => re.test(l) === has };
  }

  stages(n: SyntaxNode | undefined, out: Stage[] = []): Stage[] {
    if (!n) return out;
    for (const c of kids(n)) {
      if (c.name === "PipelineExpr") this.stages(c, out);
      if (c.name !== "PipelineStage") continue;
      const body = kids(c).find((k) => k.name !== "Pipe");
      if (!body) continue;
      if (body.name === "LineFilters") {
        const filters: SyntaxNode[] = [];
        const walk = (m: SyntaxNode): void => {
          for (const k of kids(m)) {
            if (k.name === "LineFilters") walk(k);
            if (k.name === "LineFilter") filters.push(k);
          }
        };
        walk(body);
        for (const f of filters) out.push(this.lineFilter(f));
      } else if (body.name === "LabelParser" && /^(json|logfmt)$/.test(this.text(body))) {
        out.push({ kind: "parser", parser: this.text(body) as "json" | "logfmt" });
      } else if (body.name === "LogfmtParser" && this.text(body) === "logfmt") {
        out.push({ kind: "parser", parser: "logfmt" });
      } else if (body.name === "LabelFilter") {
        out.push({ kind: "labels", filter: this.labelFilter(body) });
      } else {
        throw unsupported(`pipeline stage ${JSON.stringify(this.text(c).trim())}`);
      }
    }
    return out;
  }

  logExpr(n: SyntaxNode): LogExpr {
    const sel = n.getChild("Selector");
    const inner = n.getChild("LogExpr");
    if (!sel && inner) {
      const base = this.logExpr(inner);
      return { ...base, stages: [...base.stages, ...this.stages(n.getChild("PipelineExpr") ?? undefined)] };
    }
    if (!sel) throw parseError(this.q, n.from, "syntax error: unexpected log expression");
    return { kind: "log", matchers: this.selector(sel), stages: this.stages(n.getChild("PipelineExpr") ?? undefined) };
  }

  duration(n: SyntaxNode | null): number {
    const raw = n ? this.text(n).trim() : "";
    const ms = parseAnyDuration(raw);
    if (ms === undefined || !n)
      throw parseError(this.q, n?.from ?? 0, `syntax error: invalid duration ${JSON.stringify(raw)}`);
    return ms;
  }

  metric(n: SyntaxNode): MetricExpr {
    const inner = kids(n).filter((c) => c.name !== "⚠");
    if (n.name === "MetricExpr" || n.name === "Expr") {
      const only = inner.find((c) => c.name !== "(" && c.name !== ")");
      if (!only) throw parseError(this.q, n.from, "syntax error: unexpected metric expression");
      return this.metric(only);
    }
    if (n.name === "RangeAggregationExpr") {
      const op = this.text(n.getChild("RangeOp") ?? n).trim();
      if (!RANGE_OPS.has(op)) throw unsupported(`range aggregation ${JSON.stringify(op)}`);
      if (n.getChild("Grouping")) throw unsupported("grouping on a range aggregation");
      const lr = n.getChild("LogRangeExpr");
      if (!lr) throw parseError(this.q, n.from, "syntax error: missing log range");
      if (lr.getChild("UnwrapExpr")) throw unsupported("unwrap");
      const offset = lr.getChild("OffsetExpr");
      return {
        kind: "range",
        op: op as RangeOp,
        rangeMs: this.duration(lr.getChild("Range")?.getChild("Duration") ?? lr.getChild("Range")),
        offsetMs: offset ? this.duration(offset.getChild("Duration")) : 0,
        log: this.logExpr(lr),
      };
    }
    if (n.name === "VectorAggregationExpr") {
      const op = this.text(n.getChild("VectorOp") ?? n).trim();
      if (!VECTOR_OPS.has(op)) throw unsupported(`aggregation ${JSON.stringify(op)}`);
      const grouping = n.getChild("Grouping");
      const labels = grouping?.getChild("Labels");
      const num = n.getChild("Number");
      const child = n.getChild("MetricExpr");
      if (!child) throw parseError(this.q, n.from, "syntax error: missing aggregated expression");
      if ((op === "topk" || op === "bottomk") !== !!num)
        throw parseError(this.q, n.from, `syntax error: unexpected parameter for ${op}`);
      return {
        kind: "vector",
        op: op as VectorOp,
        without: !!grouping?.getChild("Without"),
        grouping: grouping ? (labels ? labels.getChildren("Identifier").map((c) => this.text(c)) : []) : undefined,
        param: num ? Number(this.text(num)) : undefined,
        inner: this.metric(child),
      };
    }
    throw unsupported(`metric expression ${JSON.stringify(this.text(n).trim())}`);
  }
}

export function parseLogQL(query: string): LogqlExpr {
  const tree = parser.parse(query);
  if (query.trim() === "") throw parseError(query, 0, "syntax error: unexpected $end");
  // Loki's Go grammar accepts an empty selector and then refuses it (real 2.9.1); lezer does not parse it.
  if (/^\s*\{\s*\}/.test(query)) throw new LokiError(`parse error : ${EMPTY_MATCHERS}`);
  throwOnSyntaxError(query, tree.topNode);
  const b = new Builder(query);
  const expr = tree.topNode.getChild("Expr");
  if (!expr) throw parseError(query, 0, "syntax error: unexpected $end");
  const log = expr.getChild("LogExpr");
  if (log) return b.logExpr(log);
  return b.metric(expr);
}

/** A bare stream selector (`match[]`, `query` of the label endpoints). */
export function parseStreamSelector(query: string): Matcher[] {
  const e = parseLogQL(query);
  if (e.kind !== "log" || e.stages.length > 0)
    throw new LokiError("parse error : only stream selectors are allowed here");
  return e.matchers;
}
