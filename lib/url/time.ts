// Time values in deep links: epoch ms, epoch s, RFC3339, Go's time.Time String() and
// Grafana's relative form (`now-1h`, `now-1d/d`). Relative times stay relative until
// resolved against a `now`; unit conversions go through lib/model/time (DESIGN.md §8.6).
import { type Millis, millis, rfc3339ToMillis, secondsToMillis } from "../model/time";

export type TimeUnit = "s" | "m" | "h" | "d" | "w" | "M" | "y";

export interface AbsoluteTime {
  kind: "absolute";
  ms: Millis;
}
export interface RelativeTime {
  kind: "relative";
  /** As written in the URL, e.g. `now-30m/m`; formatting writes it back unchanged. */
  expr: string;
  /** Signed offset from now for s…w units: `now-1h` → -3_600_000. */
  offsetMs: Millis;
  /** Signed calendar months for `M` and `y` (a year is 12); absent when zero. */
  offsetMonths?: number;
  /** Grafana's `/unit` suffix: start of that unit for `from`, end of it for `to`. */
  roundTo?: TimeUnit;
}
export type TimeExpr = AbsoluteTime | RelativeTime;

export type TimeParseResult =
  | { ok: true; value: TimeExpr }
  | { ok: false; message: string /** A replacement value when the intent is clear. */; suggestion?: string };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const UNIT_MS: Record<Exclude<TimeUnit, "M" | "y">, number> = {
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
  w: 7 * DAY,
};
const YEAR_MS = 365 * DAY;
const MAX_OFFSET_MS = 100 * YEAR_MS;

export const NOW: RelativeTime = { kind: "relative", expr: "now", offsetMs: millis(0) };
export const absoluteTime = (ms: Millis | number): AbsoluteTime => ({ kind: "absolute", ms: millis(Math.round(ms)) });

/** A relative time with a canonical expr, e.g. -5_400_000 → `now-90m` (largest unit that divides it). */
export function relativeTime(offsetMs: number, roundTo?: TimeUnit): RelativeTime {
  const off = Math.round(offsetMs / SECOND) * SECOND || 0; // `|| 0` turns -0 into 0
  const abs = Math.abs(off);
  const unit = (["w", "d", "h", "m", "s"] as const).find((u) => abs % UNIT_MS[u] === 0) ?? "s";
  const body = off === 0 ? "now" : `now${off < 0 ? "-" : "+"}${abs / UNIT_MS[unit]}${unit}`;
  const expr = roundTo ? `${body}/${roundTo}` : body;
  return roundTo
    ? { kind: "relative", expr, offsetMs: millis(off), roundTo }
    : { kind: "relative", expr, offsetMs: millis(off) };
}

const RELATIVE_RE = /^now(?:([+-])(\d{1,9})([a-zA-Z]+))?(?:\/([a-zA-Z]+))?$/;
const UNITS = "s, m, h, d, w, M or y";
const isUnit = (u: string): u is TimeUnit => /^[smhdwMy]$/.test(u);

function parseRelative(raw: string): TimeParseResult {
  // An unencoded `+` arrives as a space after URL decoding: `now+5m` → `now 5m`.
  const s = raw.replace(/^now (?=\d)/, "now+");
  const m = RELATIVE_RE.exec(s);
  if (!m) return { ok: false, message: `"${raw}" is not a relative time; use now, now-1h, now-30m/m` };
  const [, sign, num, unit, round] = m;
  if (unit !== undefined && !isUnit(unit))
    return { ok: false, message: `unknown unit "${unit}" in "${raw}"; use ${UNITS}` };
  if (round !== undefined && !isUnit(round)) {
    return { ok: false, message: `unknown rounding unit "/${round}" in "${raw}"; use ${UNITS}` };
  }
  const n = (sign === "-" ? -1 : 1) * Number(num ?? 0);
  const out: RelativeTime = { kind: "relative", expr: s, offsetMs: millis(0) };
  if (unit === "M" || unit === "y") {
    const months = unit === "y" ? n * 12 : n;
    if (Math.abs(months) > 1200) return { ok: false, message: `"${raw}" is more than 100 years away` };
    if (months !== 0) out.offsetMonths = months;
  } else if (unit !== undefined) {
    const off = n * UNIT_MS[unit];
    if (Math.abs(off) > MAX_OFFSET_MS) return { ok: false, message: `"${raw}" is more than 100 years away` };
    out.offsetMs = millis(off || 0); // `|| 0`: no -0
  }
  if (round !== undefined) out.roundTo = round;
  return { ok: true, value: out };
}

// RFC3339, leniently split so each wrong part can be named; also Go's time.Time String()
// (`2026-01-02 15:04:05.123 +0000 UTC`), which is what Alertmanager templates print by default.
const DATE_TIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:\s*([Zz]|[+-]\d{2}:?\d{2}))?(?: (?:[A-Z]{1,5}|[+-]\d{2,4}))?(?: m=[+-][\d.]+)?$/;

