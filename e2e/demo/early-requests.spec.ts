// The container page's panels' requests start from the HTML, before the page's JavaScript has
// loaded, and the panels use those responses: each API request is made once per page load.
// Plain @playwright/test (no frozen browser clock): the page uses the server's clock only when
// the browser's agrees with it, as in real life.
import { expect, test } from "@playwright/test";

test("each panel's data is requested once, by the page's early script, and the panels use it", async ({ page }) => {
  const api: { url: string }[] = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (/^\/api\/containers\/[^/]+\/(metrics|logs|traces)$/.test(u.pathname)) api.push({ url: u.pathname });
  });
  await page.goto("/containers/shop-cart-1?from=now-30m&to=now");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-list").getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();
  await page.waitForLoadState("networkidle");

  const paths = api.map((a) => a.url).sort();
  expect(paths).toEqual([
    "/api/containers/shop-cart-1/logs",
    "/api/containers/shop-cart-1/metrics",
    "/api/containers/shop-cart-1/traces",
  ]);
  // Those were the page's early requests (started by its inline script), and the panels took them.
  const early = await page.evaluate(() => {
    const m = (window as unknown as { __sightlineEarly?: Record<string, unknown> }).__sightlineEarly ?? {};
    return Object.entries(m).map(([url, res]) => ({
      path: new URL(url, location.href).pathname,
      taken: res === undefined,
    }));
  });
  expect(early.map((e) => e.path).sort()).toEqual(paths);
  expect(early.every((e) => e.taken)).toBe(true);
});

test("a browser whose clock is elsewhere still gets its panels (its own range, asked again)", async ({ page }) => {
  await page.clock.setFixedTime(Date.now() - 15 * 60_000);
  await page.goto("/containers/shop-cart-1?from=now-30m&to=now");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-list").getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();
});
