import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import { pageUrlStatus } from "./status";

const NOW = millis(Date.UTC(2026, 11, 5, 12));
const st = (path: string) => {
  const u = new URL(path, "http://s");
  return pageUrlStatus(u.pathname, u.searchParams, NOW);
};

describe("pageUrlStatus", () => {
  it("a link each page cannot read is a 400", () => {
    expect(st("/containers/shop-cart-1?from=banana")).toBe(400);
    expect(st("/embed/containers/shop-cart-1?from=now-1h&to=yesterday")).toBe(400);
    expect(st("/traces/not-hex")).toBe(400);
    expect(st("/traces/4bf92f3577b34da6a3ce929d0e0e4736?from=banana")).toBe(400);
    expect(st("/k8s/shop/pods/cart-7d9/cart?from=banana")).toBe(400);
    expect(st("/k8s/shop/deployments/cart?from=now-1h&to=yesterday")).toBe(400);
  });
  it("Kubernetes pages with readable links keep their own status", () => {
    expect(st("/k8s/shop/pods/cart-7d9/cart?from=now-1h&to=now&cluster=demo")).toBeUndefined();
    expect(st("/k8s/shop/deployments/cart?from=now-1h")).toBeUndefined();
  });
  it("readable links, and paths without a URL error page, keep the page's own status", () => {
    expect(st("/containers/shop-cart-1?from=now-1h&to=now")).toBeUndefined();
    expect(st("/traces/4bf92f3577b34da6a3ce929d0e0e4736")).toBeUndefined();
    expect(st("/api/containers/x/logs?from=banana")).toBeUndefined();
    expect(st("/?from=banana")).toBeUndefined();
  });
});
