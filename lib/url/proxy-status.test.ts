// The proxy gives a page link the page cannot read HTTP 400 (before: 200 with the error page).
// The Host is an allowed one (loopback): any other gets 421 from access control first.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../../proxy";

const HOST = { host: "127.0.0.1:3000" };

describe("proxy status for page links", () => {
  it("400 for a bad range on the container page, 200 path otherwise", async () => {
    expect(
      (await proxy(new NextRequest("http://127.0.0.1:3000/containers/shop-cart-1?from=banana", { headers: HOST })))
        .status,
    ).toBe(400);
    expect(
      (await proxy(new NextRequest("http://127.0.0.1:3000/containers/shop-cart-1?from=now-1h", { headers: HOST })))
        .status,
    ).toBe(200);
  });
});
