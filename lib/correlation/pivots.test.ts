// The pivot rules on the live path: decisions from ./pivots, formatted by lib/url/pivots the
// way lib/server does before they go into the API.
import { describe, expect, it } from "vitest";
import { toExemplars } from "../backends/prometheus/to-model";
import { parseLogLine } from "../model/log-parse";
import type { Pivot, PivotLink } from "../model/pivot";
import { type Millis, millis } from "../model/time";
import { compileTracePattern } from "../model/trace-pattern";
import { itemHref, pivotLink } from "../url/pivots";
import { fixtureContainer, lokiTraceIdStreams, promExemplars } from "./fixtures.test-helper";
import type { Detection, JaegerMapping, LokiMapping, PrometheusMapping } from "./mapping";
import {
  containerToLogs,
  containerToMetrics,
  containerToTraces,
  itemToTrace,
  type PivotDecision,
  pivotMargins,
  spanToLogs,
  spanToMetrics,
  traceToContainer,
  traceToContainerLogs,
} from "./pivots";
import { TRACE_ID } from "./spans.test-helper";

const PAYMENTS = fixtureContainer("shop-payments-1");
const RANGE = { from: millis(1_795_300_408_000), to: millis(1_795_300_588_000) };
const M = pivotMargins();

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

function decided(p: PivotDecision | { kind: "reason"; message: string }): PivotDecision {
  if (p.kind !== "target") throw new Error(`expected a target, got: ${p.message}`);
  return p;
}
function asLink(p: PivotDecision | { kind: "reason"; message: string }): PivotLink {
  const l: Pivot = pivotLink(decided(p));
  if (l.kind !== "link") throw new Error("expected a link");
  return l;
}

describe("container → metrics / logs / traces", () => {
  it("metrics link carries the CPU query and the range", () => {
    const d = decided(containerToMetrics(PAYMENTS, PROM, RANGE));
    expect(asLink(d).href).toBe("/containers/shop-payments-1?from=1795300408000&to=1795300588000&tab=metrics");
    expect(d.query).toContain('container_cpu_usage_seconds_total{name="shop-payments-1",cpu="total"}');
  });
  it("logs link carries the selector; without a range, the default range", () => {
    const d = decided(containerToLogs(PAYMENTS, LOKI));
    expect(asLink(d).href).toBe("/containers/shop-payments-1?tab=logs");
    expect(d.query).toBe('{container="shop-payments-1"}');
  });
  it("traces link, with the Jaeger service the search uses", () => {
    const d = decided(containerToTraces(PAYMENTS, JAEGER, RANGE));
    expect(asLink(d).href).toBe("/containers/shop-payments-1?from=1795300408000&to=1795300588000&tab=traces");
    expect(d.query).toBe("payments");
  });
  it("detection reason is passed through, message and suggestion intact", () => {
    expect(containerToLogs(PAYMENTS, LOKI_REASON)).toEqual({
      kind: "reason",
      message: LOKI_REASON.message,
      suggestion: "relabel",
    });
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
    expect(p.href).toBe("/containers/we%20ird%2Fname%3F%23?tab=logs");
  });
});

describe("item pivots", () => {
  it("fractional ms are widened outwards", () => {
    const href = itemHref(itemToTrace({ ...M, traceLookupMs: 0 }), {
      startMs: 1000.7 as Millis,
      endMs: 2000.2 as Millis,
      traceId: TRACE_ID,
    });
    expect(href).toBe(`/traces/${TRACE_ID}?from=1000&to=2001`);
  });
});

describe("exemplar → trace", () => {
  it("every recorded exemplar (trace_id/span_id labels) opens its trace around the exemplar's time", () => {
    const exemplars = toExemplars(promExemplars()).slice(0, 10);
    expect(exemplars.length).toBeGreaterThan(0);
    for (const e of exemplars) {
      const href = itemHref(itemToTrace(M), { startMs: e.at, endMs: e.at, traceId: e.traceId, spanId: e.spanId });
      expect(href).toBe(
        `/traces/${e.labels.trace_id}?from=${e.at - 300_000}&to=${e.at + 300_000}&spanId=${e.labels.span_id}`,
      );
    }
  });
  it("no trace ID → no link", () => {
    expect(itemHref(itemToTrace(M), { startMs: 0, endMs: 0 })).toBeUndefined();
  });
});

