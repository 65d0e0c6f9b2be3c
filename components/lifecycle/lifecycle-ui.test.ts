import { describe, expect, it } from "vitest";
import type { LifecycleResponse } from "@/lib/model/lifecycle";
import type { LogLine } from "@/lib/model/logs";
import { asNanosString, millis } from "@/lib/model/time";
import { interleave, logSeparators } from "../logs/lifecycle-separators";
import { lifecycleMarkers } from "../metrics/lifecycle-markers";

const T = Date.UTC(2026, 11, 5, 14, 3, 10);
const res: LifecycleResponse = {
  containerId: "a".repeat(64),
  events: [
    { at: millis(T - 600_000), kind: "health", sources: ["docker"], health: "healthy" },
    { at: millis(T - 60_000), kind: "health", sources: ["docker"], health: "unhealthy" },
    { at: millis(T), kind: "exit", sources: ["podman"], exitCode: 137 },
    { at: millis(T + 1500), kind: "start", sources: ["podman", "prometheus"] },
    { at: millis(T + 9000), kind: "exit", sources: ["docker"], exitCode: 0, otherContainer: true },
  ],
  exits: [
    {
      at: millis(T),
      exitCode: 137,
      label: "likely OOM killed",
      explanation: "",
      oom: true,
      evidence: [],
      lastLogs: [],
    },
  ],
  summary: { restarts: 1, restartsAt: [millis(T + 1500)], oomKills: 1, exits: 1, text: "" },
  gaps: [],
  errors: [],
};

describe("lifecycle markers", () => {
  it("one marker per exit, restart and failed health check; none for healthy or another container", () => {
    const m = lifecycleMarkers(res);
    expect(m.map((x) => [x.kind, x.icon])).toEqual([
      ["health", "♥"],
      ["exit", "✖"],
      ["restart", "↻"],
    ]);
    expect(m[1]?.title).toMatch(/^☠ likely OOM killed \(exit 137\) · \d\d:\d\d:\d\d · from podman$/);
    expect(m[2]?.title).toMatch(/restarted · .* · from podman \+ prometheus$/);
  });
});

describe("log separators", () => {
  const line = (at: number): LogLine =>
    ({
      key: String(at),
      ts: asNanosString(`${at}000000`),
      at: millis(at),
      line: "x",
      level: "info",
      stream: {},
      structuredMetadata: {},
      fields: {},
    }) as unknown as LogLine;

  it("says when it restarted and why the old process stopped", () => {
    const s = logSeparators(res);
    expect(s).toHaveLength(1);
    expect(s[0]?.text).toMatch(/^— restarted \d\d:\d\d:\d\d, exit 137 \(likely OOM killed\) —$/);
  });

  it("goes between the new process' lines and the old one's, newest first", () => {
    const rows = interleave([line(T + 5000), line(T + 2000), line(T - 1000), line(T - 3000)], logSeparators(res));
    expect(rows.map((r) => (r.kind === "sep" ? "sep" : r.line.at - T))).toEqual([5000, 2000, "sep", -1000, -3000]);
  });

  it("waits for older pages when the separator is older than every loaded line", () => {
    const rows = interleave([line(T + 5000)], logSeparators(res));
    expect(rows.map((r) => r.kind)).toEqual(["line"]);
  });

  it("a stop without a restart reads as stopped", () => {
    const s = logSeparators({ ...res, summary: { ...res.summary, restarts: 0, restartsAt: [] } });
    expect(s[0]?.text).toMatch(/^— stopped /);
  });
});
