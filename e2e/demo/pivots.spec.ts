import { expect, test } from "../fixtures";

test("log line trace ID → trace page → span → its logs (span's lines first), Back returns", async ({
  page,
  containerPage,
  tracePage,
}) => {
  await containerPage.open("shop-frontend-1");
  // A successful checkout: its trace runs through cart and payments.
  const row = containerPage.logRowsWith("/api/checkout").filter({ hasText: "status=200" }).first();
  const link = containerPage.traceLinkOf(row);
  await expect(link).toBeVisible();
  const containerUrl = page.url();
  await link.click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  await tracePage.ready();
  const traceId = tracePage.traceId();
  await expect(tracePage.summary).toBeVisible();
  await expect(tracePage.containerChip("shop-frontend-1")).toBeVisible();

  // A payments span → the logs of that span in shop-payments-1.
  const spanId = await tracePage.selectSpanOf("payments");
  await expect(tracePage.spanLogsLink).toContainText("±30 s");
  await tracePage.spanLogsLink.click();
  await expect(page).toHaveURL(new RegExp(`/containers/shop-payments-1\\?.*traceId=${traceId}`));
  expect(page.url()).toContain(`spanId=${spanId}`);
  await expect(containerPage.focusLines).toBeVisible();
  await expect(containerPage.focusLines.getByTestId("log-row").first()).toContainText(traceId);

  await page.goBack();
  await expect(page).toHaveURL(/\/traces\//);
  await page.goBack();
  expect(page.url()).toBe(containerUrl);
});

test("a log line's trace link looks the trace up around the line's own time", async ({ containerPage }) => {
  await containerPage.open("shop-frontend-1");
  const row = containerPage.logRowsWith("/api/checkout").first();
  const at = Number(await row.getAttribute("data-at"));
  const href = (await containerPage.traceLinkOf(row).getAttribute("href")) ?? "";
  const u = new URL(href, "http://x");
  expect(Number(u.searchParams.get("from"))).toBe(Math.floor(at - 300_000));
  expect(Number(u.searchParams.get("to"))).toBe(Math.ceil(at + 300_000));
});

test("exemplar point on the CPU chart → its trace", async ({ page, containerPage, tracePage }) => {
  await containerPage.open("shop-payments-1");
  const chart = page.getByTestId("echart-cpu");
  await expect(containerPage.chart("cpu")).toContainText("exemplars");
  // The pointer on the chart brings the interactive chart (until then the server's SVG drawing shows).
  await chart.hover();
  await expect(chart.locator("canvas")).toBeVisible();
  await expect(containerPage.chart("cpu").getByTestId("chart-svg")).toHaveCount(0);
  // Exemplars sit at 6% height of the hidden axis; click along that line until one opens.
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  const y = box.y + 24 + (1 - 0.06) * (box.height - 48);
  for (let x = box.x + box.width - 14; x > box.x + 60 && !/\/traces\//.test(page.url()); x -= 3) {
    await page.mouse.click(x, y);
    await page.waitForTimeout(20);
  }
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  await tracePage.ready();
});

test("trace → container → metrics at the span's time", async ({ page, containerPage, tracePage }) => {
  await containerPage.open("shop-cart-1");
  await containerPage.traceRows.first().getByRole("link").click();
  await tracePage.ready();
  await tracePage.selectSpanOf("cart");
  await expect(tracePage.spanMetricsLink).toContainText("±15 min");
  await tracePage.spanMetricsLink.click();
  await expect(page).toHaveURL(/\/containers\/shop-cart-1\?.*from=\d{13}&to=\d{13}.*tab=metrics/);
  await expect(containerPage.chart("cpu")).toHaveAttribute("data-has-data", "1");
});

test("log line → the surrounding lines of its stream, the line marked", async ({ containerPage }) => {
  await containerPage.open("shop-payments-1", "from=now-30m&to=now&q=ERROR");
  // The panel's own answer (the count shows only then), not the HTML's preview of the server's
  // range: the browser's clock is pinned 10+ minutes before the server's here.
  await expect(containerPage.logs.getByTestId("log-count")).toBeVisible();
  const row = containerPage.logRows.first();
  await expect(row).toBeVisible();
  const text = await row.locator(".msg").textContent();
  const ctx = await containerPage.openContext(row);
  await expect(ctx).toContainText('container="shop-payments-1"');
  const lines = ctx.getByTestId("log-row");
  await expect(lines.first()).toBeVisible();
  // Context ignores the ERROR filter: neighbours of other levels and the stack trace show too.
  expect(await lines.count()).toBeGreaterThan(5);
  await expect(ctx.locator(".logrow.hl .msg")).toHaveText(text ?? "");
  await ctx.getByRole("button", { name: "Close" }).click();
  await expect(ctx).toHaveCount(0);
});
