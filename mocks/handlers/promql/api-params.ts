// Prometheus HTTP API parameter parsing (web/api/v1 parseTime / parseDuration), in milliseconds.
import { PromQLError } from "./ast";
import { parseGoFloat, parsePromDuration } from "./go-compat";

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function invalidParam(name: string, msg: string): PromQLError {
  return new PromQLError("bad_data", `invalid parameter "${name}": ${msg}`);
}

/** Float unix seconds (rounded to ms, as Prometheus does) or RFC3339. */
export function parseTimeMs(s: string): number | undefined {
  const f = parseGoFloat(s);
  if (f !== undefined && Number.isFinite(f)) {
    const sec = Math.trunc(f);
    return sec * 1000 + Math.round((f - sec) * 1000);
  }
  if (RFC3339.test(s)) {
    const ms = Date.parse(s.toUpperCase());
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

export function timeParam(params: URLSearchParams, name: string, fallback?: number): number {
  const raw = params.get(name);
  if ((raw === null || raw === "") && fallback !== undefined) return fallback;
  const ms = parseTimeMs(raw ?? "");
  if (ms === undefined) throw invalidParam(name, `cannot parse "${raw ?? ""}" to a valid timestamp`);
  return ms;
}

export function durationParam(params: URLSearchParams, name: string): number {
  const raw = params.get(name) ?? "";
  const f = parseGoFloat(raw);
  if (f !== undefined && Number.isFinite(f)) return Math.trunc(f * 1000);
  const d = parsePromDuration(raw);
  if (d === undefined) throw invalidParam(name, `cannot parse "${raw}" to a valid duration`);
  return d;
}

export interface RangeParams {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** Same checks, messages and order as Prometheus 2.42's queryRange handler. */
export function rangeParams(params: URLSearchParams): RangeParams {
  const startMs = timeParam(params, "start");
  const endMs = timeParam(params, "end");
  if (endMs < startMs) throw invalidParam("end", "end timestamp must not be before start time");
  const stepMs = durationParam(params, "step");
  if (stepMs <= 0) {
    throw invalidParam(
      "step",
      "zero or negative query resolution step widths are not accepted. Try a positive integer",
    );
  }
  if (Math.floor((endMs - startMs) / stepMs) > 11000) {
    throw new PromQLError(
      "bad_data",
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
    );
  }
  return { startMs, endMs, stepMs };
}
