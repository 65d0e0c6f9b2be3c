import http from "node:http";
import { type Browser, expect, type FrameLocator, test } from "@playwright/test";
import { parseAuthConfig } from "../../lib/auth/config";
import { signLink } from "../../lib/auth/link-token";
import type { Selector } from "../../lib/auth/selector";
import { FRAMER_PORT, FRAMER_URL, LINK_KEYS, PROXY_URL } from "./setup";

// Authentication is on (proxy mode) and this browser sends no identity headers and no
// cookies: only the signed link opens the embed.
// The same signer the UI and scripts/sign-link.mjs use (scripts/sign-link.test.ts checks the CLI's tokens verify).
const keys = parseAuthConfig({ SIGHTLINE_LINK_KEYS: LINK_KEYS }).config.linkKeys;
const sign = async (sel: Selector, now?: number): Promise<string> =>
  (await signLink(keys, { scope: { allow: [sel] }, ttlSeconds: 3600, sub: "e2e", now })).token;

async function framed(browser: Browser, src: string, run: (f: FrameLocator) => Promise<void>) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(
      `<!doctype html><body style="margin:0"><iframe sandbox="" style="width:1200px;height:900px;border:0" src="${src}"></iframe>`,
    );
  });
  await new Promise<void>((r) => server.listen(FRAMER_PORT, "127.0.0.1", r));
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1220, height: 920 } });
  try {
    const page = await ctx.newPage();
    await page.goto(`${FRAMER_URL}/`);
    await run(page.frameLocator("iframe"));
    expect(await ctx.cookies()).toEqual([]);
  } finally {
    await ctx.close();
    server.close();
  }
}

const embed = (name: string, token: string) => {
  const now = Date.now();
  return `${PROXY_URL}/embed/containers/${name}?from=${now - 3_600_000}&to=${now}&theme=dark&token=${token}`;
};

test('a signed embed link renders in a sandbox="" iframe with JavaScript off and no cookies', async ({ browser }) => {
  const token = await sign({ compose: "shop" });
  await framed(browser, embed("shop-payments-1", token), async (f) => {
    await expect(f.getByTestId("embed-container")).toContainText("shop-payments-1");
    await expect(f.getByTestId("embed-chart-cpu")).toBeVisible();
    await expect(f.getByTestId("embed-logs").locator(".logrow").first()).toBeVisible();
  });
});

test("the same link with one character changed, expired, or for another container is refused", async ({
  browser,
  request,
}) => {
  const token = await sign({ compose: "shop" });
  const i = token.lastIndexOf(".") - 5; // inside the payload: the scope itself
  const altered = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
  await framed(browser, embed("shop-payments-1", altered), async (f) => {
    await expect(f.getByTestId("auth-page")).toContainText("This link is not valid");
    await expect(f.getByTestId("embed-container")).toHaveCount(0);
  });
  const expired = await sign({ compose: "shop" }, Date.now() - 2 * 3_600_000);
  await framed(browser, embed("shop-payments-1", expired), async (f) => {
    await expect(f.getByTestId("auth-page")).toContainText("This link has expired");
  });
  const r = await request.get(embed("shop-payments-1", expired));
  expect(r.status()).toBe(401);
  expect(await r.text()).not.toContain("payments:");
  // In scope: shop-cart-1 only. ${name} = shop-payments-1 falls outside: nothing of it is shown.
  const cartOnly = await sign({ name: "shop-cart-1" });
  await framed(browser, embed("shop-payments-1", cartOnly), async (f) => {
    await expect(f.getByTestId("embed-not-found")).toBeVisible();
    await expect(f.getByTestId("embed-container")).toHaveCount(0);
  });
  await framed(browser, embed("shop-cart-1", cartOnly), async (f) => {
    await expect(f.getByTestId("embed-container")).toContainText("shop-cart-1");
  });
});

test("a signed /go alert link opens the container page without a session, and only in scope", async ({ browser }) => {
  const token = await sign({ compose: "shop" });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${PROXY_URL}/go?name=shop-cart-1&token=${token}`);
  await expect(page).toHaveURL(/\/containers\/shop-cart-1/);
  await expect(page.getByTestId("container-name")).toHaveText("shop-cart-1");
  // The link cookie carries the page's API calls, within the link's scope only.
  expect((await page.request.get(`${PROXY_URL}/api/containers/shop-cart-1`)).status()).toBe(200);
  expect((await page.request.get(`${PROXY_URL}/api/containers/legacy-report-1`)).status()).toBe(404);
  await page.goto(`${PROXY_URL}/go?name=legacy-report-1&token=${token}`);
  await expect(page.getByTestId("go-none")).toBeVisible();
  await ctx.close();
});
