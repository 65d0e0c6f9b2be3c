import { describe, expect, it } from "vitest";
import { parseLogLine } from "../model/log-parse";
import { compileTracePattern } from "../model/trace-pattern";
import { type Millis, millis, secondsToMillis } from "../model/time";
import { fixtureContainer, lokiTraceIdStreams, podmanContainers, promExemplars } from "./fixtures.test-helper";
import type { Detection, JaegerMapping, LokiMapping, PrometheusMapping } from "./mapping";
import { formatHref, type Pivot } from "./pivot-href";
import {
  containerToLogs,
  containerToMetrics,
  containerToTraces,
  exemplarToTrace,
  logLineToTrace,
  rangeToLogs,
  rangeToTraces,
  spanToLogs,
  spanToMetrics,
} from "./pivots";
import { makeSpan, TRACE_ID } from "./spans.test-helper";

const PAYMENTS = fixtureContainer("shop-payments-1");
const ALL = podmanContainers();
const RANGE = { from: millis(1_795_300_408_000), to: millis(1_795_300_588_000) };

const found = <M>(mapping: M): Detection<M> => ({ kind: "mapping", mapping, evidence: "test", source: "detected" });
const PROM = found<PrometheusMapping>({ convention: "cadvisor", label: "name", key: "name" });
const LOKI = found<LokiMapping>({ label: "container", key: "name" });
const JAEGER = found<JaegerMapping>({ attribute: "host.name", key: "shortId", service: "payments" });
const LOKI_REASON: Detection<LokiMapping> = {
  kind: "reason",
  backend: "loki",
  message: "Loki has no label that matches container `shop-payments-1`; labels seen: job, host",
  labelsSeen: ["job", "host"],
  suggestion: "relabel",
};

function asLink(p: Pivot) {
  if (p.kind !== "link") throw new Error(`expected a link, got: ${p.message}`);
  expect(p.href).toBe(formatHref(p.target));
  return p;
}

describe("container → metrics / logs / traces", () => {
  it("metrics link carries the CPU query and the range", () => {
    const p = asLink(containerToMetrics(PAYMENTS, PROM, RANGE));
    expect(p.href).toBe("/containers/shop-payments-1?from=1795300408000&to=1795300588000&tab=metrics");
    expect(p.query).toContain('container_cpu_usage_seconds_total{name="shop-payments-1",cpu="total"}');
    expect(p.range).toEqual(RANGE);
  });
  it("logs link carries the selector; without a range, no from/to", () => {
    const p = asLink(containerToLogs(PAYMENTS, LOKI));
    expect(p.href).toBe("/containers/shop-payments-1?tab=logs");
    expect(p.query).toBe('{container="shop-payments-1"}');
  });
  it("traces link", () => {
    expect(asLink(containerToTraces(PAYMENTS, JAEGER, RANGE)).target).toEqual({
      path: "/containers/shop-payments-1",
      params: { from: "1795300408000", to: "1795300588000", tab: "traces" },
    });
  });
  it("detection reason is passed through, message and suggestion intact", () => {
    expect(containerToLogs(PAYMENTS, LOKI_REASON)).toBe(LOKI_REASON);
  });
  it("backend not configured → reason naming the variable", () => {
    expect(containerToMetrics(PAYMENTS, undefined)).toEqual({
      kind: "reason",
      message: "Prometheus is not configured.",
      suggestion: "Set PROMETHEUS_URL.",
    });
    expect(containerToTraces(PAYMENTS, undefined)).toMatchObject({ suggestion: "Set JAEGER_URL." });
  });
  it("mapping needs a key the container lacks → reason", () => {
    expect(containerToTraces({ name: "solo" }, JAEGER)).toMatchObject({ kind: "reason" });
  });
  it("the path segment is URI-encoded", () => {
    const p = asLink(containerToLogs({ name: "we ird/name?#" }, LOKI));
    expect(p.target.path).toBe("/containers/we%20ird%2Fname%3F%23");
  });
});

describe("time range → logs and traces", () => {
  it("links carry the selected range", () => {
    expect(asLink(rangeToLogs(PAYMENTS, RANGE, LOKI)).href).toBe(
      "/containers/shop-payments-1?from=1795300408000&to=1795300588000&tab=logs",
    );
    expect(asLink(rangeToTraces(PAYMENTS, RANGE, JAEGER)).target.params.tab).toBe("traces");
  });
  it("fractional ms are widened outwards", () => {
    const p = asLink(rangeToLogs(PAYMENTS, { from: 1000.7 as Millis, to: 2000.2 as Millis }, LOKI));
    expect(p.target.params).toMatchObject({ from: "1000", to: "2001" });
  });
  it("an empty or reversed range → reason", () => {
    expect(rangeToLogs(PAYMENTS, { from: RANGE.to, to: RANGE.from }, LOKI)).toMatchObject({ kind: "reason" });
    expect(rangeToTraces(PAYMENTS, { from: RANGE.from, to: RANGE.from }, JAEGER)).toMatchObject({ kind: "reason" });
  });
});

