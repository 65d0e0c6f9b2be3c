import { expect, test } from "@playwright/test";

// The trace page answers from the server's copy of the trace: a trace Jaeger does not have is
// a 404, a link whose trace ID cannot be read is a 400, and a trace that exists arrives with
// its first rows in the HTML (painted before any script runs). All of it readable without JS.
const TRACE = `feed${"0".repeat(20)}${(10_000).toString(16).padStart(8, "0")}`;
const UNKNOWN = "0123456789abcdef0123456789abcdef";

test("statuses: unknown trace 404, unreadable trace ID 400, a trace 200 with its first rows in the HTML", async ({
  request,
}) => {
  const missing = await request.get(`/traces/${UNKNOWN}`);
  expect(missing.status()).toBe(404);
  const missingHtml = await missing.text();
  expect(missingHtml).toContain('data-testid="trace-not-found"');
  expect(missingHtml).toContain(UNKNOWN);

  const bad = await request.get("/traces/not-a-trace-id");
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("This link has a trace ID Sightline cannot read");

  const ok = await request.get(`/traces/${TRACE}`);
  expect(ok.status()).toBe(200);
  const html = await ok.text();
  // The first rows, not all 10,000: the rest comes as columns.
  const rows = html.match(/data-testid="span-row"/g) ?? [];
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.length).toBeLessThan(200);
  expect(html).toContain("GET /bench");
  expect(html).toContain('data-testid="trace-span-count">10,000<');
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an unknown trace says so, a trace shows its summary and first rows", async ({ page }) => {
    const missing = await page.goto(`/traces/${UNKNOWN}`);
    expect(missing?.status()).toBe(404);
    const notFound = page.getByTestId("trace-not-found");
    await expect(notFound).toContainText("Trace not found");
    await expect(notFound).toContainText(UNKNOWN);
    await expect(notFound.getByTestId("trace-retry")).toHaveAttribute("href", `/traces/${UNKNOWN}`);

    await page.goto(`/traces/${TRACE}`);
    await expect(page.getByTestId("trace-root-name")).toHaveText("GET /bench");
    await expect(page.getByTestId("trace-span-count")).toHaveText("10,000");
    await expect(page.getByTestId("span-row").first()).toBeVisible();
    await expect(page.getByTestId("span-row").first()).toHaveAttribute("data-pos", "0");
  });
});

test("the first rows hydrate into the full trace without being replaced", async ({ page }) => {
  await page.goto(`/traces/${TRACE}`);
  const first = page.getByTestId("span-row").first();
  await expect(first).toBeVisible();
  // Mark the server-rendered row; once the columns load, the same element is still there.
  await first.evaluate((el) => el.setAttribute("data-from-server", "1"));
  await expect(page.getByTestId("trace-view")).toHaveAttribute("data-state", "ready");
  await expect(page.locator('[data-testid="span-row"][data-from-server="1"]')).toHaveCount(1);
  await expect(page.getByTestId("collapse-all")).toBeEnabled();
});
