import { expect, test } from "@playwright/test";

test("log line trace ID → trace page → span → its logs (span's lines first), Back returns", async ({ page }) => {
  await page.goto("/containers/shop-frontend-1?from=now-30m&to=now");
  // A successful checkout: its trace runs through cart and payments.
  const link = page
    .getByTestId("log-row")
    .filter({ hasText: "/api/checkout" })
    .filter({ hasText: "status=200" })
    .first()
    .getByTestId("log-trace-link");
  await expect(link).toBeVisible();
  const containerUrl = page.url();
  await link.click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  const traceId = /\/traces\/([0-9a-f]{32})/.exec(page.url())?.[1];
  await expect(page.getByTestId("trace-header")).toBeVisible();
  await expect(page.getByTestId("span-row").first()).toBeVisible();
  await expect(page.getByTestId("containers-strip")).toContainText("shop-frontend-1");

  // A payments span → the logs of that span in shop-payments-1.
  const span = page.locator('[data-testid="span-row"][data-service="payments"]').first();
  const spanId = await span.getAttribute("data-span-id");
  await span.click();
  await expect(page.getByTestId("span-detail")).toBeVisible();
  await page.getByTestId("span-logs-link").click();
  await expect(page).toHaveURL(new RegExp(`/containers/shop-payments-1\\?.*traceId=${traceId}`));
  expect(page.url()).toContain(`spanId=${spanId}`);
  const focus = page.getByTestId("focus-lines");
  await expect(focus).toBeVisible();
  await expect(focus.getByTestId("log-row").first()).toContainText(traceId ?? "");

  await page.goBack();
  await expect(page).toHaveURL(/\/traces\//);
  await page.goBack();
  expect(page.url()).toBe(containerUrl);
});

test("exemplar point on the CPU chart → its trace", async ({ page }) => {
  await page.goto("/containers/shop-payments-1?from=now-30m&to=now");
  const chart = page.getByTestId("echart-cpu");
  await expect(page.getByTestId("chart-cpu")).toContainText("exemplars");
  // Exemplars sit at 6% height of the hidden axis; click along that line until one opens.
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  const y = box.y + 24 + (1 - 0.06) * (box.height - 48);
  for (let x = box.x + box.width - 14; x > box.x + 60 && !/\/traces\//.test(page.url()); x -= 3) {
    await page.mouse.click(x, y);
    await page.waitForTimeout(20);
  }
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  await expect(page.getByTestId("span-row").first()).toBeVisible();
});

test("trace → container → metrics at the span's time", async ({ page }) => {
  await page.goto("/containers/shop-cart-1?from=now-30m&to=now");
  await page.getByTestId("trace-row").first().getByRole("link").click();
  await expect(page.getByTestId("span-row").first()).toBeVisible();
  const span = page.locator('[data-testid="span-row"][data-service="cart"]').first();
  await span.click();
  await page.getByTestId("span-metrics-link").click();
  await expect(page).toHaveURL(/\/containers\/shop-cart-1\?.*from=\d{13}&to=\d{13}.*tab=metrics/);
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
});

test("log line → the surrounding lines of its stream, the line marked", async ({ page }) => {
  await page.goto("/containers/shop-payments-1?from=now-30m&to=now&q=ERROR");
  const row = page.getByTestId("logs-panel").getByTestId("log-list").getByTestId("log-row").first();
  await expect(row).toBeVisible();
  const text = await row.locator(".msg").textContent();
  await row.hover();
  await row.getByTestId("log-context-button").click();
  const ctx = page.getByTestId("log-context");
  await expect(ctx).toContainText('container="shop-payments-1"');
  const lines = ctx.getByTestId("log-row");
  await expect(lines.first()).toBeVisible();
  // Context ignores the ERROR filter: neighbours of other levels and the stack trace show too.
  expect(await lines.count()).toBeGreaterThan(5);
  await expect(ctx.locator(".logrow.hl .msg")).toHaveText(text ?? "");
  await ctx.getByRole("button", { name: "Close" }).click();
  await expect(ctx).toHaveCount(0);
});
