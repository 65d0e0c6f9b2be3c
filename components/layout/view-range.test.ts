import { describe, expect, it } from "vitest";
import { viewRangeOf } from "./view-range";

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const sp = (q: string) => new URLSearchParams(q);

describe("viewRangeOf", () => {
  it("resolves relative ranges against the given clock, absolute ones as written", () => {
    expect(viewRangeOf(sp(""), NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(viewRangeOf(sp("from=now-15m&to=now"), NOW)).toEqual({ from: NOW - 900_000, to: NOW });
    expect(viewRangeOf(sp(`from=${NOW - 5000}&to=${NOW - 1000}`), NOW)).toEqual({ from: NOW - 5000, to: NOW - 1000 });
  });

  it("a bad value falls back to the default (the server page reports it)", () => {
    expect(viewRangeOf(sp("from=yesterday"), NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
  });
});
