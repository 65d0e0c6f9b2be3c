// Shared pieces of every view's query string: reading URLSearchParams or Next's
// searchParams record, the error shapes, and one zod codec per shared parameter.
import { z } from "zod";
import { normalizeSpanId, normalizeTraceId } from "../model/trace-id";
import { formatDuration, parseDuration } from "./duration";

/** What Next.js 16 passes to pages (after awaiting), or a plain URLSearchParams. */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

export interface ParamError {
  param: string;
  message: string;
  got: string;
}
/** Not wrong enough to refuse the link, but worth saying (repeated or ignored params). */
export interface ParamWarning {
  param: string;
  message: string;
}

export interface RawParams {
  /** Every key/value in URL order, repeats included; unknown keys are kept for corrected links. */
  pairs: [string, string][];
  /** First value per key: when a key repeats, the first wins (as Grafana and Next's `get` do). */
  first: Map<string, string>;
  repeated: Set<string>;
}

export function readParams(input: SearchParamsInput | string): RawParams {
  const pairs: [string, string][] = [];
  if (typeof input === "string") pairs.push(...new URLSearchParams(input));
  else if (input instanceof URLSearchParams) pairs.push(...input);
  else {
    for (const [k, v] of Object.entries(input)) {
      if (typeof v === "string") pairs.push([k, v]);
      else if (Array.isArray(v)) for (const one of v) pairs.push([k, one]);
    }
  }
  const first = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [k, v] of pairs) {
    if (first.has(k)) repeated.add(k);
    else first.set(k, v);
  }
  return { pairs, first, repeated };
}

type Ctx = z.RefinementCtx<string>;
// `params.suggestion` on the issue becomes the value in the corrected link (see ./view).
const fail = (ctx: Ctx, message: string, suggestion?: string): never => {
  ctx.addIssue({ code: "custom", message, params: suggestion === undefined ? {} : { suggestion } });
  return z.NEVER;
};

const oneOf = <const T extends readonly string[]>(values: T, what: string) =>
  z.string().transform((s, ctx): T[number] => {
    const v = s.trim().toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T[number];
    return fail(ctx, `"${s}" is not a valid ${what}; use ${values.join(" or ")}`);
  });

export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
/** Absent = follow the system colour scheme. */
export const themeParam = oneOf(THEMES, "theme");

export const TABS = ["metrics", "logs", "traces"] as const;
export type Tab = (typeof TABS)[number];
export const tabParam = oneOf(TABS, "tab");

export const QMODES = ["substring", "regex"] as const;
export type QMode = (typeof QMODES)[number];
export const qmodeParam = oneOf(QMODES, "qmode");

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];
/** `embed=1`, `live=1`; written only when true. */
export const flagParam = z.string().transform((s, ctx): boolean => {
  const v = s.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return fail(ctx, `"${s}" is not a flag; use 1 or 0`);
});

export const traceIdParam = z.string().transform((s, ctx): string => {
  const id = normalizeTraceId(s);
  if (id) return id;
  // A pasted W3C traceparent or a UUID-formatted id: the intent is clear, offer the id.
  const tp = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/i.exec(s.trim());
  const dashed = s.trim().replace(/-/g, "");
  const fix = tp?.[1] ? normalizeTraceId(tp[1]) : /^[\da-f]{32}$/i.test(dashed) ? normalizeTraceId(dashed) : undefined;
  return fail(ctx, `"${s}" is not a trace id (1-32 hex characters, not all zero)`, fix);
});

export const spanIdParam = z.string().transform((s, ctx): string => {
  return normalizeSpanId(s) ?? fail(ctx, `"${s}" is not a span id (1-16 hex characters, not all zero)`);
});

export const MAX_Q_LENGTH = 2000;
/** Log filter text. Regex syntax is left to Loki (RE2): JS RegExp rejects valid `(?i)`. */
export const qParam = z.string().transform((s, ctx): string => {
  if (s.length > MAX_Q_LENGTH) return fail(ctx, `is ${s.length} characters; at most ${MAX_Q_LENGTH}`);
  return s;
});

/** Choices the refresh picker offers; any duration from 5s to 1d is accepted. */
export const REFRESH_CHOICES = ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h"] as const;
const MIN_REFRESH_MS = 5000;
const MAX_REFRESH_MS = 86_400_000;
/** `refresh=30s`; `off` (or absent) means no auto-refresh. Canonical form: `60s` → `1m`. */
export const refreshParam = z.string().transform((s, ctx): string | undefined => {
  if (s.trim().toLowerCase() === "off") return undefined;
  const d = parseDuration(s);
  if (!d.ok) return fail(ctx, d.message, d.suggestion);
  // Faster than 5s only loads the backends; slower than a day is not an auto-refresh.
  if (d.ms < MIN_REFRESH_MS) return fail(ctx, `"${s}" is faster than the 5s minimum`, "5s");
  if (d.ms > MAX_REFRESH_MS) return fail(ctx, `"${s}" is longer than 1d`, "1d");
  return formatDuration(d.ms);
});
