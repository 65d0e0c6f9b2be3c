import { expect, test } from "../fixtures";
import { dragAcross, rangeFromUrl, setFault } from "../helpers";

test("inventory lists the demo shop, grouped, with the demo badge and Prometheus-only containers", async ({
  page,
  inventoryPage,
}) => {
  await inventoryPage.open();
  await expect(page.getByText("demo data")).toBeVisible();
  await expect(inventoryPage.row("shop-payments-1")).toBeVisible();
  await expect(inventoryPage.group("shop").getByRole("heading", { name: "shop", exact: true })).toBeVisible();
  await expect(inventoryPage.row("Prometheus only").first()).toBeVisible();
  await expect(inventoryPage.row("shop-migrate-1").getByText("exited", { exact: true })).toBeVisible();
  // Sparklines come from Prometheus.
  await expect(inventoryPage.sparkline("shop-payments-1")).toBeVisible();
  await inventoryPage.search.fill("com.docker.compose.service=cart");
  await expect(inventoryPage.rows).toHaveCount(1);
});

test("inventory → container → drag a CPU spike → logs and traces follow, URL holds it, reload keeps it", async ({
  page,
  inventoryPage,
}) => {
  await inventoryPage.open();
  await inventoryPage.openContainer("shop-payments-1");
  await expect(page.getByTestId("container-name")).toHaveText("shop-payments-1");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();

  await dragAcross(page, page.getByTestId("echart-cpu"), 0.55, 0.75);
  await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
  const { from, to } = rangeFromUrl(page.url());
  expect(to - from).toBeGreaterThan(60_000);
  expect(to - from).toBeLessThan(30 * 60_000);

  const checkWindow = async () => {
    await expect(page.getByTestId("log-row").first()).toBeVisible();
    for (const at of await page
      .getByTestId("log-row")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-at"))))) {
      expect(at).toBeGreaterThanOrEqual(from);
      expect(at).toBeLessThanOrEqual(to);
    }
    await expect(page.getByTestId("trace-row").first()).toBeVisible();
    for (const at of await page
      .getByTestId("trace-row")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-start"))))) {
      expect(at).toBeGreaterThanOrEqual(from);
      expect(at).toBeLessThanOrEqual(to);
    }
  };
  await checkWindow();
  await page.reload();
  expect(rangeFromUrl(page.url())).toEqual({ from, to });
  await checkWindow();
});

test("Loki failing shows the logs error while metrics and traces still render", async ({ page }) => {
  await setFault("loki", "html500");
  try {
    // A window no other test asks for: with the frozen clock every range is in the past, and the
    // logs API rightly answers a settled range it served in the last minute from memory.
    await page.goto("/containers/shop-cart-1?from=now-31m&to=now");
    const logs = page.getByTestId("logs-panel");
    await expect(logs.getByTestId("panel-error")).toContainText("Loki failed");
    await expect(logs.getByTestId("panel-error")).toContainText("HTML");
    await expect(logs.getByRole("button", { name: "Retry" })).toBeVisible();
    await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
    await expect(page.getByTestId("trace-row").first()).toBeVisible();
  } finally {
    await setFault("loki", "none");
  }
  await page.getByTestId("logs-panel").getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("log-row").first()).toBeVisible();
});

test("a bad URL parameter shows which one and offers the corrected link", async ({ page }) => {
  await page.goto("/containers/shop-cart-1?from=yesterday&to=now");
  await expect(page.getByTestId("url-error")).toContainText("from");
  await page.getByTestId("corrected-link").click();
  await expect(page.getByTestId("container-name")).toHaveText("shop-cart-1");
});

test("themes: explicit dark and light, otherwise the system's", async ({ page }) => {
  await page.goto("/?theme=dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.goto("/?theme=light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /./);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(17, 19, 24)");
});
