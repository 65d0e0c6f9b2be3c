import { expect, test } from "@playwright/test";
import { rangeFromUrl, scrollToSeparator } from "../helpers";

test("the worker's OOM kill: markers, separator, header summary, explanation; the link narrows the range", async ({
  page,
}) => {
  await page.goto("/containers/shop-worker-1");
  const summary = page.getByTestId("lifecycle-summary-text");
  await expect(summary).toHaveText(/^restarted 1× in this range, last: (likely )?OOM killed at \d\d:\d\d/);

  // A marker for the exit and one for the restart, on CPU and on memory.
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-lifecycle-markers", "2");
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-lifecycle-markers", "2");

  // Why did it stop?
  const why = page.getByTestId("lifecycle-why");
  await expect(why).toBeVisible();
  await expect(why.getByTestId("lifecycle-explanation")).toContainText("Killed for memory");
  await expect(why).toContainText(/exit code 137/);
  await expect(why).toContainText(/memory reached (9\d|100)% of its 256 MiB limit/);
  await expect(why.getByTestId("lifecycle-last-logs")).toContainText("WARNING worker.consumer: memory high");

  // The header link: the minutes around the kill.
  await page.getByTestId("lifecycle-focus-link").click();
  await expect(page).toHaveURL(/from=\d{13}&to=\d{13}/);
  const { from, to } = rangeFromUrl(page.url());
  expect(to - from).toBe(8 * 60_000);
  // The kill lies in the page's default hour and the range starts 4 minutes before it: at most
  // 1 h + 4 min before now (+ 1 min for this test's own run). The old bound (1 h 1.7 min) failed
  // for a kill 57.7–60 min old, i.e. for runs in about 2 minutes of every hour.
  expect(from).toBeGreaterThan(Date.now() - 3_600_000 - 4 * 60_000 - 60_000);
  await expect(page.getByTestId("lifecycle-summary-text")).toHaveText(/restarted 1× in this range/);
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-lifecycle-markers", "2");

  // The separator sits between the old process' lines and the new one's.
  const sep = await scrollToSeparator(page);
  await expect(sep).toHaveText(/^— restarted \d\d:\d\d:\d\d, exit 137 \((likely )?OOM killed\) —$/);
  const sepAt = Number(await sep.getAttribute("data-at"));
  expect(sepAt).toBeGreaterThan(from);
  expect(sepAt).toBeLessThan(to);

  // The trace scatter carries the same markers.
  await expect(page.getByTestId("traces-panel")).toHaveAttribute("data-lifecycle-markers", "2");
});

test("a container without restarts says so and draws no markers", async ({ page }) => {
  await page.goto("/containers/shop-cart-1");
  await expect(page.getByTestId("lifecycle-summary-text")).toHaveText("no restarts in this range");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-lifecycle-markers", "0");
  await expect(page.getByTestId("lifecycle-why")).toHaveCount(0);
});

test("the inventory badges the worker, restarted after an OOM kill in the last hour", async ({ page }) => {
  await page.goto("/");
  const worker = page.getByTestId("container-row").filter({ hasText: "shop-worker-1" });
  await expect(worker.getByTestId("restart-badge")).toHaveText(/↻ 1/);
  await expect(
    page.getByTestId("container-row").filter({ hasText: "shop-cart-1" }).getByTestId("restart-badge"),
  ).toHaveCount(0);
});
