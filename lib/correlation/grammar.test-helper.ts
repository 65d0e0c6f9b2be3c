// Test-only: parse built queries with the real PromQL and LogQL grammars (the ones the
// Prometheus UI and Grafana use) and pull string literals back out of the tree.
import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";

export type Lang = "promql" | "logql";

const PARSERS = { promql: promqlParser, logql: logqlParser } as const;
// Token names of string literals in each grammar.
const STRING_NODE = { promql: "StringLiteral", logql: "String" } as const;

export interface ParsedQuery {
  /** `⚠` nodes, as `[from,to]=text`. */
  errors: string[];
  /** Source text of every string literal token, in order. */
  strings: string[];
}

export function parseQuery(lang: Lang, query: string): ParsedQuery {
  const tree = PARSERS[lang].parse(query);
  const errors: string[] = [];
  const strings: string[] = [];
  tree.iterate({
    enter(n) {
      if (n.type.isError) errors.push(`[${n.from},${n.to}]=${JSON.stringify(query.slice(n.from, n.to))}`);
      else if (n.type.name === STRING_NODE[lang]) strings.push(query.slice(n.from, n.to));
    },
  });
  return { errors, strings };
}

/** The string literals of a query, decoded (JSON.parse of each token). */
export function decodedStrings(lang: Lang, query: string): string[] {
  return parseQuery(lang, query).strings.map((s) => {
    const v: unknown = JSON.parse(s);
    if (typeof v !== "string") throw new Error(`not a string literal: ${s}`);
    return v;
  });
}

/**
 * Go's strconv.Unquote for double-quoted strings, which both Prometheus and Loki use
 * (APIS.md §3): proves the JSON escapes mean the same thing to the servers.
 */
export function goUnquote(s: string): string {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) throw new Error("not double-quoted");
  const body = s.slice(1, -1);
  if (body.includes("\n")) throw new Error("raw newline");
  const simple: Record<string, string> = {
    a: "\x07",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\\": "\\",
    '"': '"',
  };
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? "";
    if (ch === '"') throw new Error("unescaped quote");
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = body[++i] ?? "";
    if (e in simple) out += simple[e];
    else if (e === "u" || e === "U" || e === "x") {
      const n = e === "u" ? 4 : e === "U" ? 8 : 2;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new Error("bad hex escape");
      const cp = Number.parseInt(hex, 16);
      // utf8.ValidRune: surrogates and > U+10FFFF are syntax errors in Go.
      if (e !== "x" && ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)) throw new Error("invalid rune");
      out += e === "x" ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      i += n;
    } else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}
