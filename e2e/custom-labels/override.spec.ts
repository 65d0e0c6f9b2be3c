import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

// This server's Loki labels streams only with `ctr_name` and `job` (an unusual convention).
const FILE = "test-results/correlation-override.json";

test.beforeAll(() => rmSync(FILE, { force: true }));
test.afterAll(() => rmSync(FILE, { force: true }));

test("an unusual Loki label shows the reason, then works once the override is configured", async ({ page }) => {
  await page.goto("/containers/shop-cart-1?from=now-30m&to=now");
  const logs = page.getByTestId("logs-panel");
  const reason = logs.getByTestId("reason");
  await expect(reason).toContainText("shop-cart-1");
  await expect(reason).toContainText("ctr_name");
  await expect(logs.getByTestId("log-row")).toHaveCount(0);
  // Metrics and traces are unaffected by Loki's convention.
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");

  await page.goto("/settings/correlation?container=shop-cart-1");
  await expect(page.getByTestId("mapping-loki")).toHaveAttribute("data-status", "reason");

  mkdirSync("test-results", { recursive: true });
  writeFileSync(FILE, JSON.stringify({ loki: { label: "ctr_name", key: "name" } }));
  await page.reload();
  await expect(page.getByTestId("mapping-loki")).toHaveAttribute("data-status", "mapping");
  await expect(page.getByTestId("mapping-loki")).toContainText("override");

  await page.goto("/containers/shop-cart-1?from=now-30m&to=now");
  await expect(page.getByTestId("logs-panel").getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("logs-panel")).toContainText('ctr_name="shop-cart-1"');
});
