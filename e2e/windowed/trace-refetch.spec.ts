import { expect, test } from "@playwright/test";

// A huge trace's page keeps asking the server for rows; when another page load makes the server
// fetch the trace again (this project's server does after 3 s, SIGHTLINE_TRACE_FRESH_MS), the
// old positions no longer line up. The first page loads the new version, says so, and keeps the
// span that was selected.
const TRACE = `feed${(Date.now() + 1).toString(16).padStart(20, "0")}${(10_000).toString(16).padStart(8, "0")}`;

test("a trace fetched again by another page load: the page loads the new version, the selection kept", async ({
  page,
  context,
}) => {
  await page.goto(`/traces/${TRACE}`);
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-windowed", "");
  const picked = page.locator('[data-testid="span-row"][data-pos="5"]');
  await picked.click();
  const spanId = await picked.getAttribute("data-span-id");
  await expect(page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`)).toBeVisible();

  // Past the freshness limit, another page load fetches the trace again (a new version).
  await page.waitForTimeout(3500);
  const other = await context.newPage();
  await other.goto(`/traces/${TRACE}`);
  await expect(other.getByTestId("trace-view")).toHaveAttribute("data-windowed", "");
  await other.close();

  // The first page asks for rows of its old version: it loads the new one instead of failing.
  const reloaded = page.waitForResponse((r) => r.url().includes(`/api/traces/${TRACE}/columns`));
  await page.getByTestId("waterfall").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId("trace-refetched")).toContainText("at the span that was selected");
  expect((await reloaded).status()).toBe(200);
  await expect(page.getByTestId("trace-window-error")).toHaveCount(0);
  await expect(page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`)).toHaveClass(/\bsel\b/);
  await expect(page.locator(`[data-testid="span-detail"][data-span-id="${spanId}"]`)).toBeVisible();
  // And it works on: the end of the list loads. (The new version's page scrolls to the selected
  // span once it is found: the scroll to the end is tried again until it stays.)
  await expect(async () => {
    await page.getByTestId("waterfall").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(page.locator('[data-testid="span-row"][data-pos="9999"]')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
});
