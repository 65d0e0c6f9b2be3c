// The one place where values enter PromQL and LogQL (DESIGN.md §6). JSON string quoting is
// valid in both languages: every escape JSON.stringify emits is a Go escape, which both
// lexers unquote with strutil.Unquote (APIS.md §3 "LogQL quoting"). Lone surrogates are the
// exception (JSON emits `\ud800`, Go decodes it to U+FFFD), so they are rejected.

/** A value or name that cannot be put into a query safely. */
export class QueryBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryBuildError";
  }
}

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE_RE.test(s);
}

/** A double-quoted PromQL/LogQL string literal for `value`. Throws QueryBuildError on lone surrogates. */
export function quote(value: string): string {
  if (hasLoneSurrogate(value)) {
    throw new QueryBuildError(`value ${JSON.stringify(value)} contains a lone UTF-16 surrogate and cannot be queried`);
  }
  return JSON.stringify(value);
}

/** Escape RE2/JS regex metacharacters so `value` matches itself literally; quote the result afterwards. */
export function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `=~` value matching any of `values` literally (label matchers are fully anchored RE2). */
export function anyOfRegex(values: readonly string[]): string {
  return values.map(regexEscape).join("|");
}

export type MatchOp = "=" | "!=" | "=~" | "!~";

// Classic label names. Prometheus 3 also allows quoted UTF-8 names, Loki and v2 do not.
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isLabelName(s: string): boolean {
  return LABEL_NAME_RE.test(s);
}

declare const matcherBrand: unique symbol;
/** A label matcher built by `matcher()`; `selector()` accepts nothing else, so raw text cannot slip in. */
export type MatcherText = string & { readonly [matcherBrand]: true };

export function matcher(label: string, op: MatchOp, value: string): MatcherText {
  if (!isLabelName(label)) throw new QueryBuildError(`${JSON.stringify(label)} is not a valid label name`);
  if (op === "=~" || op === "!~") checkRegex(value);
  return `${label}${op}${quote(value)}` as MatcherText;
}

/** `{a="b",c=~"d"}`, or `metric{…}` when a metric name is given. */
export function selector(matchers: readonly MatcherText[], metric?: string): string {
  if (metric !== undefined && !METRIC_NAME_RE.test(metric)) {
    throw new QueryBuildError(`${JSON.stringify(metric)} is not a valid metric name`);
  }
  if (matchers.length === 0 && metric === undefined) {
    throw new QueryBuildError("a selector needs at least one matcher");
  }
  return `${metric ?? ""}{${matchers.join(",")}}`;
}

export type LineFilterMode = "substring" | "regex";
export type LineFilterResult = { ok: true; filter: string } | { ok: false; error: string };

/**
 * `|= "text"` or `|~ "regex"` for a user-typed filter; empty text gives an empty filter.
 * Regexes are checked here so the user sees the problem before Loki does.
 */
export function lineFilter(text: string, mode: LineFilterMode): LineFilterResult {
  if (text === "") return { ok: true, filter: "" };
  if (hasLoneSurrogate(text))
    return { ok: false, error: "The filter contains an invalid character (a lone surrogate)." };
  if (mode === "substring") return { ok: true, filter: `|= ${quote(text)}` };
  const problem = regexProblem(text);
  if (problem) return { ok: false, error: problem };
  return { ok: true, filter: `|~ ${quote(text)}` };
}

// RE2 (Go) syntax JS lacks, rewritten to an equivalent JS form for the compile check only:
// flag groups `(?i)` anywhere, scoped flags `(?i:…)`, and `(?P<name>…)`.
const RE2_TO_JS: [RegExp, string][] = [
  [/\(\?-?[imsU]+(?:-[imsU]+)?\)/g, ""],
  [/\(\?-?[imsU]+(?:-[imsU]+)?:/g, "(?:"],
  [/\(\?P</g, "(?<"],
];
// Constructs JS accepts but RE2 rejects: look-around and backreferences.
const NOT_RE2: [RegExp, string][] = [
  [/\(\?<?[=!]/, "look-ahead and look-behind ((?=…), (?!…), (?<=…), (?<!…)) are not supported by Loki's RE2"],
  [/(^|[^\\])(\\\\)*\\[1-9]/, "backreferences (\\1…) are not supported by Loki's RE2"],
  [/(^|[^\\])(\\\\)*\\k</, "named backreferences (\\k<…>) are not supported by Loki's RE2"],
];

/** A readable reason why `re` is not a usable regular expression, or undefined when it is. */
export function regexProblem(re: string): string | undefined {
  const body = RE2_TO_JS.reduce((acc, [from, to]) => acc.replace(from, to), re);
  for (const [test, why] of NOT_RE2) if (test.test(body)) return `Invalid regular expression: ${why}.`;
  try {
    new RegExp(body);
    return undefined;
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, "") : String(e);
    return `Invalid regular expression: ${msg}`;
  }
}

function checkRegex(value: string): void {
  const problem = regexProblem(value);
  if (problem) throw new QueryBuildError(problem);
}

/** Whole seconds as a PromQL/LogQL duration (`30s`). */
export function durationSeconds(s: number): string {
  if (!Number.isFinite(s) || s <= 0)
    throw new QueryBuildError(`duration must be a positive number of seconds, got ${s}`);
  return `${Math.max(1, Math.ceil(s))}s`;
}
