// Turn lezer's error-tolerant parse (⚠ nodes) into Prometheus-style "L:C: parse error: …" messages.
import type { Tree } from "@lezer/common";
import { PromQLError } from "./ast";

/** Prometheus positions are 1-based line:column of a 0-based offset. */
export function position(query: string, offset: number): string {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < query.length; i++) {
    if (query[i] === "\n") {
      line++;
      lastBreak = i;
    }
  }
  return `${line}:${offset - lastBreak}`;
}

export function parseError(query: string, offset: number, msg: string): PromQLError {
  return new PromQLError("bad_data", `${position(query, offset)}: parse error: ${msg}`);
}

export function unsupported(what: string): PromQLError {
  return new PromQLError("bad_data", `not supported by the mock: ${what}`);
}

/** Bracket depth outside string literals, to name the most common error like Prometheus' lexer does. */
function openBrackets(query: string): string[] {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i] as string;
    if (quote) {
      if (c === "\\" && quote !== "`") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "#") while (i < query.length && query[i] !== "\n") i++;
    else if (c === "(" || c === "{" || c === "[") stack.push(c);
    else if (c === ")" || c === "}" || c === "]") stack.pop();
  }
  return stack;
}

export function throwOnSyntaxError(query: string, tree: Tree): void {
  if (query.trim() === "") throw parseError(query, 0, "no expression found in input");
  let errorAt = -1;
  tree.iterate({
    enter(n) {
      if (errorAt >= 0) return false;
      if (n.type.isError) errorAt = n.from;
      return undefined;
    },
  });
  if (errorAt < 0) return;
  const rest = query.slice(errorAt).trim();
  if (rest === "") {
    const open = openBrackets(query).pop();
    if (open === "(") throw parseError(query, query.length, "unclosed left parenthesis");
    if (open === "{") throw parseError(query, query.length, "unexpected end of input inside braces");
    if (open === "[") throw parseError(query, query.length, "unexpected end of input inside brackets");
    throw parseError(query, query.length, "unexpected end of input");
  }
  const token = /^([A-Za-z_:][\w:]*|\d[\w.]*|"(?:[^"\\]|\\.)*"?|.)/.exec(rest)?.[0] ?? rest.slice(0, 1);
  throw parseError(query, query.length - query.slice(errorAt).trimStart().length, `unexpected ${describeToken(token)}`);
}

const CLOSERS: Record<string, string> = {
  ")": "right parenthesis ')'",
  "]": "right bracket ']'",
  "}": "right brace '}'",
  ",": '","',
};

/** Prometheus' lexer item descriptions for the token it stumbled on. */
function describeToken(token: string): string {
  if (token in CLOSERS) return CLOSERS[token] as string;
  if (/^[A-Za-z_:]/.test(token)) return `identifier ${JSON.stringify(token)}`;
  if (/^\d/.test(token)) return `number ${JSON.stringify(token)}`;
  if (token.startsWith('"')) return `string ${JSON.stringify(token)}`;
  return `character: '${token}'`;
}
