import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "../../config";
import { accessFor } from "./access";
import { stampIdentity } from "./identity";

afterEach(() => {
  delete process.env.SIGHTLINE_AUDIT_LOG;
  resetConfigForTests();
  vi.restoreAllMocks();
});

describe("audit log", () => {
  it("writes one JSON line: who, via, route, path, container, outcome", () => {
    process.env.SIGHTLINE_AUDIT_LOG = "1";
    resetConfigForTests();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const h = new Headers();
    stampIdentity(h, {
      via: "link",
      id: "link:abc",
      groups: [],
      scope: { allow: [{ compose: "shop" }] },
      admin: false,
    });
    accessFor(h, "/embed/containers/[ref]", "/embed/containers/shop-cart-1").audit(200, "shop-cart-1");
    expect(log).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(log.mock.calls[0]?.[0]));
    expect(line).toMatchObject({
      audit: "sightline",
      who: "link:abc",
      via: "link",
      route: "/embed/containers/[ref]",
      path: "/embed/containers/shop-cart-1",
      container: "shop-cart-1",
      outcome: 200,
    });
  });
  it("is quiet when off (the default with authentication off)", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    accessFor(new Headers(), "/api/containers").audit(200);
    expect(log).not.toHaveBeenCalled();
  });
  it("a forged identity header counts as nobody once authentication is on", () => {
    process.env.SIGHTLINE_AUTH = "proxy";
    process.env.SIGHTLINE_AUTH_PROXY_SECRET = "0123456789abcdef0123";
    resetConfigForTests();
    try {
      const h = new Headers({
        "x-sightline-identity": `${Buffer.from('{"id":"root","scope":{"all":true}}').toString("base64url")}.forged`,
      });
      const a = accessFor(h, "/api/containers");
      expect(a.identity.id).toBe("nobody");
      expect(a.identity.scope).toEqual({ allow: [] });
    } finally {
      delete process.env.SIGHTLINE_AUTH;
      delete process.env.SIGHTLINE_AUTH_PROXY_SECRET;
    }
  });
});
