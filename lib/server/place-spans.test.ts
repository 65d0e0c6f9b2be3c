import { describe, expect, it } from "vitest";
import type { TracesBackend } from "../backends/types";
import type { Container } from "../model/container";
import { micros } from "../model/time";
import type { Span, Trace } from "../model/trace";
import { pivotMargins } from "../correlation/pivots";
import { itemHref } from "../url/pivots";
import { type PlaceContext, placeSpans } from "./place-spans";
import { loadTrace } from "./trace";

const CTX: PlaceContext = { margins: pivotMargins(), configured: { metrics: true, logs: true } };
const traceContainers = (t: Trace, o: Parameters<typeof placeSpans>[1], ctx: PlaceContext = CTX) =>
  placeSpans(t, o, ctx);

const ID_A = "a".repeat(64);
const ID_B = "b".repeat(64);

function container(name: string, id: string, service?: string): Container {
  return {
    id,
    shortId: id.slice(0, 12),
    name,
    engine: "docker",
    host: "local",
    image: "img",
    state: "running",
    labels: {},
    compose: service ? { project: "shop", service } : undefined,
    source: "engine",
  };
}

function span(spanId: string, service: string, start: number, resource: Span["resource"] = {}): Span {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId,
    service,
    name: "op",
    kind: "server",
    start: micros(start),
    duration: micros(5),
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource,
  };
}

const trace: Trace = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  warnings: [],
  spans: [
    span("s3", "cart", 30, { "container.id": ID_B }),
    span("s1", "frontend", 10, { "host.name": ID_A.slice(0, 12) }),
    span("s2", "cart", 20, { "container.id": ID_B }),
    span("s4", "payment", 40, { "telemetry.sdk.language": "go" }),
  ],
};
const inventory = {
  containers: [container("shop-front-1", ID_A, "frontend"), container("shop-cart-1", ID_B, "cart")],
  errors: [],
};

