import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import { formatDuration, parseDuration } from "./duration";
import {
  formatTimeParam,
  parseTimeParam,
  relativeTime,
  resolveTime,
  shiftTime,
  type TimeExpr,
  type TimeParseResult,
} from "./time";

// Sunday 2026-03-01 12:34:56.789Z: not on a minute boundary, so rounding shows.
const NOW = millis(Date.parse("2026-03-01T12:34:56.789Z"));
const at = (iso: string) => Date.parse(iso);

function ok(raw: string): TimeExpr {
  const r = parseTimeParam(raw, NOW);
  if (!r.ok) throw new Error(`expected ${raw} to parse: ${r.message}`);
  return r.value;
}
function bad(raw: string): Extract<TimeParseResult, { ok: false }> {
  const r = parseTimeParam(raw, NOW);
  if (r.ok) throw new Error(`expected ${raw} to fail, got ${JSON.stringify(r.value)}`);
  return r;
}

describe("parseTimeParam: absolute", () => {
  it.each([
    ["1772366400000", "2026-03-01T12:00:00.000Z"], // epoch ms, 13 digits (Grafana ${__from})
    ["1772366400", "2026-03-01T12:00:00.000Z"], // epoch s
    ["1772366400.123", "2026-03-01T12:00:00.123Z"], // fractional epoch s
    ["1772366400.5", "2026-03-01T12:00:00.500Z"],
    ["1772366400000.4", "2026-03-01T12:00:00.000Z"], // fractional ms rounds
    ["0", "1970-01-01T00:00:00.000Z"],
    ["2026-03-01T12:00:00Z", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01T14:00:00+02:00", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01T07:30:00-04:30", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01T12:00:00.123456789Z", "2026-03-01T12:00:00.123Z"], // nanosecond fraction truncated
    ["2026-03-01T12:00:00.1+00:00", "2026-03-01T12:00:00.100Z"],
    ["2026-03-01t12:00:00z", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01 12:00:00Z", "2026-03-01T12:00:00.000Z"],
    ["  2026-03-01T12:00:00Z ", "2026-03-01T12:00:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"], // leap day
    // Go's time.Time String(), what Alertmanager templates print by default
    ["2026-03-01 12:00:00.5 +0000 UTC", "2026-03-01T12:00:00.500Z"],
    ["2026-03-01 13:00:00 +0100 CET", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01 15:00:00 +0300 +03", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01 12:00:00.1 +0000 UTC m=+0.000000001", "2026-03-01T12:00:00.100Z"],
  ])("%s → %s", (raw, iso) => {
    expect(ok(raw)).toEqual({ kind: "absolute", ms: at(iso) });
  });
});

describe("parseTimeParam: relative", () => {
  it.each([
    ["now", 0, undefined, undefined],
    ["now-1h", -3_600_000, undefined, undefined],
    ["now-30m", -1_800_000, undefined, undefined],
    ["now-45s", -45_000, undefined, undefined],
    ["now-7d", -7 * 86_400_000, undefined, undefined],
    ["now-2w", -14 * 86_400_000, undefined, undefined],
    ["now+5m", 300_000, undefined, undefined],
    ["now-30m/m", -1_800_000, undefined, "m"],
    ["now/d", 0, undefined, "d"],
    ["now-1M", 0, -1, undefined],
    ["now-1y/y", 0, -12, "y"],
  ] as const)("%s", (raw, offsetMs, offsetMonths, roundTo) => {
    const v = ok(raw);
    expect(v).toEqual({ kind: "relative", expr: raw, offsetMs, offsetMonths, roundTo });
    expect(formatTimeParam(v)).toBe(raw);
  });

  it("reads `now 5m` as now+5m: an unencoded + decodes to a space", () => {
    expect(ok("now 5m")).toMatchObject({ expr: "now+5m", offsetMs: 300_000 });
  });

  it("resolves against now, rounding down for from and up for to (Grafana)", () => {
    expect(resolveTime(ok("now-1h"), NOW)).toBe(at("2026-03-01T11:34:56.789Z"));
    expect(resolveTime(ok("now-30m/m"), NOW)).toBe(at("2026-03-01T12:04:00.000Z"));
    expect(resolveTime(ok("now-30m/m"), NOW, { roundUp: true })).toBe(at("2026-03-01T12:04:59.999Z"));
    expect(resolveTime(ok("now-1d/d"), NOW)).toBe(at("2026-02-28T00:00:00.000Z"));
    expect(resolveTime(ok("now-1d/d"), NOW, { roundUp: true })).toBe(at("2026-02-28T23:59:59.999Z"));
    expect(resolveTime(ok("now/h"), NOW)).toBe(at("2026-03-01T12:00:00.000Z"));
    expect(resolveTime(ok("now/w"), NOW)).toBe(at("2026-02-23T00:00:00.000Z")); // ISO week: Monday
    expect(resolveTime(ok("now/M"), NOW, { roundUp: true })).toBe(at("2026-03-31T23:59:59.999Z"));
    expect(resolveTime(ok("now-1y/y"), NOW)).toBe(at("2025-01-01T00:00:00.000Z"));
  });

  it("subtracts calendar months, clamping the day like Grafana", () => {
    const endOfMarch = millis(at("2026-03-31T10:00:00Z"));
    expect(resolveTime(ok("now-1M"), endOfMarch)).toBe(at("2026-02-28T10:00:00Z"));
    expect(resolveTime(ok("now-13M"), endOfMarch)).toBe(at("2025-02-28T10:00:00Z"));
    expect(resolveTime(ok("now-1y"), millis(at("2024-02-29T00:00:00Z")))).toBe(at("2023-02-28T00:00:00Z"));
  });
});

describe("parseTimeParam: rejects with a reason", () => {
  it.each([
    ["yesterday", /not a time/],
    ["now-1x", /unknown unit "x"/],
    ["now-1H", /unknown unit "H"/],
    ["now-1", /not a relative time/],
    ["now/q", /rounding unit/],
    ["now-", /not a relative time/],
    ["2026-13-01", /month 13/],
    ["2026-13-01T00:00:00Z", /month 13/],
    ["2026-02-30T00:00:00Z", /day 30 .*01-28/],
    ["2026-03-01T24:00:00Z", /time of day/],
    ["2026-03-01T12:60:00Z", /time of day/],
    ["2026-03-01T12:00:00+25:00", /UTC offset/],
    ["-1000", /negative/],
    ["-1", /negative/],
    ["", /empty/],
    ["   ", /empty/],
    [`$\{__from}`, /uninterpolated template variable/],
    ["$__from", /uninterpolated/],
    ["{{ .StartsAt }}", /uninterpolated/],
    ["12345678901234", /14 digits/],
    ["1772366400000000000000", /digits/],
    ["1e12", /not a time/],
    ["0x10", /not a time/],
    ["1900-01-01T00:00:00Z", /after 1970/],
    ["2099-01-01T00:00:00Z", /more than a year in the future/],
    ["99999999999", /more than a year in the future/],
    ["now-999999999w", /100 years/],
  ])("%s", (raw, re) => {
    expect(bad(raw).message).toMatch(re);
  });

  it.each([
    ["1h", "now-1h"],
    ["-30m", "now-30m"],
    ["1772366400000000", "1772366400000"], // microseconds (Jaeger)
    ["1772366400000000000", "1772366400000"], // nanoseconds (Loki)
    ["2026-03-01", "2026-03-01T00:00:00Z"],
    ["2026-03-01T12:00:00", "2026-03-01T12:00:00Z"],
    ["2026-03-01T12:00", "2026-03-01T12:00:00Z"],
  ])("%s suggests %s", (raw, suggestion) => {
    const r = bad(raw);
    expect(r.suggestion).toBe(suggestion);
    expect(parseTimeParam(suggestion, NOW).ok).toBe(true);
  });
});

describe("formatTimeParam / relativeTime / shiftTime", () => {
  it("writes absolute times as epoch ms, whatever they were parsed from", () => {
    for (const raw of ["1772366400", "2026-03-01T14:00:00+02:00", "1772366400000"]) {
      expect(formatTimeParam(ok(raw))).toBe("1772366400000");
      expect(ok(formatTimeParam(ok(raw)))).toEqual(ok(raw));
    }
  });
  it("builds canonical relative exprs with the largest exact unit", () => {
    expect(relativeTime(-3_600_000).expr).toBe("now-1h");
    expect(relativeTime(-5_400_000).expr).toBe("now-90m");
    expect(relativeTime(-14 * 86_400_000).expr).toBe("now-2w");
    expect(relativeTime(90_000).expr).toBe("now+90s");
    expect(relativeTime(0)).toEqual({ kind: "relative", expr: "now", offsetMs: 0 });
    expect(relativeTime(-1_800_000, "m")).toEqual(ok("now-30m/m"));
    expect(Object.is(relativeTime(-0.2).offsetMs, 0)).toBe(true);
  });
  it("shifts relative times relatively and rounded ones absolutely", () => {
    expect(shiftTime(ok("now-2h"), -1_800_000, NOW)).toEqual(ok("now-150m"));
    expect(shiftTime(ok("1772366400000"), 60_000, NOW)).toEqual(ok("1772366460000"));
    expect(shiftTime(ok("now/d"), -3_600_000, NOW)).toEqual({ kind: "absolute", ms: at("2026-02-28T23:00:00Z") });
  });
});

describe("Go durations", () => {
  it.each([
    ["1h", 3_600_000],
    ["30m", 1_800_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["90s", 90_000],
    ["500ms", 500],
    ["1d", 86_400_000],
    ["2w", 14 * 86_400_000],
    ["1m30s250ms", 90_250],
  ])("%s = %d ms", (raw, ms) => {
    expect(parseDuration(raw)).toEqual({ ok: true, ms });
  });
  it.each([
    ["", /empty/],
    ["-1h", /negative/],
    ["1x", /not a duration/],
    ["h", /not a duration/],
    ["0s", /zero/],
    ["1h 30m", /not a duration/],
  ])("rejects %j", (raw, re) => {
    const r = parseDuration(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(re);
  });
  it("names the unit a bare number is missing", () => {
    expect(parseDuration("30")).toMatchObject({ ok: false, suggestion: "30s" });
  });
  it("formats compactly and parses back", () => {
    for (const ms of [1000, 60_000, 5_400_000, 86_400_000, 90_250, 3_723_000]) {
      const s = formatDuration(ms);
      expect(parseDuration(s)).toEqual({ ok: true, ms });
    }
    expect(formatDuration(5_400_000)).toBe("1h30m");
  });
});
