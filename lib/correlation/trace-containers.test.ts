import { describe, expect, it } from "vitest";
import { micros } from "../model/time";
import type { Trace } from "../model/trace";
import { podmanContainers } from "./fixtures.test-helper";
import { makeSpan, TRACE_ID } from "./spans.test-helper";
import { placeSpans } from "./trace-containers";

describe("placeSpans", () => {
  const t0 = 1_795_300_490_000_000;
  const trace: Trace = {
    traceId: TRACE_ID,
    warnings: [],
    spans: [
      makeSpan("frontend", { "host.name": "5c1b6efd571d" }, { start: micros(t0) }),
      makeSpan("frontend", { "host.name": "5c1b6efd571d" }, { start: micros(t0 + 10) }),
      makeSpan("payments", { "container.id": "30d8c784ea3f" }, { start: micros(t0 + 30) }),
      makeSpan("cart", {}, { start: micros(t0 + 20) }),
      makeSpan("stripe-mock", { "telemetry.sdk.language": "go" }, { start: micros(t0 + 40) }),
      makeSpan("stripe-mock", { "telemetry.sdk.language": "go" }, { start: micros(t0 + 41) }),
    ],
  };

  it("the fixture's checkout trace: frontend → cart → payments, plus an unplaced service", () => {
    const r = placeSpans(trace, podmanContainers());
    expect(r.touched.map((m) => [m.container.name, m.spanCount, m.via])).toEqual([
      ["shop-frontend-1", 2, ["host.name"]],
      ["shop-cart-1", 1, ["service.name"]],
      ["shop-payments-1", 1, ["container.id"]],
    ]);
    expect(r.unplaced).toHaveLength(1);
    expect(r.unplaced[0]).toMatchObject({ service: "stripe-mock", spanCount: 2 });
    expect(r.unplaced[0]?.message).toMatch(/telemetry\.sdk\.language/);
    expect(r.unplaced[0]?.suggestion).toMatch(/container\.id/);
  });

  it("per span, the index of its container in order of first span (-1 = none)", () => {
    expect(Array.from(placeSpans(trace, podmanContainers()).spanContainer)).toEqual([0, 0, 2, 1, -1, -1]);
  });

  it("replicas of one service with nothing to tell them apart: no guess, the reason names both", () => {
    const all = podmanContainers();
    const cart = all.find((c) => c.name === "shop-cart-1")!;
    const twin = { ...cart, id: "f".repeat(64), shortId: "ffffffffffff", name: "shop-cart-2" };
    const r = placeSpans({ traceId: TRACE_ID, warnings: [], spans: [makeSpan("cart", {})] }, [...all, twin]);
    expect(Array.from(r.spanContainer)).toEqual([-1]);
    expect(r.unplaced[0]?.message).toMatch(/shop-cart-1.*shop-cart-2/);
  });

  it("an empty trace touches nothing", () => {
    const r = placeSpans({ traceId: TRACE_ID, warnings: [], spans: [] }, podmanContainers());
    expect(r.touched).toEqual([]);
    expect(r.unplaced).toEqual([]);
    expect(r.spanContainer).toHaveLength(0);
  });
});
