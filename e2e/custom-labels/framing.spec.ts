import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

// This Sightline server runs with SIGHTLINE_FRAME_ANCESTORS="'self' http://127.0.0.1:3331".
const ALLOWED_PORT = 3331;
const OTHER_PORT = 3332;

function framer(port: number, target: string): Promise<http.Server> {
  const s = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<!doctype html><iframe id="f" style="width:1000px;height:700px" src="${target}"></iframe>`);
  });
  return new Promise((resolve) => s.listen(port, "127.0.0.1", () => resolve(s)));
}

test("frame-ancestors lets the configured origin frame Sightline and refuses another", async ({ page, baseURL }) => {
  const target = `${baseURL}/containers/shop-cart-1?embed=1&from=now-15m&to=now`;
  const allowed = await framer(ALLOWED_PORT, target);
  const other = await framer(OTHER_PORT, target);
  try {
    const res = await page.request.get(target);
    // The full CSP (lib/server/auth/security-headers.ts) ends with the configured framing rule.
    expect(res.headers()["content-security-policy"]).toContain(
      `; frame-ancestors 'self' http://127.0.0.1:${ALLOWED_PORT}`,
    );
    expect(res.headers()["x-frame-options"]).toBeUndefined();

    await page.goto(`http://127.0.0.1:${(allowed.address() as AddressInfo).port}/`);
    const f = page.frameLocator("#f");
    await expect(f.getByTestId("container-name")).toHaveText("shop-cart-1");
    // embed=1: no navigation chrome inside the frame.
    await expect(f.locator(".topbar")).toHaveCount(0);

    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    // Chromium replaces a frame refused by frame-ancestors with its own error page.
    await expect.poll(() => page.frames().some((f) => f.url().startsWith("chrome-error://"))).toBe(true);
    await expect(page.frameLocator("#f").getByTestId("container-name")).toHaveCount(0);
  } finally {
    allowed.close();
    other.close();
  }
});
