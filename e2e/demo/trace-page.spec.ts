import { expect, test } from "@playwright/test";

// A generated 10,000-span trace (the demo Jaeger serves `feed…` IDs with the span count in the
// last 8 hex digits). The page gets the waterfall as binary columns and asks the server for
// search results and span details: every on-demand path of the trace page runs here.
const TRACE = `feed${"0".repeat(20)}${(10_000).toString(16).padStart(8, "0")}`;

test("a 10,000-span trace: columns render, search and detail come from the server, collapse works", async ({
  page,
}) => {
  await page.goto(`/traces/${TRACE}`);
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-span-count", "10000");
  await expect(page.getByTestId("trace-span-count")).toHaveText("10,000");
  await expect(page.getByTestId("trace-root-name")).toHaveText("GET /bench");
  const first = page.getByTestId("span-row").first();
  await expect(first).toBeVisible();
  // The virtualiser keeps the DOM small.
  expect(await page.getByTestId("span-row").count()).toBeLessThan(200);

  // Search matches attribute values the browser never received ("SyntheticError" is an
  // attribute of the failing spans only).
  await page.getByTestId("trace-search").fill("SyntheticError");
  await expect(page.getByTestId("trace-search-count")).toHaveText(/^\d[\d,]* match(es)?$/);
  // The next-match button selects the first match and scrolls it into view.
  await page.getByTestId("trace-search-next").click();
  const matched = page.locator('[data-testid="span-row"].sel');
  await expect(matched).toBeVisible();
  await expect(matched).toHaveClass(/\bmatch\b/);
  await expect(matched).toHaveAttribute("data-error", "true");

  // Span detail: identity from the columns, attributes from the server.
  const spanId = await matched.getAttribute("data-span-id");
  const detail = page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`);
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId("span-detail-id")).toHaveText(spanId ?? "");
  await expect(detail.getByTestId("span-attributes")).toContainText("error.type");
  await expect(detail.getByTestId("span-attributes")).toContainText("SyntheticError");
  await expect(page).toHaveURL(new RegExp(`spanId=${spanId}`));

  // Collapse all leaves the root; expand all brings every span back.
  await page.getByTestId("trace-search").fill("");
  await page.getByTestId("collapse-all").click();
  await expect(page.getByTestId("visible-count")).toHaveText("1 of 10,000 spans shown");
  await page.getByTestId("expand-all").click();
  await expect(page.getByTestId("visible-count")).toHaveText("10,000 spans");

  // A link to one span opens with that span selected and its detail loaded.
  await page.goto(`/traces/${TRACE}?spanId=${spanId}`);
  await expect(
    page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`).getByTestId("span-attributes"),
  ).toContainText("SyntheticError");
});

test("a trace that is not there says so", async ({ page }) => {
  await page.goto("/traces/0123456789abcdef0123456789abcdef");
  await expect(page.getByTestId("trace-not-found")).toBeVisible();
});
