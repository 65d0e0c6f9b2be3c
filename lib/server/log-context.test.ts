import { describe, expect, it } from "vitest";
import type { Backends } from "../backends/factory";
import type { LogQueryParams, LogsBackend } from "../backends/types";
import type { LogLine } from "../model/logs";
import { asNanosString, nanosToMillis } from "../model/time";
import { logContext } from "./log-context";

const line = (ns: string, text: string): LogLine => {
  const ts = asNanosString(ns);
  return {
    ts,
    at: nanosToMillis(ts),
    stream: { container: "c" },
    structuredMetadata: {},
    line: text,
    level: "info",
    fields: {},
    key: `${ns}`,
  };
};

describe("logContext", () => {
  it("asks Loki both ways from the line on its exact stream, and merges without duplicates", async () => {
    const calls: LogQueryParams[] = [];
    const logs = {
      async queryRange(p: LogQueryParams) {
        calls.push(p);
        return p.direction === "backward"
          ? {
              lines: [line("1795300414000000003", "the line"), line("1795300413000000000", "before")],
              truncated: false,
              limit: p.limit,
            }
          : {
              lines: [line("1795300414000000003", "the line"), line("1795300415000000000", "after")],
              truncated: false,
              limit: p.limit,
            };
      },
    } as unknown as LogsBackend;
    const r = await logContext({ logs, engines: [] } satisfies Backends, asNanosString("1795300414000000003"), {
      container: "c",
      job: 'we"ird',
    });
    expect(r.lines.map((l) => l.line)).toEqual(["before", "the line", "after"]);
    expect(r.selector).toBe('{container="c",job="we\\"ird"}');
    expect(calls.map((c) => c.direction).sort()).toEqual(["backward", "forward"]);
    expect(calls.every((c) => c.query === r.selector)).toBe(true);
  });
  it("gives a reason for a line without stream labels", async () => {
    const logs = { queryRange: async () => ({ lines: [], truncated: false, limit: 1 }) } as unknown as LogsBackend;
    const r = await logContext({ logs, engines: [] }, asNanosString("1"), {});
    expect(r.reason).toMatch(/no stream labels/);
  });
});
