import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import {
  DEFAULT_RANGE,
  formatRange,
  MAX_RANGE_MS,
  parseRangeParams,
  pinRange,
  type RangeExpr,
  type RawRange,
  resolveRange,
} from "./range";
import { absoluteTime, relativeTime } from "./time";

const NOW = millis(Date.parse("2026-03-01T12:00:00Z"));
const T = (iso: string) => Date.parse(iso);
const abs = (iso: string) => absoluteTime(T(iso));

function ok(raw: RawRange): RangeExpr {
  const r = parseRangeParams(raw, NOW);
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r.errors)}`);
  return r.range;
}
function bad(raw: RawRange) {
  const r = parseRangeParams(raw, NOW);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.range)}`);
  // Whatever was wrong, the correction must itself be a valid range.
  expect(parseRangeParams(r.corrected, NOW).ok).toBe(true);
  return r;
}

describe("parseRangeParams", () => {
  it("defaults to the last hour", () => {
    expect(ok({})).toEqual(DEFAULT_RANGE);
    expect(resolveRange(DEFAULT_RANGE, NOW)).toEqual({ from: T("2026-03-01T11:00:00Z"), to: NOW });
  });
  it("takes Grafana's $__from/$__to (epoch ms)", () => {
    expect(ok({ from: "1772362800000", to: "1772366400000" })).toEqual({
      from: abs("2026-03-01T11:00:00Z"),
      to: abs("2026-03-01T12:00:00Z"),
    });
  });
  it("keeps relative ranges relative", () => {
    expect(ok({ from: "now-6h", to: "now-1h" })).toEqual({
      from: relativeTime(-6 * 3_600_000),
      to: relativeTime(-3_600_000),
    });
  });
  it("reads a lone from as from…now and a lone to as the hour before it", () => {
    expect(ok({ from: "now-3h" })).toEqual({ from: relativeTime(-3 * 3_600_000), to: relativeTime(0) });
    expect(ok({ to: "2026-03-01T10:00:00Z" })).toEqual({
      from: abs("2026-03-01T09:00:00Z"),
      to: abs("2026-03-01T10:00:00Z"),
    });
    expect(ok({ to: "now-2h" })).toEqual({ from: relativeTime(-3 * 3_600_000), to: relativeTime(-2 * 3_600_000) });
  });
  it("centres time + window on the time (Grafana's time/time.window convention)", () => {
    expect(ok({ time: "2026-03-01T10:00:00Z", window: "1h" })).toEqual({
      from: abs("2026-03-01T09:30:00Z"),
      to: abs("2026-03-01T10:30:00Z"),
    });
    expect(ok({ time: "1772359200", window: "10m" })).toEqual({
      from: abs("2026-03-01T09:55:00Z"),
      to: abs("2026-03-01T10:05:00Z"),
    });
    expect(ok({ time: "2026-03-01T10:00:00Z" })).toEqual({
      from: abs("2026-03-01T09:30:00Z"),
      to: abs("2026-03-01T10:30:00Z"),
    });
    expect(ok({ time: "now-2h", window: "1h" })).toEqual({
      from: relativeTime(-150 * 60_000),
      to: relativeTime(-90 * 60_000),
    });
  });
  it("reads a lone window as the last <window>", () => {
    expect(ok({ window: "15m" })).toEqual({ from: relativeTime(-15 * 60_000), to: relativeTime(0) });
  });
  it("lets from/to win over time/window, with a warning", () => {
    const r = parseRangeParams({ from: "now-2h", time: "1772359200", window: "1h" }, NOW);
    expect(r).toMatchObject({ ok: true, range: { from: { expr: "now-2h" } } });
    if (r.ok) expect(r.warnings.map((w) => w.param)).toEqual(["time", "window"]);
  });
  it("rounds the end of a range up: now-1d/d…now-1d/d is all of yesterday", () => {
    expect(resolveRange(ok({ from: "now-1d/d", to: "now-1d/d" }), NOW)).toEqual({
      from: T("2026-02-28T00:00:00Z"),
      to: T("2026-02-28T23:59:59.999Z"),
    });
  });
});

