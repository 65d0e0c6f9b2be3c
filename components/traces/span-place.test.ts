import { describe, expect, it } from "vitest";
import { micros } from "@/lib/model/time";
import type { Span } from "@/lib/model/trace";
import { placeSpan } from "./span-place";

const ID_A = "a".repeat(64);
const ID_B = "b".repeat(64);

function span(service: string, resource: Span["resource"] = {}): Span {
  return {
    traceId: "1",
    spanId: "2",
    service,
    name: "op",
    kind: "server",
    start: micros(0),
    duration: micros(1),
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource,
  };
}

const data = {
  containers: [
    { name: "shop-cart-1", id: ID_A, service: "cart", spanCount: 3 },
    { name: "shop-cart-2", id: ID_B, service: "cart", spanCount: 2 },
    { name: "shop-front-1", service: "frontend", spanCount: 1 },
  ],
  unmatched: [{ service: "payment", reason: "No known container matches payment" }],
};

describe("placeSpan", () => {
  it("uses the only container of the span's service", () => {
    const p = placeSpan(span("frontend"), data);
    expect(p.kind === "container" && p.ref.name).toBe("shop-front-1");
  });

  it("tells replicas apart by container.id or host.name", () => {
    const byId = placeSpan(span("cart", { "container.id": ID_B }), data);
    expect(byId.kind === "container" && byId.ref.name).toBe("shop-cart-2");
    const byHost = placeSpan(span("cart", { "host.name": ID_A.slice(0, 12) }), data);
    expect(byHost.kind === "container" && byHost.ref.name).toBe("shop-cart-1");
  });

  it("gives a reason when replicas cannot be told apart", () => {
    const p = placeSpan(span("cart"), data);
    expect(p.kind).toBe("reason");
  });

  it("passes on the server's reason for unmatched services", () => {
    const p = placeSpan(span("payment"), data);
    expect(p).toEqual({ kind: "reason", message: "No known container matches payment" });
  });

  it("explains a service the server did not list", () => {
    const p = placeSpan(span("ghost", { "telemetry.sdk.name": "opentelemetry" }), data);
    expect(p.kind === "reason" && p.message).toContain("ghost");
  });
});
