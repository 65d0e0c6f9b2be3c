// shop-cart-1's lines reach the real Loki the way an OTel log pipeline ships them: the trace and
// span IDs are not in the text but in structured metadata (scripts/testenv/shipper.mjs). The log
// line → trace link and span → logs must still work.
import { expect, test } from "@playwright/test";

test("a cart line whose trace ID is only in structured metadata links to its trace, and back to its lines", async ({
  page,
}) => {
  await page.goto("/containers/shop-cart-1?from=now-15m&to=now");
  const logs = page.getByTestId("logs-panel");
  await expect(logs).toContainText('Loki {container="shop-cart-1"}');
  const row = page.getByTestId("log-row").filter({ hasText: '"msg":"request handled"' }).first();
  await expect(row).toBeVisible();
  // The text of the line has no trace ID at all…
  const title = (await row.getAttribute("title")) ?? "";
  expect(title).toMatch(/^\{"time":"[^"]+","level":"info","service":"cart","msg":"request handled"/);
  expect(title).not.toMatch(/traceId|[0-9a-f]{32}/);
  // …yet the row links to its trace.
  const link = row.getByTestId("log-trace-link");
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  const traceId = /\/traces\/([0-9a-f]{32})/.exec(page.url())?.[1] ?? "";
  await expect(page.getByTestId("trace-id")).toContainText(traceId);
  const strip = page.getByTestId("containers-strip");
  await expect(strip.locator('[data-testid="container-chip"][data-container="shop-cart-1"]')).toBeVisible();

  // Span → logs: the cart span's lines are found through the metadata filter.
  const span = page.locator('[data-testid="span-row"][data-service="cart"]').first();
  await span.click();
  await page.getByTestId("span-logs-link").click();
  await expect(page).toHaveURL(new RegExp(`/containers/shop-cart-1\\?.*traceId=${traceId}`));
  const focus = page.getByTestId("focus-lines");
  const first = focus.getByTestId("log-row").first();
  await expect(first).toBeVisible();
  // A cart line of this trace whose text (the row's title) carries no trace ID.
  await expect(first).toHaveAttribute("title", /^\{"time":"[^"]+","level":"\w+","service":"cart"/);
  expect((await first.getAttribute("title")) ?? "").not.toContain(traceId);
});