describe("parseRangeParams: errors and corrections", () => {
  it("swaps from and to when from is after to", () => {
    const r = bad({ from: "1772366400000", to: "1772362800000" });
    expect(r.errors).toEqual([
      { param: "from", message: expect.stringMatching(/is not before to/), got: "1772366400000" },
    ]);
    expect(r.corrected).toEqual({ from: "1772362800000", to: "1772366400000" });
  });
  it("starts an hour earlier when from equals to", () => {
    const r = bad({ from: "now-1h", to: "now-1h" });
    expect(r.corrected).toEqual({ from: "now-2h", to: "now-1h" });
  });
  it("replaces a future lone from with the default", () => {
    expect(bad({ from: "now+1h" }).corrected).toEqual({});
  });
  it("caps the range at 90 days, keeping its end", () => {
    const r = bad({ from: "now-100d" });
    expect(r.errors[0]).toMatchObject({ param: "from", message: expect.stringMatching(/100 days.*at most 90/) });
    expect(r.corrected).toEqual({ from: "now-90d" });
    expect(ok({ from: "now-90d" })).toBeDefined();
    const a = bad({ from: "1672531200000", to: "1772366400000" });
    expect(a.corrected).toEqual({ from: String(1772366400000 - MAX_RANGE_MS), to: "1772366400000" });
  });
  it("drops an unreadable from (the hour before to is used) and suggests fixes it can infer", () => {
    expect(bad({ from: "yesterday", to: "now-1h" }).corrected).toEqual({ to: "now-1h" });
    expect(bad({ from: "1h" }).corrected).toEqual({ from: "now-1h" });
    expect(bad({ from: "1772362800000000", to: "1772366400000" }).corrected).toEqual({
      from: "1772362800000",
      to: "1772366400000",
    });
  });
  it("re-checks a fix: an inferred from that is still after to gets fixed too", () => {
    const r = bad({ from: "2026-03-01T12:30:00", to: "2026-03-01T12:00:00Z" });
    expect(r.errors.map((e) => e.param)).toEqual(["from"]);
    expect(r.corrected).toEqual({ from: "2026-03-01T12:00:00Z", to: "2026-03-01T12:30:00Z" });
  });
  it("corrects time and window", () => {
    expect(bad({ time: "2026-02-30T10:00:00Z", window: "1h" }).corrected).toEqual({ window: "1h" });
    expect(bad({ time: "1772359200", window: "an hour" }).corrected).toEqual({ time: "1772359200" });
    expect(bad({ time: "1772359200", window: "3600000" }).corrected).toEqual({ time: "1772359200", window: "1h" });
    expect(bad({ time: "1772359200", window: "100d" }).corrected).toEqual({ time: "1772359200", window: "90d" });
    expect(bad({ time: "1772359200", window: "-1h" }).errors[0]).toMatchObject({ param: "window", got: "-1h" });
  });
  it("reports every bad parameter at once", () => {
    const r = bad({ from: "yesterday", to: "2026-13-01T00:00:00Z" });
    expect(r.errors.map((e) => e.param)).toEqual(["from", "to"]);
    expect(r.corrected).toEqual({});
  });
  it("explains an uninterpolated Grafana variable", () => {
    // The literal text Grafana leaves when a link is not rendered through a panel.
    const r = bad({ from: `$\{__from}`, to: `$\{__to}` });
    expect(r.errors[0]?.message).toMatch(/uninterpolated/);
  });
});

describe("formatRange / pinRange", () => {
  it.each<[RawRange, [string, string][]]>([
    [{}, []],
    [{ from: "now-1h", to: "now" }, []],
    [{ from: "now-6h" }, [["from", "now-6h"]]],
    [
      { from: "now-6h", to: "now-1h" },
      [
        ["from", "now-6h"],
        ["to", "now-1h"],
      ],
    ],
    [
      { to: "now-2h" },
      [
        ["from", "now-3h"],
        ["to", "now-2h"],
      ],
    ],
    [
      { from: "2026-03-01T11:00:00+01:00", to: "1772366400" },
      [
        ["from", "1772359200000"],
        ["to", "1772366400000"],
      ],
    ],
  ])("%j → %j, and back", (raw, pairs) => {
    const range = ok(raw);
    expect(formatRange(range)).toEqual(pairs);
    expect(ok(Object.fromEntries(pairs))).toEqual(range);
  });
  it("pins both ends to epoch ms", () => {
    expect(pinRange(ok({ from: "now-30m/m", to: "now" }), millis(T("2026-03-01T12:00:30Z")))).toEqual({
      from: abs("2026-03-01T11:30:00Z"),
      to: abs("2026-03-01T12:00:30Z"),
    });
  });
});
