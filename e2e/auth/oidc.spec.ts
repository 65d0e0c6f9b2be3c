import { expect, type Page, test } from "@playwright/test";
import { parseAuthConfig } from "../../lib/auth/config";
import { SESSION_COOKIE, sealSession } from "../../lib/auth/session";
import { OIDC_URL, OP_URL, SESSION_SECRET } from "./setup";

// Sightline on OIDC_URL with SIGHTLINE_AUTH=oidc against a real OpenID Provider on OP_URL
// (oidc-provider, any password). Group shop sees compose project shop; group cart sees the
// cart service only.

async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${OP_URL}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // First login of this client: the provider asks for consent.
  const cont = page.getByRole("button", { name: "Continue" });
  const back = () => page.url().startsWith(OIDC_URL);
  await expect.poll(async () => back() || (await cont.isVisible().catch(() => false))).toBe(true);
  if (!back()) await cont.click();
}

test("a deep link survives the login round trip; group shop sees only the shop", async ({ page }) => {
  await page.goto("/containers/shop-cart-1?from=now-30m&to=now&tab=logs");
  await signInAtProvider(page, "shopper");
  await expect(page).toHaveURL(`${OIDC_URL}/containers/shop-cart-1?from=now-30m&to=now&tab=logs`);
  await expect(page.getByTestId("container-name")).toHaveText("shop-cart-1");
  await expect(page.getByTestId("viewer-name")).toHaveText("shopper");
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

  // Inventory and search: the shop's containers, nothing else.
  await page.goto("/");
  await expect(page.getByTestId("container-row").first()).toBeVisible();
  const names = await page
    .getByTestId("container-row")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")));
  expect(names.length).toBeGreaterThan(3);
  expect(names.every((n) => n?.startsWith("shop-"))).toBe(true);
  await page.getByLabel("Search containers").fill("legacy");
  await expect(page.getByTestId("container-row")).toHaveCount(0);

  // /go: matches only within the scope.
  await page.goto("/go?name=legacy-report-1");
  await expect(page.getByTestId("go-none")).toBeVisible();
  await page.goto("/go?name=shop-db-1");
  await expect(page.getByTestId("container-name")).toHaveText("shop-db-1");

  // Another container through the API: 404, as if it did not exist.
  const other = await page.request.get("/api/containers/legacy-report-1");
  expect(other.status()).toBe(404);
  const page404 = await page.request.get("/api/containers/legacy-report-1/logs?from=1&to=2");
  expect(page404.status()).toBe(404);
});

test("group cart sees a trace through payments with those spans hidden, and says so", async ({ page }) => {
  await page.goto("/");
  await signInAtProvider(page, "carter");
  await expect(page.getByTestId("viewer-name")).toHaveText("carter");
  const now = Date.now();
  const r = await page.request.get(`/api/containers/shop-cart-1/traces?from=${now - 6 * 3_600_000}&to=${now}`);
  const { traces } = (await r.json()) as { traces: { traceId: string; services: string[] }[] };
  const t = traces.find((x) => x.services.includes("payments"));
  expect(t).toBeDefined();
  await page.goto(`/traces/${t?.traceId}?from=now-6h&to=now`);
  await expect(page.getByTestId("trace-redacted")).toContainText("outside your scope");
  const body = await (await page.request.get(`/api/traces/${t?.traceId}?from=${now - 6 * 3_600_000}&to=${now}`)).json();
  expect(JSON.stringify(body)).not.toContain("shop-payments-1");
});

test("logout ends the session here and at the provider", async ({ page }) => {
  await page.goto("/");
  await signInAtProvider(page, "shopper");
  await expect(page.getByTestId("viewer-name")).toHaveText("shopper");
  await page.getByTestId("logout").click();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(`${OIDC_URL}/auth/signed-out`);
  expect((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  expect((await page.request.get("/api/containers")).status()).toBe(401);
  await page.goto("/");
  // The provider's session ended too: it asks for the login again.
  await expect(page.locator('input[name="login"]')).toBeVisible();
});

test("an expired session sends the user back to the login, keeping the deep link", async ({ page, context }) => {
  const key = parseAuthConfig({ SIGHTLINE_SESSION_SECRET: SESSION_SECRET }).config.sessionKey!;
  const past = Math.floor(Date.now() / 1000) - 60;
  const stale = await sealSession(key, { sub: "shopper", user: "shopper", groups: ["shop"], exp: past, sid: "old" });
  await context.addCookies([{ name: SESSION_COOKIE, value: stale, url: OIDC_URL, httpOnly: true, sameSite: "Lax" }]);
  const api = await page.request.get("/api/containers");
  expect(api.status()).toBe(401);
  expect(await api.text()).toContain("Session expired");
  const seen: string[] = [];
  page.on("request", (r) => seen.push(r.url()));
  await page.goto("/containers/shop-queue-1?from=now-1h&to=now");
  await signInAtProvider(page, "shopper");
  await expect(page).toHaveURL(`${OIDC_URL}/containers/shop-queue-1?from=now-1h&to=now`);
  expect(seen.some((u) => u.startsWith(`${OIDC_URL}/auth/login?`) && u.includes("expired=1"))).toBe(true);
  // A forged or foreign cookie is simply no session.
  await context.clearCookies();
  await context.addCookies([{ name: SESSION_COOKIE, value: "not-a-session", url: OIDC_URL }]);
  expect((await page.request.get("/api/containers")).status()).toBe(401);
});
