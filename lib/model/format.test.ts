import { describe, expect, it } from "vitest";
import { formatBytes, formatClock, formatCores, formatDurationMs } from "./format";

describe("format", () => {
  const t = Date.UTC(2026, 10, 21, 22, 34, 50, 7);
  it("formats clock time in a zone, with ms and date", () => {
    expect(formatClock(t, { timeZone: "UTC" })).toBe("22:34:50");
    expect(formatClock(t, { timeZone: "UTC", ms: true })).toBe("22:34:50.007");
    expect(formatClock(t, { timeZone: "UTC", withDate: true })).toBe("2026-11-21 22:34:50");
    expect(formatClock(t, { timeZone: "Asia/Tokyo" })).toBe("07:34:50");
  });
  it("formats bytes, cores and durations", () => {
    expect(formatBytes(64 * 1024 * 1024)).toBe("64.0 MiB");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatCores(0.037)).toBe("37m");
    expect(formatCores(1.5)).toBe("1.50");
    expect(formatDurationMs(0.5)).toBe("500 µs");
    expect(formatDurationMs(1200)).toBe("1.20 s");
    expect(formatDurationMs(3 * 3600_000 + 60_000)).toBe("3h 1m");
  });
});