describe("exemplar → trace", () => {
  it("every recorded exemplar (trace_id/span_id labels) opens its trace", () => {
    const series = promExemplars();
    expect(series.length).toBeGreaterThan(0);
    for (const s of series.slice(0, 5)) {
      for (const e of s.exemplars.slice(0, 3)) {
        const p = asLink(
          exemplarToTrace({
            seriesLabels: s.seriesLabels,
            labels: e.labels,
            at: secondsToMillis(e.timestamp),
            value: Number(e.value),
          }),
        );
        expect(p.href).toBe(`/traces/${e.labels.trace_id}?spanId=${e.labels.span_id}`);
      }
    }
  });
  it("uses the parsed traceId when the backend set it, padding 16-char IDs", () => {
    const p = asLink(
      exemplarToTrace({ seriesLabels: {}, labels: {}, at: millis(0), value: 1, traceId: "00f067aa0ba902b7" }),
    );
    expect(p.target.path).toBe(`/traces/${"00f067aa0ba902b7".padStart(32, "0")}`);
  });
  it("no trace ID → reason listing the exemplar's labels", () => {
    const r = exemplarToTrace({ seriesLabels: {}, labels: { user: "x" }, at: millis(0), value: 1 });
    expect(r).toMatchObject({ kind: "reason", message: expect.stringContaining("user") });
  });
});

describe("log line → trace", () => {
  it("each recorded format (logfmt, JSON, Spring) found in Loki leads to the same trace", () => {
    const streams = lokiTraceIdStreams();
    const seen = new Set<string>();
    for (const s of streams) {
      const [, line] = s.values[0] ?? ["", ""];
      const parsed = parseLogLine(line, {}, s.stream);
      const p = asLink(logLineToTrace(parsed));
      expect(p.target.path).toBe("/traces/2c4d87704d15565aa38c99f600db6813");
      expect(p.target.params.spanId).toMatch(/^[0-9a-f]{16}$/);
      seen.add(s.stream.compose_service ?? "");
    }
    expect([...seen].sort()).toEqual(["cart", "frontend", "payments"]);
  });
  it("W3C traceparent and structured metadata", () => {
    const tp = parseLogLine(`done traceparent=00-${TRACE_ID}-00f067aa0ba902b7-01`, {}, {});
    expect(asLink(logLineToTrace(tp)).href).toBe(`/traces/${TRACE_ID}?spanId=00f067aa0ba902b7`);
    const sm = parseLogLine("plain", { trace_id: TRACE_ID }, {});
    expect(asLink(logLineToTrace(sm)).href).toBe(`/traces/${TRACE_ID}`);
  });
  it("an extra traceIdPatterns regex from the correlation file", () => {
    const parsed = parseLogLine(`req=${TRACE_ID} ok`, {}, {}, [compileTracePattern("req=(?<traceId>[0-9a-f]{32})")]);
    expect(asLink(logLineToTrace(parsed)).target.path).toBe(`/traces/${TRACE_ID}`);
  });
  it("no trace ID (the cart's bare `Terminated` line) → reason with a suggestion", () => {
    const r = logLineToTrace(parseLogLine("Terminated", {}, {}));
    expect(r).toMatchObject({ kind: "reason", suggestion: expect.stringContaining("traceIdPatterns") });
  });
});

describe("span → logs", () => {
  const span = makeSpan("payments", { "host.name": "30d8c784ea3f" });
  it("links to the span's container, ±30 s, with traceId and spanId", () => {
    const p = asLink(spanToLogs(span, ALL, LOKI));
    const start = 1_795_300_490_000;
    expect(p.range).toEqual({ from: start - 30_000, to: start + 210 + 30_000 });
    expect(p.href).toBe(
      `/containers/shop-payments-1?from=${start - 30_000}&to=${start + 30_210}&tab=logs&traceId=${TRACE_ID}&spanId=${span.spanId}`,
    );
    expect(p.query).toBe('{container="shop-payments-1"}');
  });
  it("honours the configured margin", () => {
    expect(asLink(spanToLogs(span, ALL, LOKI, 2000)).range).toEqual({ from: 1_795_300_488_000, to: 1_795_300_492_210 });
  });
  it("span of an unknown container → reason", () => {
    expect(spanToLogs(makeSpan("billing", {}), ALL, LOKI)).toMatchObject({
      kind: "reason",
      suggestion: expect.any(String),
    });
  });
  it("Loki unmapped or not configured → reason", () => {
    expect(spanToLogs(span, ALL, LOKI_REASON)).toBe(LOKI_REASON);
    expect(spanToLogs(span, ALL, undefined)).toMatchObject({ message: "Loki is not configured." });
  });
});

describe("span → metrics", () => {
  it("links to the container's metrics ±2 min around the span", () => {
    const p = asLink(spanToMetrics(makeSpan("x", { "container.id": PAYMENTS.id }), ALL, PROM));
    expect(p.target.params).toMatchObject({ tab: "metrics", from: String(1_795_300_490_000 - 120_000) });
    expect(p.label).toMatch(/around this span/);
  });
  it("unknown container or no Prometheus → reason", () => {
    expect(spanToMetrics(makeSpan("billing", {}), ALL, PROM)).toMatchObject({ kind: "reason" });
    expect(spanToMetrics(makeSpan("cart", {}), ALL, undefined)).toMatchObject({
      message: "Prometheus is not configured.",
    });
  });
});
