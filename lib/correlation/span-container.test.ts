import { describe, expect, it } from "vitest";
import { podmanContainers } from "./fixtures.test-helper";
import { containerOfSpan, sameServiceName } from "./span-container";
import { makeSpan } from "./spans.test-helper";

const ALL = podmanContainers();
const PAY_ID = "30d8c784ea3faa934ab3758eddc153fc88b24e01e137ffeb1389ec2083c1c43c";

describe("containerOfSpan", () => {
  it.each([
    ["container.id, full", { "container.id": PAY_ID }, "container.id"],
    ["container.id, upper case", { "container.id": PAY_ID.toUpperCase() }, "container.id"],
    ["container.id, 12-char prefix", { "container.id": "30d8c784ea3f" }, "container.id"],
    ["container.id, containerd:// scheme", { "container.id": `containerd://${PAY_ID}` }, "container.id"],
    ["host.name = short id", { "host.name": "30d8c784ea3f" }, "host.name"],
    ["container.name with Docker's slash", { "container.name": "/shop-payments-1" }, "container.name"],
  ])("%s", (_, resource, via) => {
    const r = containerOfSpan(makeSpan("anything", resource), ALL);
    expect(r).toMatchObject({ kind: "container", container: { name: "shop-payments-1" }, via: { attribute: via } });
  });

  it("service.name ≈ compose service (case and separators ignored)", () => {
    const r = containerOfSpan(makeSpan("Payments", {}), ALL);
    expect(r).toMatchObject({
      kind: "container",
      container: { name: "shop-payments-1" },
      via: { key: "composeService" },
    });
    expect(sameServiceName("cart_api", "cart-api")).toBe(true);
  });

  it("service.name = container name", () => {
    expect(containerOfSpan(makeSpan("web1", {}), ALL)).toMatchObject({
      container: { name: "web1" },
      via: { key: "name" },
    });
  });

  it("a short prefix that is not the container's → falls through to later rules", () => {
    const r = containerOfSpan(makeSpan("cart", { "container.id": "ffffffffffff" }), ALL);
    expect(r).toMatchObject({ container: { name: "shop-cart-1" }, via: { attribute: "service.name" } });
  });

  it("two replicas of one compose service → reason naming the candidates", () => {
    const replicas = [
      { name: "cart-1", id: "a".repeat(64), compose: { project: "p", service: "cart" } },
      { name: "cart-2", id: "b".repeat(64), compose: { project: "p", service: "cart" } },
    ];
    const r = containerOfSpan(makeSpan("cart", {}), replicas);
    expect(r.kind).toBe("reason");
    if (r.kind === "reason") {
      expect(r.message).toMatch(/fits 2 containers \(`cart-1`, `cart-2`\)/);
      expect(r.candidates).toHaveLength(2);
    }
  });

  it("nothing matches → reason listing resource attributes", () => {
    const r = containerOfSpan(makeSpan("billing", { "host.name": "box" }), ALL);
    expect(r.kind).toBe("reason");
    if (r.kind === "reason") {
      expect(r.message).toMatch(/service `billing`/);
      expect(r.message).toMatch(/host\.name, service\.name/);
      expect(r.suggestion).toMatch(/OTEL_RESOURCE_ATTRIBUTES/);
    }
  });
});
