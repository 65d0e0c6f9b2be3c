// The time range of a view: `from`/`to`, or `time` + `window`, or the last hour. Range rules
// live here so every view applies them the same way, and so a bad range can be corrected.
import { type Millis, millisToRfc3339, type TimeRange } from "../model/time";
import { formatDuration, parseDuration } from "./duration";
import type { ParamError, ParamWarning } from "./params";
import {
  absoluteTime,
  formatTimeParam,
  NOW,
  parseTimeParam,
  relativeTime,
  resolveTime,
  sameTime,
  shiftTime,
  type TimeExpr,
} from "./time";

export interface RangeExpr {
  from: TimeExpr;
  to: TimeExpr;
}

const HOUR = 3_600_000;
export const DEFAULT_WINDOW_MS = HOUR;
/** Same cap as Sightline's API (lib/server/params): longer ranges are refused there anyway. */
export const MAX_RANGE_MS = 90 * 24 * HOUR;
/** `now-1h` → `now`, the same default as Grafana. */
export const DEFAULT_RANGE: RangeExpr = { from: relativeTime(-HOUR), to: NOW };

export const RANGE_PARAMS = ["from", "to", "time", "window"] as const;
export type RangeParam = (typeof RANGE_PARAMS)[number];
/** Raw range values from the URL; in a correction, an absent key means "drop it". */
export type RawRange = Partial<Record<RangeParam, string>>;

export type RangeParseResult =
  | { ok: true; range: RangeExpr; warnings: ParamWarning[] }
  | { ok: false; errors: ParamError[]; corrected: RawRange };

/** The end of a range rounds up: `to=now-1d/d` is the end of yesterday (Grafana's rule). */
export function resolveRange(r: RangeExpr, now: Millis): TimeRange {
  return { from: resolveTime(r.from, now), to: resolveTime(r.to, now, { roundUp: true }) };
}

/** Both ends as absolute ms: what "Share" writes so the link shows the same data later. */
export function pinRange(r: RangeExpr, now: Millis): RangeExpr {
  const t = resolveRange(r, now);
  return { from: absoluteTime(t.from), to: absoluteTime(t.to) };
}

export const isDefaultRange = (r: RangeExpr): boolean =>
  sameTime(r.from, DEFAULT_RANGE.from) && sameTime(r.to, DEFAULT_RANGE.to);

/** Query pairs for a range, defaults omitted: `to=now` is implied whenever `to` is absent. */
export function formatRange(r: RangeExpr): [string, string][] {
  if (isDefaultRange(r)) return [];
  const out: [string, string][] = [["from", formatTimeParam(r.from)]];
  if (!sameTime(r.to, NOW)) out.push(["to", formatTimeParam(r.to)]);
  return out;
}

interface Checked {
  range?: RangeExpr;
  errors: ParamError[];
  warnings: ParamWarning[];
  fix: RawRange;
}

function parseWindow(raw: string): { ok: true; ms: number } | { ok: false; message: string; suggestion?: string } {
  if (/^\d+$/.test(raw.trim()) && Number(raw) >= 1000) {
    // Grafana's own `time.window` is milliseconds, so a bare number most likely is too.
    const fix = formatDuration(Number(raw));
    return {
      ok: false,
      message: `"${raw}" has no unit; as milliseconds (Grafana's time.window) that is ${fix}`,
      suggestion: fix,
    };
  }
  const d = parseDuration(raw);
  if (!d.ok) return d;
  if (d.ms > MAX_RANGE_MS) return { ok: false, message: `"${raw}" is longer than 90 days`, suggestion: "90d" };
  return d;
}

function check(raw: RawRange, now: Millis): Checked {
  const errors: ParamError[] = [];
  const warnings: ParamWarning[] = [];
  const fix: RawRange = { ...raw };
  const bad = (param: RangeParam, message: string, suggestion?: string) => {
    errors.push({ param, message, got: raw[param] ?? "" });
    if (suggestion === undefined) delete fix[param];
    else fix[param] = suggestion;
  };
  const time = (param: "from" | "to" | "time"): TimeExpr | undefined => {
    const v = raw[param];
    if (v === undefined) return undefined;
    const r = parseTimeParam(v, now);
    if (r.ok) return r.value;
    bad(param, r.message, r.suggestion);
    return undefined;
  };
  const from = time("from");
  const to = time("to");
  const at = time("time");
  let windowMs: number | undefined;
  if (raw.window !== undefined) {
    const w = parseWindow(raw.window);
    if (w.ok) windowMs = w.ms;
    else bad("window", w.message, w.suggestion);
  }
  if (errors.length > 0) return { errors, warnings, fix };

  let range: RangeExpr;
  if (raw.from !== undefined || raw.to !== undefined) {
    for (const p of ["time", "window"] as const) {
      if (raw[p] !== undefined) warnings.push({ param: p, message: `ignored because from/to are given` });
    }
    const end = to ?? NOW;
    // Only `to` given: the hour before it, keeping `to`'s kind (relative stays relative).
    range = { from: from ?? shiftTime(end, -DEFAULT_WINDOW_MS, now), to: end };
  } else if (at !== undefined) {
    // Grafana's convention for `time` + `time.window`: the window is centred on the time.
    const half = (windowMs ?? DEFAULT_WINDOW_MS) / 2;
    range = { from: shiftTime(at, -half, now), to: shiftTime(at, half, now) };
  } else if (windowMs !== undefined) {
    range = { from: relativeTime(-windowMs), to: NOW }; // `window` alone: the last <window>
  } else {
    range = DEFAULT_RANGE;
  }

  const t = resolveRange(range, now);
  const iso = (ms: Millis) => millisToRfc3339(ms);
  if (t.from >= t.to) {
    const message = `from (${iso(t.from)}) is not before to (${iso(t.to)})`;
    if (raw.from !== undefined && raw.to !== undefined && t.from > t.to) {
      errors.push({ param: "from", message, got: raw.from });
      fix.from = raw.to;
      fix.to = raw.from;
    } else if (raw.to !== undefined)
      bad("from", message, formatTimeParam(shiftTime(range.to, -DEFAULT_WINDOW_MS, now)));
    else bad("from", message);
  } else if (t.to - t.from > MAX_RANGE_MS) {
    const days = Math.round((t.to - t.from) / (24 * HOUR));
    bad(
      "from",
      `the range is ${days} days long; at most 90 days`,
      formatTimeParam(shiftTime(range.to, -MAX_RANGE_MS, now)),
    );
  }
  return errors.length > 0 ? { errors, warnings, fix } : { range, errors, warnings, fix };
}

/** Parse `from`, `to`, `time`, `window`. On error, `corrected` is a range that parses. */
export function parseRangeParams(raw: RawRange, now: Millis): RangeParseResult {
  const c = check(raw, now);
  if (c.range) return { ok: true, range: c.range, warnings: c.warnings };
  // A fix can uncover the next problem (a corrected `from` may now be after `to`), so re-check
  // a few times and fall back to the default range.
  let fix = c.fix;
  for (let i = 0; i < 3; i++) {
    const again = check(fix, now);
    if (again.range) return { ok: false, errors: c.errors, corrected: fix };
    fix = again.fix;
  }
  return { ok: false, errors: c.errors, corrected: {} };
}
