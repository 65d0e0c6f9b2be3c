// Search within one trace, in the spirit of Jaeger's uiFind: whitespace-separated tokens
// (quotes group words), every token must match; `key=value` matches one attribute. Nothing
// is pre-indexed, so a trace costs no extra memory until someone searches. Runs on the
// server, over the spans it keeps (the browser holds no attributes).
import { SPAN_BATCH, SPAN_KINDS, SPAN_STATUSES, type SpanTable } from "../model/span-table";
import type { AttrValue, Attributes, Span } from "../model/trace";
import { runSteps, runStepsYielding, type Steps } from "../steps";

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

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A token compiled once per search: case-insensitive regexes scan strings without lowercasing copies. */
interface Matcher {
  text: RegExp;
  key?: RegExp;
  raw: SearchToken;
}

const compile = (t: SearchToken): Matcher => ({
  text: new RegExp(escapeRe(t.text), "i"),
  key: t.key === undefined ? undefined : new RegExp(`^${escapeRe(t.key)}$`, "i"),
  raw: t,
});

function valueMatches(v: AttrValue, re: RegExp): boolean {
  if (typeof v === "string") return re.test(v);
  if (v !== null && typeof v === "object") return re.test(JSON.stringify(v));
  return re.test(String(v));
}

function attrsMatch(attrs: Attributes, t: Matcher): boolean {
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined) continue;
    if (t.key) {
      if (t.key.test(k) && valueMatches(v, t.text)) return true;
    } else if (t.text.test(k) || valueMatches(v, t.text)) return true;
  }
  return false;
}

function tokenMatches(s: Span, t: Matcher): boolean {
  if (!t.key) {
    const re = t.text;
    if (re.test(s.service) || re.test(s.name) || re.test(s.spanId)) return true;
    if (s.kind === t.raw.text || s.status === t.raw.text) return true;
    if (s.statusMessage && re.test(s.statusMessage)) return true;
  }
  if (attrsMatch(s.attributes, t) || attrsMatch(s.resource, t)) return true;
  for (const e of s.events) {
    if (!t.key && t.text.test(e.name)) return true;
    if (attrsMatch(e.attributes, t)) return true;
  }
  return false;
}

function matchAll(s: Span, matchers: readonly Matcher[]): boolean {
  for (const m of matchers) if (!tokenMatches(s, m)) return false;
  return matchers.length > 0;
}

export function spanMatches(s: Span, query: string): boolean {
  return matchAll(s, parseSearch(query).map(compile));
}

/** Positions of matching spans, ascending (the order rows are drawn in); `order` maps pos → span. */
export function searchSpans(spans: readonly Span[], order: Int32Array, query: string): Int32Array {
  const matchers = parseSearch(query).map(compile);
  if (matchers.length === 0) return new Int32Array(0);
  const n = order.length;
  const out = new Int32Array(n);
  let k = 0;
  for (let p = 0; p < n; p++) if (matchAll(spans[order[p]!]!, matchers)) out[k++] = p;
  return out.subarray(0, k);
}

/** Substrings of what a non-string value prints as, though its JSON spells it otherwise. */
const PRINTED = ["null", "-infinity", "nan"];

/**
 * The token as lowercase ASCII bytes when a match in attributes or events implies those bytes
 * in the span's JSON: ASCII (case folds only within ASCII for these regexes), no JSON
 * punctuation (a match cannot straddle two values or a key and its value), not all number
 * characters (1e3 prints as 1000), and not part of null / Infinity / NaN (printed from other
 * spellings). Otherwise undefined: the span is built and checked.
 */
