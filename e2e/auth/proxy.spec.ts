import http from "node:http";
import { expect, test } from "@playwright/test";
import { PROXY_PORT, PROXY_SECRET, PROXY_URL } from "./setup";

// Sightline on PROXY_PORT: SIGHTLINE_AUTH=proxy, SIGHTLINE_AUTH_PROXY_SOURCES=127.0.0.1/32,
// SIGHTLINE_AUTH_PROXY_SECRET set; group shop sees compose project shop.
const SHOP = { "X-Forwarded-User": "ann", "X-Forwarded-Groups": "shop", "X-Sightline-Proxy-Secret": PROXY_SECRET };

/** A raw request from a chosen local address (127.0.0.2 is loopback too, but not the proxy's). */
function get(path: string, headers: Record<string, string>, localAddress = "127.0.0.1") {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PROXY_PORT, path, headers, localAddress }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("identity headers from the proxy's address, with the secret, sign in; the scope holds", async ({ browser }) => {
  const ctx = await browser.newContext({ extraHTTPHeaders: SHOP });
  const page = await ctx.newPage();
  await page.goto(`${PROXY_URL}/`);
  await expect(page.getByTestId("viewer-name")).toHaveText("ann");
  await expect(page.getByTestId("container-row").first()).toBeVisible();
  const names = await page
    .getByTestId("container-row")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")));
  expect(names).toContain("shop-cart-1");
  expect(names).not.toContain("legacy-report-1");
  await page.goto(`${PROXY_URL}/containers/shop-cart-1?from=now-15m&to=now`);
  await expect(page.getByTestId("container-name")).toHaveText("shop-cart-1");
  expect((await page.request.get(`${PROXY_URL}/api/containers/legacy-report-1`)).status()).toBe(404);
  // Not an admin: the correlation settings are closed.
  await page.goto(`${PROXY_URL}/settings/correlation`);
  await expect(page.getByTestId("admin-only")).toBeVisible();
  await ctx.close();
});

test("the same headers without the secret, or from another address, get 401", async () => {
  const { "X-Sightline-Proxy-Secret": _, ...noSecret } = SHOP;
  const a = await get("/api/containers", noSecret);
  expect(a.status).toBe(401);
  expect(a.body).not.toContain("shop-cart-1");
  const b = await get("/api/containers", SHOP, "127.0.0.2");
  expect(b.status).toBe(401);
  expect(b.body).toContain("did not come from the authenticating proxy");
  const ok = await get("/api/containers", SHOP);
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body).containers.length).toBeGreaterThan(0);
  // A client cannot send its own identity stamp.
  const forged = await get("/api/containers", {
    "x-sightline-identity": "e30.AAAA",
    "X-Sightline-Proxy-Secret": PROXY_SECRET,
  });
  expect(forged.status).toBe(401);
});

test("a foreign Host is refused (DNS rebinding), security headers are set", async ({ request }) => {
  const r = await get("/", { ...SHOP, Host: "rebind.attacker.example" });
  expect(r.status).toBe(421);
  expect(r.body).toContain("SIGHTLINE_ALLOWED_HOSTS");
  const page = await request.get(`${PROXY_URL}/`, { headers: SHOP });
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'self'");
  expect(csp).not.toContain("127.0.0.1:3356");
  expect(page.headers()["x-frame-options"]).toBe("SAMEORIGIN");
});
