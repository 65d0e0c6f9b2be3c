// Go-style durations (`1h30m`, `90s`, `1.5h`, `500ms`) for `window=` and `refresh=`, plus
// Prometheus' `d` and `w` because alert authors write `window=1d`.
import type { Millis } from "../model/time";
import { millis } from "../model/time";

export type DurationParseResult = { ok: true; ms: Millis } | { ok: false; message: string; suggestion?: string };

const FACTOR: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g;

export function parseDuration(raw: string): DurationParseResult {
  const s = raw.trim();
  if (s === "") return { ok: false, message: "is empty" };
  if (/^\d+$/.test(s)) {
    // A bare number is ambiguous (Grafana means ms, people mean s); name the fix instead.
    return { ok: false, message: `"${s}" has no unit; write e.g. ${s}s or ${s}m`, suggestion: `${s}s` };
  }
  if (s.startsWith("-")) return { ok: false, message: `"${s}" is negative; durations must be positive` };
  if (!DURATION_RE.test(s)) return { ok: false, message: `"${s}" is not a duration; use e.g. 30s, 5m, 1h, 1h30m` };
  let ms = 0;
  for (const [, n, unit] of s.matchAll(PART_RE)) ms += Number(n) * (FACTOR[unit ?? ""] ?? 0);
  if (ms <= 0) return { ok: false, message: `"${s}" is zero; durations must be positive` };
  return { ok: true, ms: millis(Math.round(ms)) };
}

/** Compact Go-like form without zero parts: 5_400_000 → `1h30m`, 1500 → `1s500ms`. */
export function formatDuration(ms: Millis | number): string {
  let rest = Math.round(ms);
  if (rest <= 0) return "0s";
  let out = "";
  for (const [unit, f] of [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ] as const) {
    const n = Math.floor(rest / f);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * f;
  }
  return out;
}
