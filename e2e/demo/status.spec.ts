import { expect, test } from "@playwright/test";

// HTTP status of every server-rendered page (#13): a link a page cannot read is a 400 with
// its "cannot read this link" page, an unknown container a 404; a monitor or a deep-link
// checker sees the failure. Plain requests: no browser, no JavaScript. (The trace page's 404
// is not asserted here; its malformed IDs are.)
const BAD_RANGE = "from=banana&to=now";

test("a malformed URL parameter answers 400 with the page's explanation, on every page", async ({ request }) => {
  for (const path of [
    `/containers/shop-cart-1?${BAD_RANGE}`,
    `/embed/containers/shop-cart-1?${BAD_RANGE}`,
    `/k8s/shop/pods/storefront-6c7f9d8b5-k2x7p/web?${BAD_RANGE}`,
    `/k8s/shop/deployments/storefront?${BAD_RANGE}`,
    `/go?${BAD_RANGE}`,
    "/traces/not-a-trace-id",
  ]) {
    const r = await request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(400);
    expect(await r.text(), path).toMatch(/<html/);
  }
});

test("an unknown container answers 404 on the container page and the embed", async ({ request }) => {
  const c = await request.get("/containers/no-such-container-zz9?from=now-1h&to=now");
  expect(c.status()).toBe(404);
  // The message is in the HTML itself (not only in the payload scripts render): a monitor or
  // curl reads it. Before, notFound() answered an empty shell.
  const page = (await c.text()).replaceAll("<!-- -->", "");
  expect(page).toContain('data-testid="container-not-found"');
  expect(page).toContain("No container “no-such-container-zz9”");
  const k = await request.get("/k8s/shop/widgets/storefront");
  expect(k.status()).toBe(404);
  // Sightline's own 404 page (not Next's bare one) says what is there and what exists.
  const html = (await k.text()).replaceAll("<!-- -->", "");
  expect(html).toContain('data-testid="not-found"');
  expect(html).toContain("/k8s/shop/widgets/storefront");
  expect(html).toContain("deployments|statefulsets");
  const other = await request.get("/no/such/page");
  expect(other.status()).toBe(404);
  expect(await other.text()).toContain('data-testid="not-found"');
});

test("a workload link spelled the kubectl way (deployment, deploy, sts) goes to the canonical path, query kept", async ({
  request,
}) => {
  for (const [seg, canonical] of [
    ["deployment", "deployments"],
    ["deploy", "deployments"],
    ["Deployment", "deployments"],
  ]) {
    const r = await request.get(`/k8s/shop/${seg}/storefront?from=now-1h&to=now`, { maxRedirects: 0 });
    expect(r.status(), seg).toBe(308);
    expect(r.headers().location, seg).toBe(`/k8s/shop/${canonical}/storefront?from=now-1h&to=now`);
  }
  const followed = await request.get("/k8s/shop/deployment/storefront?from=now-1h&to=now");
  expect(followed.status()).toBe(200);
  expect(new URL(followed.url()).pathname).toBe("/k8s/shop/deployments/storefront");
});

test("the embed's 404 says so in its HTML, readable without JavaScript", async ({ request, browser, baseURL }) => {
  const path = "/embed/containers/no-such-container-zz9?from=now-1h&to=now";
  const r = await request.get(path);
  expect(r.status()).toBe(404);
  // React separates text parts with empty comments: compare the text.
  const html = (await r.text()).replaceAll("<!-- -->", "");
  expect(html).toContain('data-testid="embed-not-found"');
  expect(html).toMatch(/No container “no-such-container-zz9” in any engine or in Prometheus/);
  // And drawn by a browser that runs no script.
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    const res = await page.goto(`${baseURL}${path}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("embed-not-found")).toContainText("no-such-container-zz9");
  } finally {
    await ctx.close();
  }
});

test("known containers keep 200", async ({ request }) => {
  for (const path of [
    "/containers/shop-cart-1?from=now-1h&to=now",
    "/embed/containers/shop-cart-1?from=now-1h&to=now",
    "/k8s/shop/deployments/storefront?from=now-1h&to=now",
  ]) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
});

test("the tab has Sightline's icon: /favicon.ico answers an icon and pages link it", async ({ request }) => {
  // Without one, every first page load in a browser logged a 404 for /favicon.ico.
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toContain("image/x-icon");
  const bytes = await ico.body();
  expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICONDIR: reserved 0, type 1 (icon)
  const html = await (await request.get("/containers/shop-cart-1?from=now-30m&to=now")).text();
  expect(html).toMatch(/<link rel="icon" href="\/favicon\.ico[^"]*"/);
});