describe("log line → trace", () => {
  const line = (traceId?: string, spanId?: string) => ({ startMs: 5_000_000, endMs: 5_000_000, traceId, spanId });
  it("each recorded format (logfmt, JSON, Spring) found in Loki leads to the same trace", () => {
    const streams = lokiTraceIdStreams();
    const seen = new Set<string>();
    for (const s of streams) {
      const [, text] = s.values[0] ?? ["", ""];
      const parsed = parseLogLine(text, {}, s.stream);
      const href = itemHref(itemToTrace(M), line(parsed.traceId, parsed.spanId));
      expect(href).toMatch(/^\/traces\/2c4d87704d15565aa38c99f600db6813\?from=4700000&to=5300000&spanId=[0-9a-f]{16}$/);
      seen.add(s.stream.compose_service ?? "");
    }
    expect([...seen].sort()).toEqual(["cart", "frontend", "payments"]);
  });
  it("W3C traceparent and structured metadata", () => {
    const tp = parseLogLine(`done traceparent=00-${TRACE_ID}-00f067aa0ba902b7-01`, {}, {});
    expect(itemHref(itemToTrace(M), line(tp.traceId, tp.spanId))).toContain(`/traces/${TRACE_ID}?`);
    expect(itemHref(itemToTrace(M), line(tp.traceId, tp.spanId))).toContain("spanId=00f067aa0ba902b7");
    const sm = parseLogLine("plain", { trace_id: TRACE_ID }, {});
    expect(itemHref(itemToTrace(M), line(sm.traceId))).toBe(`/traces/${TRACE_ID}?from=4700000&to=5300000`);
  });
  it("an extra traceIdPatterns regex from the correlation file", () => {
    const parsed = parseLogLine(`req=${TRACE_ID} ok`, {}, {}, [compileTracePattern("req=(?<traceId>[0-9a-f]{32})")]);
    expect(itemHref(itemToTrace(M), line(parsed.traceId))).toContain(`/traces/${TRACE_ID}?`);
  });
  it("a line without a trace ID (the cart's bare `Terminated`) gets no link", () => {
    const parsed = parseLogLine("Terminated", {}, {});
    expect(itemHref(itemToTrace(M), line(parsed.traceId))).toBeUndefined();
  });
  it("keeps theme and embed", () => {
    expect(itemHref(itemToTrace(M), line(TRACE_ID), { theme: "dark", embed: true })).toBe(
      `/traces/${TRACE_ID}?from=4700000&to=5300000&theme=dark&embed=1`,
    );
  });
});

describe("span → logs", () => {
  const span = { startMs: 1_795_300_490_000, endMs: 1_795_300_490_210, traceId: TRACE_ID, spanId: "00f067aa0ba902b7" };
  it("links to the span's container, ±30 s by default, with traceId and spanId", () => {
    const p = spanToLogs("shop-payments-1", M, true);
    if (p.kind !== "item") throw new Error("expected a pivot");
    const start = span.startMs;
    expect(itemHref(p, span)).toBe(
      `/containers/shop-payments-1?from=${start - 30_000}&to=${start + 30_210}&tab=logs&traceId=${TRACE_ID}&spanId=${span.spanId}`,
    );
  });
  it("honours spanLogMarginMs from the correlation file", () => {
    const p = spanToLogs("shop-payments-1", pivotMargins({ spanLogMarginMs: 2000 }), true);
    if (p.kind !== "item") throw new Error("expected a pivot");
    expect(itemHref(p, span)).toContain("from=1795300488000&to=1795300492210");
    expect(p.label).toContain("±2 s");
  });
  it("Loki not configured → reason naming the variable", () => {
    expect(spanToLogs("shop-payments-1", M, false)).toMatchObject({ message: "Loki is not configured." });
  });
});

describe("span → metrics", () => {
  it("links to the container's metrics ±15 min around the span", () => {
    const p = spanToMetrics("shop-payments-1", M, true);
    if (p.kind !== "item") throw new Error("expected a pivot");
    expect(itemHref(p, { startMs: 1_795_300_490_000, endMs: 1_795_300_490_210, traceId: TRACE_ID })).toBe(
      `/containers/shop-payments-1?from=${1_795_300_490_000 - 900_000}&to=${1_795_300_490_210 + 900_000}&tab=metrics`,
    );
  });
  it("no Prometheus → reason", () => {
    expect(spanToMetrics("shop-cart-1", M, false)).toMatchObject({ message: "Prometheus is not configured." });
  });
});

describe("trace → containers", () => {
  it("a container around the trace's time (±5 min), and its logs of this trace", () => {
    expect(asLink(traceToContainer("shop-cart-1", 1_000_000, 1_000_250.5, M)).href).toBe(
      "/containers/shop-cart-1?from=700000&to=1300251",
    );
    expect(asLink(traceToContainerLogs("shop-cart-1", TRACE_ID, 1_000_000, 1_000_250, M, true)).href).toBe(
      `/containers/shop-cart-1?from=700000&to=1300250&tab=logs&traceId=${TRACE_ID}`,
    );
    expect(traceToContainerLogs("shop-cart-1", TRACE_ID, 0, 1, M, false)).toMatchObject({ kind: "reason" });
  });
});
