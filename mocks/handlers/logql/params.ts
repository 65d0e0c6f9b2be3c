// Loki 2.8 HTTP parameter parsing (pkg/loghttp): timestamps as ns integers, ≤10-digit unix
// seconds, float seconds or RFC3339(Nano); limits, direction and step with Loki's error texts.
import { parseAnyDuration, parseGoFloat } from "../promql/go-compat";
import { LokiError } from "./ast";
import type { Direction } from "./select";

export const DEFAULT_LIMIT = 100;
export const MAX_ENTRIES_LIMIT = 5000;
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseLokiTime(s: string): bigint | undefined {
  if (s.includes(".")) {
    const f = parseGoFloat(s);
    if (f !== undefined && Number.isFinite(f)) {
      const sec = Math.trunc(f);
      const ms = Math.round((f - sec) * 1000);
      return BigInt(sec) * 1_000_000_000n + BigInt(ms) * 1_000_000n;
    }
  }
  if (/^[+-]?\d+$/.test(s)) {
    const n = BigInt(s);
    return s.replace(/^[+-]/, "").length <= 10 ? n * 1_000_000_000n : n;
  }
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${(m[4] ?? "Z").toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[3] ?? "").padEnd(9, "0") || "0");
}

function timeParam(p: URLSearchParams, name: string, fallback: bigint): bigint {
  const raw = p.get(name) ?? "";
  if (raw === "") return fallback;
  const t = parseLokiTime(raw);
  if (t === undefined) throw new LokiError(`cannot parse "${raw}" to a valid timestamp`);
  return t;
}

/** Seconds (float) or a duration, in ms. */
export function parseStepMs(raw: string): number | undefined {
  const f = parseGoFloat(raw);
  if (f !== undefined) return Number.isFinite(f) ? Math.trunc(f * 1000) : undefined;
  return parseAnyDuration(raw);
}

export interface TimeRange {
  startNs: bigint;
  endNs: bigint;
}

/** start/end/since with Loki's defaults (end = now, start = end - since|defaultSince). */
export function rangeParams(p: URLSearchParams, nowNs: bigint, defaultSinceMs: number): TimeRange {
  const endNs = timeParam(p, "end", nowNs);
  const sinceRaw = p.get("since") ?? "";
  const sinceMs = sinceRaw === "" ? defaultSinceMs : parseAnyDuration(sinceRaw);
  if (sinceMs === undefined) throw new LokiError(`cannot parse "${sinceRaw}" to a valid duration`);
  const startNs = timeParam(p, "start", endNs - BigInt(sinceMs) * 1_000_000n);
  if (endNs < startNs) throw new LokiError("end timestamp must not be before or equal to start time");
  return { startNs, endNs };
}

export function limitParam(p: URLSearchParams): number {
  const raw = p.get("limit") ?? "";
  if (raw === "") return DEFAULT_LIMIT;
  if (!/^[+-]?\d+$/.test(raw)) throw new LokiError(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const limit = Number(raw);
  if (limit <= 0) throw new LokiError("limit must be a positive value");
  return limit;
}

/** Checked by the querier after parsing, and only for log queries (metric queries ignore `limit`). */
export function checkEntriesLimit(limit: number): void {
  if (limit > MAX_ENTRIES_LIMIT) {
    throw new LokiError(
      `max entries limit per query exceeded, limit > max_entries_limit (${limit} > ${MAX_ENTRIES_LIMIT})`,
    );
  }
}

export function directionParam(p: URLSearchParams): Direction {
  const raw = (p.get("direction") ?? "").toLowerCase();
  if (raw === "" || raw === "backward") return "backward";
  if (raw === "forward") return "forward";
  throw new LokiError(`invalid direction '${p.get("direction") ?? ""}'`);
}

/** Step in ms: explicit, or Loki's default max(floor(range_s / 250), 1) s; then the 11,000-point cap. */
export function stepParam(p: URLSearchParams, r: TimeRange): number {
  const raw = p.get("step") ?? "";
  const rangeMs = Number((r.endNs - r.startNs) / 1_000_000n);
  const stepMs = raw === "" ? Math.max(Math.floor(rangeMs / 1000 / 250), 1) * 1000 : parseStepMs(raw);
  if (stepMs === undefined) throw new LokiError(`cannot parse "${raw}" to a valid duration`);
  if (stepMs <= 0) {
    throw new LokiError("zero or negative query resolution step widths are not accepted. Try a positive integer");
  }
  if (Math.floor(rangeMs / stepMs) > 11000) {
    throw new LokiError(
      "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter",
    );
  }
  return stepMs;
}