function rawNeedle(text: string): Uint8Array | undefined {
  if (text.length === 0 || !/^[\x20-\x7e]+$/.test(text) || /["\\,:[\]{}]/.test(text)) return undefined;
  if (/^[0-9.eE+-]+$/.test(text)) return undefined;
  const lower = text.toLowerCase();
  if (PRINTED.some((p) => p.includes(lower))) return undefined;
  return Uint8Array.from(lower, (c) => c.charCodeAt(0));
}

/** Spans checked between two yields of searchTableSteps (a few ms of work at most). */
export const SEARCH_STEP_SPANS = 20_000;

/**
 * searchSpans over a trace's columns: service, name, ID, kind, status and status message are
 * read from the columns; the spans whose match those do not decide (a token could be in their
 * attributes, resource or events) are built batch by batch (SPAN_BATCH) and checked in full.
 */
export function searchTable(table: SpanTable, order: Int32Array, query: string): Int32Array {
  return runSteps(searchTableSteps(table, order, query));
}

/**
 * searchTable in steps of SEARCH_STEP_SPANS spans, the event loop free between them: a search
 * of a million spans takes a second or more, and the server's other requests must not wait.
 */
export function searchTableAsync(table: SpanTable, order: Int32Array, query: string): Promise<Int32Array> {
  return runStepsYielding(searchTableSteps(table, order, query));
}

/** The search as a generator: yields after every SEARCH_STEP_SPANS spans, returns the positions. */
function* searchTableSteps(table: SpanTable, order: Int32Array, query: string): Steps<Int32Array> {
  const matchers = parseSearch(query).map(compile);
  if (matchers.length === 0) return new Int32Array(0);
  const n = table.n;
  // Per string (name / status message) and per group (service, resource): decided once.
  const memo = matchers.map(() => ({
    strings: new Int8Array(table.strings.length),
    groups: new Int8Array(table.groups.length),
  }));
  const strHit = (m: number, s: number): boolean => {
    const c = memo[m]!.strings;
    if (c[s] === 0) c[s] = matchers[m]!.text.test(table.strings[s]!) ? 1 : -1;
    return c[s] === 1;
  };
  const groupHit = (m: number, g: number): boolean => {
    const c = memo[m]!.groups;
    if (c[g] === 0) {
      const grp = table.groups[g]!;
      const t = matchers[m]!;
      c[g] = (!t.key && t.text.test(grp.service)) || attrsMatch(grp.resource, t) ? 1 : -1;
    }
    return c[g] === 1;
  };
  /** Does token m match span i from its columns alone? */
  const columnHit = (m: number, i: number): boolean => {
    const t = matchers[m]!;
    if (groupHit(m, table.groupOf[i]!)) return true;
    if (t.key) return false;
    if (strHit(m, table.nameOf[i]!)) return true;
    const msg = table.statusMessageOf[i]!;
    if (msg >= 0 && strHit(m, msg)) return true;
    if (SPAN_KINDS[table.kind[i]!] === t.raw.text || SPAN_STATUSES[table.status[i]!] === t.raw.text) return true;
    // An ID of 16 hex digits holds only a token made of hex digits: no string built otherwise.
    if (table.idPacked[i] === 1 && !hexToken[m]) return false;
    return t.text.test(table.spanId(i));
  };
  const hexToken = matchers.map((t) => /^[0-9a-f]{1,16}$/.test(t.raw.text));
  // A token that can only match an attribute or event by being spelled out in the span's bytes
  // (see rawNeedle) rules a span out without building it when the bytes do not contain it.
  const needles = table.mayContain ? matchers.map((t) => rawNeedle(t.raw.text)) : [];
  // Every span's answer to mayContain at once, where the table can (one pass over its bytes).
  const bulk: (Uint8Array | undefined)[] = [];
  for (const nd of needles) bulk.push(nd && table.mayContainAll ? yield* table.mayContainAll(nd) : undefined);
  // 0 no match, 1 match, 2 needs the whole span.
  const verdict = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let v = 1;
    for (let m = 0; m < matchers.length && v !== 0; m++) {
      if (columnHit(m, i)) continue;
      const needle = needles[m];
      const may = bulk[m];
      v = needle && !(may ? may[i] === 1 : table.mayContain!(i, needle)) ? 0 : 2;
    }
    verdict[i] = v;
    if ((i + 1) % SEARCH_STEP_SPANS === 0) yield;
  }
  // The spans the columns could not decide, built and checked a batch at a time.
  const undecided: number[] = [];
  for (let i = 0; i < n; i++) if (verdict[i] === 2) undecided.push(i);
  for (let k = 0; k < undecided.length; k += SPAN_BATCH) {
    const idx = undecided.slice(k, k + SPAN_BATCH);
    const built = table.spansAt(idx);
    for (let j = 0; j < idx.length; j++) verdict[idx[j]!] = matchAll(built[j]!, matchers) ? 1 : 0;
    yield;
  }
  const out = new Int32Array(n);
  let k = 0;
  for (let p = 0; p < order.length; p++) if (verdict[order[p]!] === 1) out[k++] = p;
  return out.subarray(0, k);
}
