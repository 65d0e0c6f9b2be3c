// A deep link's panels come with the page: the server answers the panels' API URLs in the HTML
// (trace rows, the logs' first screen of rows, and each chart drawn as an SVG of the same
// option and data), so they paint before the page's JavaScript has run. The metrics and traces
// panels take those answers as their queries' data (no API request for the page's own range);
// the logs panel asks for its whole page once. The charts' drawings (metrics, log volume,
// trace scatter) stay until a chart is needed: the pointer comes to one; then ECharts loads and
// every chart of the page gives way to its interactive canvas.
// Plain @playwright/test (no frozen browser clock): the page uses the server's clock only when
// the browser's agrees with it, as in real life.
import { expect, type Page, test } from "@playwright/test";
import { dragAcross } from "../helpers";

const PAGE = "/containers/shop-cart-1?from=now-30m&to=now";

test("the HTML carries the three panels with their data", async ({ request }) => {
  const res = await request.get(PAGE, { headers: { accept: "text/html" } });
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toMatch(/data-testid="chart-cpu" data-has-data="1"/);
  // The drawings by URL, not inline (as data URLs they were in the HTML twice: the <img> and React's payload).
  const src = /<img [^>]*src="(\/api\/containers\/shop-cart-1\/drawing\/[\w-]+)"[^>]*data-testid="chart-svg"/.exec(
    html,
  )?.[1];
  expect(src).toBeDefined();
  expect(html).not.toContain("data:image/svg+xml");
  expect(html).toContain('data-testid="log-row"');
  expect(html).toContain('data-testid="trace-row"');
  const img = await request.get(src!);
  expect(img.status()).toBe(200);
  expect(img.headers()["content-type"]).toBe("image/svg+xml");
  expect(await img.text()).toContain("<svg");
  // A drawing belongs to its container: under another container's path it is not found.
  const other = await request.get(src!.replace("shop-cart-1", "shop-frontend-1"));
  expect(other.status()).toBe(404);
});

test("a client-side request for the page (RSC) does not answer the panels on the server", async ({ request }) => {
  const res = await request.get(PAGE, { headers: { accept: "*/*", rsc: "1" } });
  expect(res.headers()["content-type"]).toContain("text/x-component");
  const body = await res.text();
  expect(body).toContain("shop-cart-1");
  expect(body).not.toContain("/drawing/");
});

test("the panels use the page's answers", async ({ page }) => {
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
});

/**
 * Opens `url` until its HTML came with `drawings` charts drawn: a busy server may give up
 * waiting for a backend (SEED_WAIT_MS) and leave a panel to ask the API itself, with no
 * drawing to show (then ECharts draws it at once, rightly). What is tested here is the page
 * that had its drawings.
 */
async function openWithDrawings(page: Page, url: string, drawings: number) {
  for (let i = 0; i < 5; i++) {
    const res = await page.goto(url);
    const html = (await res?.text()) ?? "";
    if ((html.match(/data-testid="chart-svg"/g) ?? []).length >= drawings) return;
  }
  throw new Error(`${url}: the server never answered the panels in its HTML`);
}

