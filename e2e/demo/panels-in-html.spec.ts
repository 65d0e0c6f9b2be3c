// A deep link's panels come with the page: the server answers the panels' API URLs in the HTML
// (trace rows, the logs' first screen of rows, and each chart drawn as an SVG of the same
// option and data), so they paint before the page's JavaScript has run. The metrics and traces
// panels take those answers as their queries' data (no API request for the page's own range);
// the logs panel asks for its whole page once. The charts' drawings (metrics, log volume,
// trace scatter) stay until a chart is needed: the pointer comes to one; then ECharts loads and
// every chart of the page gives way to its interactive canvas.
// Plain @playwright/test (no frozen browser clock): the page uses the server's clock only when
// the browser's agrees with it, as in real life.
import { expect, test } from "@playwright/test";

const PAGE = "/containers/shop-cart-1?from=now-30m&to=now";

test("the HTML carries the three panels with their data", async ({ request }) => {
  const res = await request.get(PAGE, { headers: { accept: "text/html" } });
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toMatch(/data-testid="chart-cpu" data-has-data="1"/);
  expect(html).toMatch(/<img [^>]*src="data:image\/svg\+xml;base64,[^"]+"[^>]*data-testid="chart-svg"/);
  expect(html).toContain('data-testid="log-row"');
  expect(html).toContain('data-testid="trace-row"');
});

test("a client-side request for the page (RSC) does not answer the panels on the server", async ({ request }) => {
  const res = await request.get(PAGE, { headers: { accept: "*/*", rsc: "1" } });
  expect(res.headers()["content-type"]).toContain("text/x-component");
  const body = await res.text();
  expect(body).toContain("shop-cart-1");
  expect(body).not.toContain("data:image/svg+xml");
});

test("the panels use the page's answers; the pointer on a chart brings the live charts", async ({ page }) => {
  const api: string[] = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (/^\/api\/containers\/[^/]+\/(metrics|logs|traces)$/.test(u.pathname)) api.push(u.pathname);
  });
  await page.goto(PAGE);
  await expect(page.getByTestId("log-list").getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();
  const cpu = page.getByTestId("chart-cpu");
  await expect(cpu).toHaveAttribute("data-has-data", "1");
  // The logs panel's whole first page (the HTML had its first screen).
  await expect(page.getByTestId("log-count")).toContainText("lines");
  await page.waitForLoadState("networkidle");
  expect(api).toEqual(["/api/containers/shop-cart-1/logs"]);
  // Nothing needed ECharts yet: every chart still shows the server's drawing.
  const volume = page.getByTestId("logs-panel");
  const scatter = page.getByTestId("traces-panel");
  for (const panel of [cpu, volume, scatter]) {
    await expect(panel.getByTestId("chart-svg")).toBeVisible();
    await expect(panel.locator("canvas")).toHaveCount(0);
  }
  // The pointer on the CPU chart: ECharts draws every chart, the drawings go.
  await page.getByTestId("echart-cpu").hover();
  for (const panel of [cpu, volume, scatter]) {
    await expect(panel.locator("canvas").first()).toBeVisible();
    await expect(panel.getByTestId("chart-svg")).toHaveCount(0);
  }
});

test("a browser whose clock is elsewhere still gets its panels (its own range, asked again)", async ({ page }) => {
  await page.clock.setFixedTime(Date.now() - 15 * 60_000);
  await page.goto(PAGE);
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-list").getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();
});