describe("placeSpans", () => {
  it("lists touched containers in order of first span, with counts and first span", () => {
    const r = traceContainers(trace, { ok: true, inventory });
    expect(
      r.containers.map(({ name, id, service, spanCount, firstSpanId }) => ({
        name,
        id,
        service,
        spanCount,
        firstSpanId,
      })),
    ).toEqual([
      { name: "shop-front-1", id: ID_A, service: "frontend", spanCount: 1, firstSpanId: "s1" },
      { name: "shop-cart-1", id: ID_B, service: "cart", spanCount: 2, firstSpanId: "s2" },
    ]);
    expect(r.unmatched).toHaveLength(1);
    expect(r.unmatched[0]?.service).toBe("payment");
    expect(r.unmatched[0]?.reason).toContain("telemetry.sdk.language");
  });

  it("says the inventory failed rather than that nothing matched", () => {
    const r = traceContainers(trace, { ok: false, error: "engine: socket missing" });
    expect(r.containers).toEqual([]);
    expect(r.unmatched.map((u) => u.service).sort()).toEqual(["cart", "frontend", "payment"]);
    expect(r.unmatched[0]?.reason).toContain("inventory failed (engine: socket missing)");
    const empty = traceContainers(trace, {
      ok: true,
      inventory: { containers: [], errors: [{ backend: "engine", kind: "unreachable", message: "engine: down" }] },
    });
    expect(empty.unmatched[0]?.reason).toContain("engine: down");
  });

  it("mentions a partial inventory failure in the reasons", () => {
    const r = traceContainers(trace, {
      ok: true,
      inventory: { ...inventory, errors: [{ backend: "engine", kind: "timeout", message: "engine: timed out" }] },
    });
    expect(r.containers).toHaveLength(2);
    expect(r.unmatched[0]?.reason).toContain("Part of the container inventory failed");
  });

  it("gives every span the index of its container, -1 where none ran it, parallel to trace.spans", () => {
    const r = traceContainers(trace, { ok: true, inventory });
    // spans: s3 cart, s1 frontend, s2 cart, s4 payment; containers: [front, cart]
    expect(r.spanContainer).toEqual([1, 0, 1, -1]);
    const failed = traceContainers(trace, { ok: false, error: "down" });
    expect(failed.spanContainer).toEqual([-1, -1, -1, -1]);
  });

  it("says what fixes an unplaced service", () => {
    const r = traceContainers(trace, { ok: true, inventory });
    expect(r.unmatched[0]?.suggestion).toMatch(/container\.id/);
  });

  it("decides each container's pivots: the container around the trace, its logs of this trace", () => {
    const r = traceContainers(trace, { ok: true, inventory });
    const cart = r.containers[1]!;
    // The trace spans 10 µs … 35 µs after the epoch; ±5 min around it, whole ms outwards.
    expect(cart.open).toEqual({
      kind: "link",
      label: "shop-cart-1",
      href: "/containers/shop-cart-1?from=-300000&to=300001",
    });
    expect(cart.traceLogs).toMatchObject({
      kind: "link",
      href: `/containers/shop-cart-1?from=-300000&to=300001&tab=logs&traceId=${trace.traceId}`,
    });
  });

  it("span → logs uses spanLogMarginMs from the correlation config in force", () => {
    const s2 = trace.spans[2]!;
    const item = {
      startMs: s2.start / 1000,
      endMs: (s2.start + s2.duration) / 1000,
      traceId: s2.traceId,
      spanId: "00000000000000a2",
    };
    const dflt = traceContainers(trace, { ok: true, inventory }).containers[1]!.spanLogs;
    expect(dflt.kind).toBe("item");
    if (dflt.kind !== "item") return;
    expect(dflt.marginMs).toBe(30_000);
    expect(dflt.label).toContain("±30 s");
    const wide = traceContainers(
      trace,
      { ok: true, inventory },
      { ...CTX, margins: pivotMargins({ spanLogMarginMs: 120_000 }) },
    ).containers[1]!.spanLogs;
    if (wide.kind !== "item") throw new Error("expected a pivot");
    expect(wide.label).toContain("±2 min");
    expect(itemHref(wide, item)).toBe(
      `/containers/shop-cart-1?from=-120000&to=120001&tab=logs&traceId=${trace.traceId}&spanId=00000000000000a2`,
    );
  });

  it("span → metrics is ±15 min of the span; without Loki or Prometheus the pivot is a reason with the fix", () => {
    const r = traceContainers(trace, { ok: true, inventory });
    const m = r.containers[0]!.spanMetrics;
    if (m.kind !== "item") throw new Error("expected a pivot");
    expect(itemHref(m, { startMs: 1_000_000, endMs: 1_000_500 })).toBe(
      "/containers/shop-front-1?from=100000&to=1900500&tab=metrics",
    );
    const none = traceContainers(
      trace,
      { ok: true, inventory },
      { ...CTX, configured: { metrics: false, logs: false } },
    );
    expect(none.containers[0]!.spanLogs).toEqual({
      kind: "reason",
      message: "Loki is not configured.",
      suggestion: "Set LOKI_URL.",
    });
    expect(none.containers[0]!.spanMetrics).toMatchObject({ kind: "reason", suggestion: "Set PROMETHEUS_URL." });
    expect(none.containers[0]!.traceLogs.kind).toBe("reason");
  });
});

function fakeTraces(result: Trace | undefined): TracesBackend {
  return {
    apiVersion: async () => "v3",
    getTrace: async () => result,
    search: async () => ({ summaries: [], traces: [] }),
    services: async () => [],
    operations: async () => [],
  };
}

describe("loadTrace", () => {
  it("is not-configured without a Jaeger backend", async () => {
    expect(await loadTrace("1", { inventory: async () => inventory, place: CTX })).toEqual({ kind: "not-configured" });
  });

  it("is not-found when Jaeger has no such trace", async () => {
    const r = await loadTrace("1", { traces: fakeTraces(undefined), inventory: async () => inventory, place: CTX });
    expect(r.kind).toBe("not-found");
  });

  it("returns the trace even when the inventory throws", async () => {
    const r = await loadTrace("1", {
      traces: fakeTraces(trace),
      inventory: async () => {
        throw new Error("boom");
      },
      place: CTX,
    });
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.body.trace.spans).toHaveLength(4);
    expect(r.body.containers).toEqual([]);
    expect(r.body.unmatched[0]?.reason).toContain("boom");
  });
});
