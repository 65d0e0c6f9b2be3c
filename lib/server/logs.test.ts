// containerLogs orchestration with a fake Loki: which queries it makes for a page, a "load
// older" page and a span → logs focus, and what the response carries (the correlation file's
// patterns applied, the trace pivot).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type CorrelationConfig, correlationConfigSchema } from "../correlation/overrides";
import { asNanosString, millis } from "../model/time";
import { backends, container, fakeLoki, logLine } from "./fake-backends.test-helper";

const cfg = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("./correlation-config", async () => {
  const { compileTracePattern } = await import("../model/trace-pattern");
  return {
    loadCorrelationConfig: async () => {
      const config = cfg.current as CorrelationConfig;
      return { config, patterns: config.traceIdPatterns.map((p) => compileTracePattern(p)) };
    },
  };
});

import { containerLogs } from "./logs";

const C = container("shop-cart-1");
const RANGE = { from: millis(1_795_300_000_000), to: millis(1_795_300_600_000) };
const TRACE = "2c4d87704d15565aa38c99f600db6813";

beforeEach(() => {
  cfg.current = correlationConfigSchema.parse({ loki: { label: "ctr_name", key: "name" } });
});

describe("containerLogs", () => {
  it("first page: newest first within the range, volume alongside, the trace pivot in the response", async () => {
    const loki = fakeLoki(() => ({ lines: [logLine("1795300500000000000", "hello")], truncated: true }));
    const r = await containerLogs(backends({ logs: loki }), C, { range: RANGE, qmode: "substring", limit: 2 });
    expect(loki.calls).toEqual([{ query: '{ctr_name="shop-cart-1"}', range: RANGE, limit: 2, direction: "backward" }]);
    expect(loki.metricQueries).toHaveLength(1);
    expect(loki.metricQueries[0]).toContain('ctr_name="shop-cart-1"');
    expect(r).toMatchObject({ truncated: true, limit: 2, selector: '{ctr_name="shop-cart-1"}' });
    expect(r.tracePivot).toEqual({ kind: "item", label: "Open trace", target: { view: "trace" }, marginMs: 300_000 });
  });

  it("load older: asks up to just past `before` and drops lines at or after it, so no line repeats", async () => {
    const before = asNanosString("1795300400000000500");
    const loki = fakeLoki(() => ({
      lines: [logLine("1795300400000000500", "already shown"), logLine("1795300400000000499", "older")],
    }));
    const r = await containerLogs(backends({ logs: loki }), C, {
      range: RANGE,
      qmode: "substring",
      limit: 100,
      before,
    });
    expect(loki.calls[0]?.range).toEqual({ from: RANGE.from, to: 1_795_300_400_001 });
    expect(r.lines.map((l) => l.line)).toEqual(["older"]);
    // Later pages need no volume chart.
    expect(loki.metricQueries).toEqual([]);
  });

  it("the correlation file's traceIdPatterns give lines their trace ID", async () => {
    cfg.current = correlationConfigSchema.parse({
      loki: { label: "ctr_name", key: "name" },
      traceIdPatterns: ["request_trace=(?<traceId>[0-9a-f]{32})"],
    });
    const loki = fakeLoki(() => ({ lines: [logLine("1795300500000000000", `ok request_trace=${TRACE}`)] }));
    const r = await containerLogs(backends({ logs: loki }), C, { range: RANGE, qmode: "substring", limit: 10 });
    expect(r.lines[0]?.traceId).toBe(TRACE);
  });

  it("span → logs: the trace's lines are fetched too, the span's own lines first", async () => {
    const loki = fakeLoki((p) =>
      p.direction === "forward"
        ? {
            lines: [
              logLine("1795300500000000001", "other span", { traceId: TRACE, spanId: "00000000000000aa" }),
              logLine("1795300500000000002", "this span", { traceId: TRACE, spanId: "00000000000000bb" }),
            ],
          }
        : { lines: [] },
    );
    const r = await containerLogs(backends({ logs: loki }), C, {
      range: RANGE,
      qmode: "substring",
      limit: 10,
      traceId: TRACE,
      spanId: "00000000000000bb",
    });
    const focus = loki.calls.find((c) => c.direction === "forward");
    expect(focus?.query).toContain(TRACE);
    expect(r.focus?.map((l) => l.line)).toEqual(["this span", "other span"]);
  });

  it("a failing volume query does not fail the page", async () => {
    const loki = fakeLoki(() => ({ lines: [logLine("1795300500000000000", "x")] }), {
      queryRangeMetric: async () => {
        throw new Error("loki: 500");
      },
    });
    const r = await containerLogs(backends({ logs: loki }), C, { range: RANGE, qmode: "substring", limit: 10 });
    expect(r.lines).toHaveLength(1);
    expect(r.volume).toBeUndefined();
  });

  it("a user filter becomes a line filter in the query", async () => {
    const loki = fakeLoki(() => ({ lines: [] }));
    await containerLogs(backends({ logs: loki }), C, { range: RANGE, q: "timeout", qmode: "substring", limit: 10 });
    expect(loki.calls[0]?.query).toBe('{ctr_name="shop-cart-1"} |= "timeout"');
  });

  it("without Loki: a config error naming LOKI_URL", async () => {
    await expect(containerLogs(backends({}), C, { range: RANGE, qmode: "substring", limit: 10 })).rejects.toThrow(
      /LOKI_URL/,
    );
  });
});
