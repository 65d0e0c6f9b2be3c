import { describe, expect, it } from "vitest";
import { micros } from "../model/time";
import type { Trace } from "../model/trace";
import { podmanContainers } from "./fixtures.test-helper";
import { makeSpan, TRACE_ID } from "./spans.test-helper";
import { containersOfTrace } from "./trace-containers";

describe("containersOfTrace", () => {
  it("the fixture's checkout trace: frontend → cart → payments, plus an unplaced service", () => {
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
    const r = containersOfTrace(trace, podmanContainers());
    expect(r.matched.map((m) => [m.container.name, m.spanCount, m.via])).toEqual([
      ["shop-frontend-1", 2, ["host.name"]],
      ["shop-cart-1", 1, ["service.name"]],
      ["shop-payments-1", 1, ["container.id"]],
    ]);
    expect(r.unmatched).toHaveLength(1);
    expect(r.unmatched[0]).toMatchObject({ service: "stripe-mock", spanCount: 2, reason: { kind: "reason" } });
    expect(r.unmatched[0]?.reason.message).toMatch(/telemetry\.sdk\.language/);
  });

  it("an empty trace touches nothing", () => {
    expect(containersOfTrace({ traceId: TRACE_ID, warnings: [], spans: [] }, podmanContainers())).toEqual({
      matched: [],
      unmatched: [],
    });
  });
});
