import { describe, expect, it } from "vitest";
import type { Backends } from "../backends/factory";
import type { LogQueryParams, LogsBackend } from "../backends/types";
import type { Container } from "../model/container";
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

const C = { name: "c", id: "a".repeat(64), shortId: "a".repeat(12), labels: {} } as unknown as Container;
// What the Loki probe reads (lib/server/correlate): the container label carries container names.
const probe = {
  labels: async () => ["container", "job"],
  labelValues: async (l: string) => (l === "container" ? ["c", "other"] : ["podman"]),
};

describe("logContext", () => {
  it("asks Loki both ways from the line on its exact stream, and merges without duplicates", async () => {
    const calls: LogQueryParams[] = [];
    const logs = {
      ...probe,
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
    const r = await logContext({ logs, engines: [] } satisfies Backends, C, asNanosString("1795300414000000003"), {
      container: "c",
      job: 'we"ird',
    });
    expect(r.lines.map((l) => l.line)).toEqual(["before", "the line", "after"]);
    expect(r.selector).toBe('{container="c",job="we\\"ird"}');
    expect(calls.map((c) => c.direction).sort()).toEqual(["backward", "forward"]);
    expect(calls.every((c) => c.query === r.selector)).toBe(true);
  });
  it("leaves out structured metadata that Loki merged into the line's labels (trace_id…)", async () => {
    const calls: LogQueryParams[] = [];
    const logs = {
      ...probe,
      async queryRange(p: LogQueryParams) {
        calls.push(p);
        return { lines: [line("1795300414000000003", "the line")], truncated: false, limit: p.limit };
      },
    } as unknown as LogsBackend;
    const r = await logContext({ logs, engines: [] } satisfies Backends, C, asNanosString("1795300414000000003"), {
      container: "c",
      job: "podman",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "00f067aa0ba902b7",
    });
    expect(r.selector).toBe('{container="c",job="podman"}');
    expect(calls.every((c) => !c.query.includes("trace_id"))).toBe(true);
  });
  it("never queries another container's stream, whatever labels the client sends", async () => {
    const calls: LogQueryParams[] = [];
    const logs = {
      ...probe,
      async queryRange(p: LogQueryParams) {
        calls.push(p);
        return { lines: [], truncated: false, limit: p.limit };
      },
    } as unknown as LogsBackend;
    const b = { logs, engines: [] } satisfies Backends;
    // Before: these labels became the whole selector and read the other container (or every stream).
    const other = await logContext(b, C, asNanosString("1"), { container: "other" });
    expect(other.reason).toMatch(/not this container/);
    expect(calls).toEqual([]);
    const narrowed = await logContext(b, C, asNanosString("1"), { job: "podman" });
    expect(narrowed.selector).toBe('{container="c",job="podman"}');
    expect(calls.every((c) => c.query === '{container="c",job="podman"}')).toBe(true);
  });
});