function parseDateTime(raw: string): TimeParseResult | undefined {
  const m = DATE_TIME_RE.exec(raw);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, message: `month ${mo} is out of range (01-12) in "${raw}"` };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth)
    return { ok: false, message: `day ${d} is out of range (01-${daysInMonth}) in "${raw}"` };
  const date = `${y}-${mo!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
  if (hh === undefined) {
    return { ok: false, message: `"${raw}" has no time of day; RFC3339 needs one`, suggestion: `${date}T00:00:00Z` };
  }
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? 0) > 59) {
    return { ok: false, message: `time of day ${hh}:${mi}:${ss ?? "00"} is out of range in "${raw}"` };
  }
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, "0")}` : "";
  const local = `${date}T${hh}:${mi}:${ss ?? "00"}${ms}`;
  if (zone === undefined) {
    return { ok: false, message: `"${raw}" has no UTC offset; add Z for UTC or +02:00`, suggestion: `${local}Z` };
  }
  const offset = zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  if (offset !== "Z" && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59)) {
    return { ok: false, message: `UTC offset ${zone} is out of range in "${raw}"` };
  }
  const t = rfc3339ToMillis(`${local}${offset}`);
  if (t === undefined || t < 0) return { ok: false, message: `"${raw}" is not a time after 1970` };
  return { ok: true, value: absoluteTime(t) };
}

function parseEpoch(raw: string): TimeParseResult | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!m) return undefined;
  const [, int = "", frac] = m;
  if (int.length <= 11) return { ok: true, value: absoluteTime(secondsToMillis(Number(raw))) };
  if (int.length <= 13) return { ok: true, value: absoluteTime(Number(raw)) };
  // Jaeger speaks microseconds and Loki nanoseconds; say so instead of guessing silently.
  if (int.length === 16 && frac === undefined) {
    return {
      ok: false,
      message: `"${raw}" looks like epoch microseconds; use milliseconds`,
      suggestion: int.slice(0, 13),
    };
  }
  if (int.length === 19 && frac === undefined) {
    return {
      ok: false,
      message: `"${raw}" looks like epoch nanoseconds; use milliseconds`,
      suggestion: int.slice(0, 13),
    };
  }
  return { ok: false, message: `"${raw}" has ${int.length} digits; use epoch milliseconds (13) or seconds (10)` };
}

/** Parse one time parameter. `now` only bounds absolute times (a year ahead at most). */
export function parseTimeParam(raw: string, now: Millis): TimeParseResult {
  const s = raw.trim();
  if (s === "") return { ok: false, message: "is empty" };
  if (/\$\{?__|\{\{/.test(s)) {
    return {
      ok: false,
      message: `"${s}" is an uninterpolated template variable; the link was not rendered by Grafana or Alertmanager`,
    };
  }
  if (s.startsWith("now")) return parseRelative(s);
  if (/^[+-]?\d+[smhdwMy]$/.test(s)) {
    return { ok: false, message: `"${s}" is a duration, not a time`, suggestion: `now-${s.replace(/^[+-]/, "")}` };
  }
  if (/^-\d/.test(s)) return { ok: false, message: `"${s}" is negative; times must be after 1970` };
  const r = parseEpoch(s) ?? parseDateTime(s);
  if (!r) return { ok: false, message: `"${s}" is not a time; use epoch ms, epoch s, RFC3339 or now-1h` };
  if (r.ok && r.value.kind === "absolute" && r.value.ms > now + YEAR_MS) {
    return { ok: false, message: `"${s}" is more than a year in the future` };
  }
  return r;
}

export function formatTimeParam(t: TimeExpr): string {
  return t.kind === "absolute" ? String(Math.round(t.ms)) : t.expr;
}

function addMonthsUTC(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const y = Math.floor(total / 12);
  const mo = total - y * 12;
  // Clamp the day like Grafana (moment): Mar 31 minus 1M is Feb 28/29, not Mar 3.
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(y, mo + 1, 0)).getUTCDate());
  return Date.UTC(y, mo, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

// Rounding is in UTC (the server has no user time zone; Grafana uses the browser's), and
// weeks start on Monday (ISO 8601).
function startOfUTC(ms: number, unit: TimeUnit): number {
  if (unit === "M" || unit === "y") {
    const d = new Date(ms);
    return Date.UTC(d.getUTCFullYear(), unit === "y" ? 0 : d.getUTCMonth(), 1);
  }
  if (unit === "w") {
    const day = startOfUTC(ms, "d");
    return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
  }
  return Math.floor(ms / UNIT_MS[unit]) * UNIT_MS[unit];
}
function endOfUTC(ms: number, unit: TimeUnit): number {
  const start = startOfUTC(ms, unit);
  const next = unit === "M" ? addMonthsUTC(start, 1) : unit === "y" ? addMonthsUTC(start, 12) : start + UNIT_MS[unit];
  return next - 1;
}

/**
 * The instant a time stands for at `now`. `roundUp` is for the end of a range: Grafana reads
 * `to=now-1d/d` as the end of yesterday and `from=now-1d/d` as its start.
 */
export function resolveTime(t: TimeExpr, now: Millis, opts: { roundUp?: boolean } = {}): Millis {
  if (t.kind === "absolute") return t.ms;
  let ms = now + t.offsetMs;
  if (t.offsetMonths) ms = addMonthsUTC(ms, t.offsetMonths);
  if (t.roundTo) ms = opts.roundUp ? endOfUTC(ms, t.roundTo) : startOfUTC(ms, t.roundTo);
  return millis(ms);
}

/** `t` moved by `deltaMs`, staying relative when it can (used to correct ranges). */
export function shiftTime(t: TimeExpr, deltaMs: number, now: Millis): TimeExpr {
  if (t.kind === "absolute") return absoluteTime(t.ms + deltaMs);
  if (!t.roundTo && !t.offsetMonths) return relativeTime(t.offsetMs + deltaMs);
  return absoluteTime(resolveTime(t, now) + deltaMs);
}

export const sameTime = (a: TimeExpr, b: TimeExpr): boolean => formatTimeParam(a) === formatTimeParam(b);