test("ECharts loads only when a chart needs it: the pointer on a chart brings every live chart", async ({ page }) => {
  // A range that ended in the past: the logs panel's own answer repeats the HTML's volume
  // (on a range ending now the newest counts may have grown: that redraw needs ECharts).
  const url = "/containers/shop-cart-1?from=now-40m&to=now-10m";
  await openWithDrawings(page, url, 4);
  const cpu = page.getByTestId("chart-cpu");
  await expect(page.getByTestId("log-count")).toContainText("lines");
  await page.waitForLoadState("networkidle");
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

test("a drawing the server no longer has (expired, another replica): the chart draws itself", async ({ page }) => {
  const missing: string[] = [];
  await page.route("**/api/containers/*/drawing/*", async (route) => {
    missing.push(route.request().url());
    await route.fulfill({ status: 404, contentType: "application/json", body: '{"error":{"kind":"not_found"}}' });
  });
  await openWithDrawings(page, "/containers/shop-cart-1?from=now-40m&to=now-10m", 4);
  await expect.poll(() => missing.length).toBeGreaterThan(0);
  // No broken image: each chart whose drawing failed is drawn by ECharts, without a pointer.
  const cpu = page.getByTestId("chart-cpu");
  await expect(cpu).toHaveAttribute("data-has-data", "1");
  await expect(cpu.locator("canvas").first()).toBeVisible();
  await expect(cpu.getByTestId("chart-svg")).toHaveCount(0);
});

test("a browser whose clock is elsewhere still gets its panels (its own range, asked again)", async ({ page }) => {
  await page.clock.setFixedTime(Date.now() - 15 * 60_000);
  await page.goto(PAGE);
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-list").getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();
});

test("over the server's drawings the charts answer at once: tooltip, crosshair on every chart, legend, drag-to-zoom", async ({
  page,
}) => {
  // Its memory chart has more than one line (usage and limit): a legend.
  const url = "/containers/shop-worker-1?from=now-30m&to=now";
  await openWithDrawings(page, url, 4);
  await expect(page.locator('[data-panels="live"]')).toHaveCount(1);
  const memory = page.getByTestId("chart-memory");
  await expect(memory.getByTestId("chart-svg")).toBeVisible();
  const chart = page.getByTestId("echart-memory");
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  const at = (frac: number) => box.x + 56 + (box.width - 68) * frac;

  // No waiting for ECharts: the first move over the drawing shows the tooltip and the crosshair.
  await page.mouse.move(at(0.4), box.y + box.height / 2, { steps: 2 });
  const tip = memory.getByTestId("chart-tooltip");
  await expect(tip).toContainText(/\d\d:\d\d:\d\d/);
  const lines = (await memory.getByRole("group").getByRole("button").allTextContents()).filter(
    (n) => n !== "lifecycle",
  );
  expect(lines.length).toBeGreaterThanOrEqual(2);
  await expect(tip.locator(".chart-tip-row")).toHaveCount(lines.length);
  await expect(page.getByTestId("chart-cpu").getByTestId("chart-crosshair")).toBeVisible();

  // The legend turns a line off in the tooltip and on the chart (ECharts draws it without).
  const off = memory.getByRole("group").getByRole("button").filter({ hasText: lines[0]! });
  await off.click();
  await expect(off).toHaveAttribute("aria-pressed", "false");
  await page.mouse.move(at(0.45), box.y + box.height / 2, { steps: 2 });
  await expect(tip.locator(".chart-tip-row")).toHaveCount(lines.length - 1);
  await expect(memory.getByTestId("chart-svg")).toHaveCount(0);
  await expect(memory.locator("canvas").first()).toBeVisible();

  // A drag across the CPU chart zooms every panel.
  await dragAcross(page, page.getByTestId("echart-cpu"), 0.3, 0.6);
  await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
});

test("an exemplar on the server's drawing opens its trace", async ({ page }) => {
  const url = "/containers/shop-payments-1?from=now-30m&to=now";
  await openWithDrawings(page, url, 4);
  await expect(page.locator('[data-panels="live"]')).toHaveCount(1);
  const cpu = page.getByTestId("chart-cpu");
  await expect(cpu).toContainText("exemplars");
  await expect(cpu.getByTestId("chart-svg")).toBeVisible();
  const box = await page.getByTestId("echart-cpu").boundingBox();
  if (!box) throw new Error("no chart");
  // Exemplars sit at 6% height of the hidden axis; click along that line until one opens.
  const y = box.y + 24 + (1 - 0.06) * (box.height - 48);
  for (let x = box.x + box.width - 14; x > box.x + 60 && !/\/traces\//.test(page.url()); x -= 3) {
    await page.mouse.click(x, y);
    await page.waitForTimeout(20);
  }
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
});
