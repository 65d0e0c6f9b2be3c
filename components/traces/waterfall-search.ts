// Search within one trace, in the spirit of Jaeger's uiFind: whitespace-separated tokens
// (quotes group words), every token must match; `key=value` matches one attribute. Nothing
// is pre-indexed, so a trace costs no extra memory until someone searches.
import type { AttrValue, Attributes, Span } from "@/lib/model/trace";
import type { WaterfallModel } from "./waterfall-model";

export interface SearchToken {
  text: string;
  /** Set for `key=value` tokens. */
  key?: string;
}

export function parseSearch(query: string): SearchToken[] {
  const out: SearchToken[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    const raw = (m[1] ?? m[2] ?? "").trim().toLowerCase();
    if (!raw) continue;
    const eq = m[2] ? raw.indexOf("=") : -1;
    if (eq > 0) out.push({ key: raw.slice(0, eq), text: raw.slice(eq + 1) });
    else out.push({ text: raw });
  }
  return out;
}

function valueText(v: AttrValue): string {
  if (v === null) return "null";
  if (typeof v === "object") return JSON.stringify(v).toLowerCase();
  return String(v).toLowerCase();
}

function attrsMatch(attrs: Attributes, t: SearchToken): boolean {
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined) continue;
    if (t.key !== undefined) {
      if (k.toLowerCase() === t.key && valueText(v).includes(t.text)) return true;
    } else if (k.toLowerCase().includes(t.text) || valueText(v).includes(t.text)) return true;
  }
  return false;
}

function tokenMatches(s: Span, t: SearchToken): boolean {
  if (t.key === undefined) {
    if (s.service.toLowerCase().includes(t.text)) return true;
    if (s.name.toLowerCase().includes(t.text)) return true;
    if (s.spanId.toLowerCase().includes(t.text)) return true;
    if (s.kind === t.text || s.status === t.text) return true;
    if (s.statusMessage?.toLowerCase().includes(t.text)) return true;
  }
  if (attrsMatch(s.attributes, t) || attrsMatch(s.resource, t)) return true;
  for (const e of s.events) {
    if (t.key === undefined && e.name.toLowerCase().includes(t.text)) return true;
    if (attrsMatch(e.attributes, t)) return true;
  }
  return false;
}

export function spanMatches(s: Span, tokens: readonly SearchToken[]): boolean {
  for (const t of tokens) if (!tokenMatches(s, t)) return false;
  return tokens.length > 0;
}

/** Positions of matching spans, ascending (the order rows are drawn in). */
export function searchSpans(m: WaterfallModel, query: string): Int32Array {
  const tokens = parseSearch(query);
  if (tokens.length === 0) return new Int32Array(0);
  const out = new Int32Array(m.n);
  let k = 0;
  for (let p = 0; p < m.n; p++) if (spanMatches(m.spans[m.order[p]!]!, tokens)) out[k++] = p;
  return out.subarray(0, k);
}

/** 1 at every match and every ancestor of one: the rows "only matches" keeps. */
export function matchMask(m: WaterfallModel, matches: Int32Array): Uint8Array {
  const keep = new Uint8Array(m.n);
  for (const p of matches) keep[p] = 1;
  for (let p = m.n - 1; p >= 0; p--) {
    const par = m.parentPos[p]!;
    if (keep[p] && par >= 0) keep[par] = 1;
  }
  return keep;
}

/** 1 at matches only: what rows highlight. */
export function matchSet(n: number, matches: Int32Array): Uint8Array {
  const set = new Uint8Array(n);
  for (const p of matches) set[p] = 1;
  return set;
}
