// The one parse loop every view shares: first value wins, zod per parameter, the range rules,
// and a corrected query string that keeps unknown parameters (Grafana adds `orgId` etc.).
import type { z } from "zod";
import type { Millis } from "../model/time";
import { type ParamError, type ParamWarning, readParams, type SearchParamsInput } from "./params";
import { parseRangeParams, RANGE_PARAMS, type RangeExpr, type RawRange } from "./range";

export type ViewParseResult<S> =
  | { ok: true; state: S; warnings: ParamWarning[] }
  | {
      ok: false;
      errors: ParamError[];
      /** The query string (no `?`) with bad params replaced by a fix or dropped; it parses. */
      corrected: string;
    };

export type RangeMode = "required" | "optional" | "none";

export interface ViewSpec<T extends z.ZodObject> {
  schema: T;
  range: RangeMode;
  /** Keys that are not in `schema.shape` but still belong to the view (the /go label map). */
  extraKnown?: (key: string) => boolean;
}

function knownKeys<T extends z.ZodObject>(spec: ViewSpec<T>): (key: string) => boolean {
  const range: readonly string[] = spec.range === "none" ? [] : RANGE_PARAMS;
  return (k) => k in spec.schema.shape || range.includes(k) || (spec.extraKnown?.(k) ?? false);
}

type Parsed<T extends z.ZodObject> = { data: z.output<T>; range: RangeExpr | undefined; warnings: ParamWarning[] };

function suggestionOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== "custom") return undefined;
  const s: unknown = issue.params?.suggestion;
  return typeof s === "string" ? s : undefined;
}

function once<T extends z.ZodObject>(
  spec: ViewSpec<T>,
  input: SearchParamsInput | string,
  now: Millis,
): { ok: true; parsed: Parsed<T> } | { ok: false; errors: ParamError[]; corrected: string } {
  const raw = readParams(input);
  const rangeKeys: readonly string[] = spec.range === "none" ? [] : RANGE_PARAMS;
  const isKnown = knownKeys(spec);
  const values: Record<string, string> = {};
  const warnings: ParamWarning[] = [];
  for (const [k, v] of raw.first) {
    if (!isKnown(k)) continue;
    if (raw.repeated.has(k)) warnings.push({ param: k, message: "is given more than once; the first value is used" });
    // An empty value is what a template with a missing variable renders: treat it as absent.
    if (v !== "") values[k] = v;
  }

  const errors: ParamError[] = [];
  const fixes = new Map<string, string | undefined>();
  const rangeValues: RawRange = {};
  for (const k of RANGE_PARAMS) if (rangeKeys.includes(k) && values[k] !== undefined) rangeValues[k] = values[k];
  const zodInput: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (!rangeKeys.includes(k)) zodInput[k] = v;

  const r = spec.schema.safeParse(zodInput);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const param = String(issue.path[0] ?? "");
      if (fixes.has(param)) continue;
      errors.push({ param, message: issue.message, got: zodInput[param] ?? "" });
      fixes.set(param, suggestionOf(issue));
    }
  }
  let range: RangeExpr | undefined;
  if (spec.range === "required" || (spec.range === "optional" && Object.keys(rangeValues).length > 0)) {
    const rr = parseRangeParams(rangeValues, now);
    if (rr.ok) {
      range = rr.range;
      warnings.push(...rr.warnings);
    } else {
      errors.push(...rr.errors);
      for (const k of RANGE_PARAMS) if (rr.corrected[k] !== rangeValues[k]) fixes.set(k, rr.corrected[k]);
    }
  }
  if (r.success && errors.length === 0) return { ok: true, parsed: { data: r.data, range, warnings } };

  // Known keys: first occurrence fixed or kept, repeats dropped. Unknown keys: untouched.
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const [k, v] of raw.pairs) {
    if (!isKnown(k)) out.push([k, v]);
    else if (!seen.has(k)) {
      seen.add(k);
      const fixed = fixes.has(k) ? fixes.get(k) : v;
      if (fixed !== undefined) out.push([k, fixed]);
    }
  }
  for (const [k, v] of fixes) if (!seen.has(k) && v !== undefined) out.push([k, v]);
  return { ok: false, errors, corrected: new URLSearchParams(out).toString() };
}

/** Parse with `spec`; the corrected link is re-parsed so a fix that uncovers another problem is fixed too. */
export function parseWith<T extends z.ZodObject>(
  spec: ViewSpec<T>,
  input: SearchParamsInput | string,
  now: Millis,
): { ok: true; parsed: Parsed<T> } | { ok: false; errors: ParamError[]; corrected: string } {
  const first = once(spec, input, now);
  if (first.ok) return first;
  const errors = [...first.errors];
  const original = readParams(input).first;
  let corrected = first.corrected;
  for (let i = 0; i < 3; i++) {
    const again = once(spec, corrected, now);
    if (again.ok) return { ok: false, errors, corrected };
    // zod skips cross-field checks while fields fail, so report what the re-parse finds in
    // values the user wrote (not problems our own fixes caused).
    for (const e of again.errors) {
      if (!errors.some((x) => x.param === e.param) && original.get(e.param) === e.got) errors.push(e);
    }
    corrected = again.corrected;
  }
  // Last resort: keep only the unknown params, which are not ours to judge.
  const isKnown = knownKeys(spec);
  const keep = readParams(input).pairs.filter(([k]) => !isKnown(k));
  return { ok: false, errors, corrected: new URLSearchParams(keep).toString() };
}

export { toQuery } from "./query";
