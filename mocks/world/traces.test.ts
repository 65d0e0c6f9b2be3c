import { describe, expect, it } from "vitest";
import { decodeTraceId, traceIdOf, KIND_CHECKOUT } from "./requests";
import { syntheticTraceId } from "./trace-synthetic";
import { createWorld } from "./world";

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const HOUR = 3_600_000;
const world = createWorld({ now: () => NOW });
const jaeger = world.jaegerSource();

function recentCheckout(opts: { error?: boolean } = {}) {
  const found = jaeger.findTraces({
    service: "frontend",
    operation: "POST /api/checkout",
    startMinUs: (NOW - HOUR) * 1000,
    startMaxUs: NOW * 1000,
    attributes: opts.error ? { error: "true" } : { "http.response.status_code": "200" },
    limit: 1,
  });
  const t = found[0];
  if (!t) throw new Error("no checkout trace");
  return t;
}

describe("trace IDs", () => {
  it("decode back to their request and reject IDs the world never made", () => {
    for (const k of [0, 1, 123_456, 897_651_234]) {
      const id = traceIdOf(42, KIND_CHECKOUT, k);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(decodeTraceId(42, id)).toEqual({ kind: KIND_CHECKOUT, k });
      expect(decodeTraceId(43, id)).toBeUndefined();
    }
    expect(jaeger.trace("0123456789abcdef0123456789abcdef")).toBeUndefined();
    expect(jaeger.trace("not-hex")).toBeUndefined();
  });

  it("accept upper case", () => {
    const t = recentCheckout();
    expect(jaeger.trace(t[0]?.traceId.toUpperCase() ?? "")?.length).toBe(t.length);
  });
});

describe("checkout traces", () => {
  it("span frontend → cart → db → payments → db, and the worker via a link", () => {
    const t = recentCheckout();
    const names = t.map((s) => `${s.resource.serviceName} ${s.name}`);
    expect(names).toEqual([
      "frontend POST /api/checkout",
      "cart POST /api/cart/checkout",
      "cart SELECT shop.carts",
      "cart SELECT shop.cart_items",
      "payments POST /api/payments/charge",
      "payments POST",
      "payments INSERT shop.payments",
      "cart orders publish",
      "worker orders process",
      "worker UPDATE shop.orders",
    ]);
    const ids = new Set(t.map((s) => s.spanId));
    for (const s of t) if (s.parentSpanId) expect(ids.has(s.parentSpanId)).toBe(true);
    const worker = t.find((s) => s.name === "orders process");
    const publish = t.find((s) => s.name === "orders publish");
    expect(worker?.parentSpanId).toBeUndefined();
    expect(worker?.links).toEqual([{ traceId: t[0]?.traceId, spanId: publish?.spanId }]);
    expect(worker?.startUs).toBeGreaterThan((publish?.startUs ?? 0) + (publish?.durationUs ?? 0));
  });

  it("carry the container of each span in its resource", () => {
    const t = recentCheckout();
    const containers = world.containers();
    for (const s of t) {
      const c = containers.find((x) => x.name === s.resource.attributes["container.name"]);
      expect(c).toBeDefined();
      expect(s.resource.attributes["container.id"]).toBe(c?.id);
      expect(s.resource.attributes["host.name"]).toBe(c?.id.slice(0, 12));
      expect(s.resource.attributes["service.name"]).toBe(c?.labels["com.docker.compose.service"]);
    }
  });

  it("mark failing charges as errors with an exception event", () => {
    const t = recentCheckout({ error: true });
    const pay = t.find((s) => s.name === "POST /api/payments/charge");
    expect(pay?.status).toBe("error");
    expect(pay?.events[0]?.attributes["exception.type"]).toBe("com.shop.payments.gateway.GatewayException");
    expect(t.some((s) => s.resource.serviceName === "worker")).toBe(false);
    expect(t[0]?.attributes["http.response.status_code"]).toBe(502);
  });
});

describe("trace search", () => {
  it("returns newest first, honours limit, service and operation", () => {
    const r = jaeger.findTraces({
      service: "frontend",
      startMinUs: (NOW - HOUR) * 1000,
      startMaxUs: NOW * 1000,
      limit: 7,
    });
    expect(r).toHaveLength(7);
    const starts = r.map((t) => t[0]?.startUs ?? 0);
    expect(starts[0]).toBeGreaterThan(starts[6] ?? 0);
    const products = jaeger.findTraces({
      service: "frontend",
      operation: "GET /api/products",
      startMinUs: (NOW - HOUR) * 1000,
      startMaxUs: NOW * 1000,
      limit: 5,
    });
    for (const t of products) expect(t[0]?.name).toBe("GET /api/products");
    expect(jaeger.findTraces({ service: "db", startMinUs: 0, startMaxUs: NOW * 1000, limit: 5 })).toEqual([]);
    expect(jaeger.services()).toEqual(["cart", "frontend", "payments", "worker"]);
    expect(jaeger.operations("worker").map((o) => o.spanKind)).toEqual(["client", "consumer"]);
  });
});

describe("synthetic traces", () => {
  it("resolve feed… IDs to a tree of the requested size", () => {
    const t = jaeger.trace(syntheticTraceId(1000));
    expect(t).toHaveLength(1000);
    const ids = new Set(t?.map((s) => s.spanId));
    expect(ids.size).toBe(1000);
    expect(t?.filter((s) => !s.parentSpanId)).toHaveLength(1);
    for (const s of t ?? []) if (s.parentSpanId) expect(ids.has(s.parentSpanId)).toBe(true);
    expect(new Set(t?.map((s) => s.resource.serviceName)).size).toBeGreaterThan(2);
    expect(t?.some((s) => s.status === "error")).toBe(true);
    expect(jaeger.trace("feed00000000000000000000000003e8")).toHaveLength(1000);
  });

  it("builds 100,000 spans, deep and wide", () => {
    const t = jaeger.trace("feed00000000000000000000000186a0");
    expect(t).toHaveLength(100_000);
    const depth = new Map<string, number>();
    let maxDepth = 0;
    const children = new Map<string, number>();
    for (const s of t ?? []) {
      const d = s.parentSpanId ? (depth.get(s.parentSpanId) ?? 0) + 1 : 0;
      depth.set(s.spanId, d);
      maxDepth = Math.max(maxDepth, d);
      if (s.parentSpanId) children.set(s.parentSpanId, (children.get(s.parentSpanId) ?? 0) + 1);
    }
    expect(maxDepth).toBeGreaterThan(20);
    expect(Math.max(...children.values())).toBeGreaterThan(50);
  });
});
