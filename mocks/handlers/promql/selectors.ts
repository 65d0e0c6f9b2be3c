// Selector-only parsing (series `match[]`, exemplar queries) and parser.ExtractSelectors.
import { type Expr, typeOf } from "./ast";
import { typeName } from "./check";
import type { Matcher } from "./labels";
import { parsePromQL } from "./parse";
import { parseError } from "./parse-errors";

/** A bare series selector (`match[]`, exemplar queries): any other expression is an error. */
export function parseSeriesSelector(query: string): Matcher[] {
  const e = parsePromQL(query);
  if (e.kind !== "selector")
    throw parseError(query, 0, `expected type instant vector in series selector, got ${typeName(typeOf(e))}`);
  return e.matchers;
}

/** parser.ExtractSelectors: the matcher sets of every selector in an expression. */
export function extractSelectors(e: Expr): Matcher[][] {
  switch (e.kind) {
    case "selector":
      return [e.matchers];
    case "matrix":
      return [e.selector.matchers];
    case "call":
      return e.args.flatMap(extractSelectors);
    case "aggregate":
      return [...(e.param ? extractSelectors(e.param) : []), ...extractSelectors(e.expr)];
    case "binary":
      return [...extractSelectors(e.lhs), ...extractSelectors(e.rhs)];
    case "unary":
      return extractSelectors(e.expr);
    default:
      return [];
  }
}
