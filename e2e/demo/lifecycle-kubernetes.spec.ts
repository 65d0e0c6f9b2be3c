import { expect, test } from "@playwright/test";
import { rangeFromUrl, scrollToSeparator } from "../helpers";

// The demo cluster's checkout container: OOMKilled 20 minutes after the world started and
// restarted 12 s later; Kubernetes (status + Events) and Prometheus (cAdvisor start times,
// kube-state-metrics) say so together.
const CHECKOUT = "/k8s/shop/pods/checkout-7d9f6b5c4-x2kq9/checkout";

test("the OOMKilled Kubernetes container: markers, separator, header summary, explanation from kubernetes; the link narrows the range", async ({
  page,
}) => {
  await page.goto(CHECKOUT);
  const summary = page.getByTestId("lifecycle-summary-text");
  await expect(summary).toHaveText(/^restarted 1× in this range, last: OOM killed at \d\d:\d\d/);

  // The exit and the restart, plus the two failed readiness probes (first and last of three).
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-lifecycle-markers", "4");
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-lifecycle-markers", "4");

  const why = page.getByTestId("lifecycle-why");
  await expect(why).toBeVisible();
  await expect(why.getByTestId("lifecycle-explanation")).toContainText(
    "Killed for memory: Kubernetes reported OOMKilled",
  );
  await expect(why).toContainText("exit code 137 (kubernetes + prometheus)");
  await expect(why).toContainText(/Kubernetes reported an OOM kill at \d\d:\d\d:\d\d UTC \(kubernetes \+ prometheus\)/);
  await expect(why).toContainText(/memory reached (9\d|100)% of its 256 MiB limit/);
  await expect(why).toContainText(/the health check reported unhealthy/);

  await page.getByTestId("lifecycle-focus-link").click();
  await expect(page).toHaveURL(/\/k8s\/shop\/pods\/checkout-7d9f6b5c4-x2kq9\/checkout\?.*from=\d{13}&to=\d{13}/);
  const { from, to } = rangeFromUrl(page.url());
  expect(to - from).toBe(8 * 60_000);
  expect(from).toBeGreaterThan(Date.now() - 3_700_000);
  await expect(page.getByTestId("lifecycle-summary-text")).toHaveText(/restarted 1× in this range/);
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-lifecycle-markers", "4");

  const sep = await scrollToSeparator(page);
  await expect(sep).toHaveText(/^— restarted \d\d:\d\d:\d\d, exit 137 \(OOM killed\) —$/);
  const sepAt = Number(await sep.getAttribute("data-at"));
  expect(sepAt).toBeGreaterThan(from);
  expect(sepAt).toBeLessThan(to);

  // The trace scatter carries the same markers.
  await expect(page.getByTestId("traces-panel")).toHaveAttribute("data-lifecycle-markers", "4");
});

test("a Kubernetes container without restarts says so", async ({ page }) => {
  await page.goto("/k8s/shop/pods/db-0/postgres");
  await expect(page.getByTestId("lifecycle-summary-text")).toHaveText("no restarts in this range");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-lifecycle-markers", "0");
});

test("the inventory badges the OOM-killed Kubernetes container, not its neighbours", async ({ page }) => {
  await page.goto("/");
  const shop = page.locator('[data-testid="kube-namespace"][data-namespace="shop"]');
  const row = (name: string) => shop.locator(`[data-testid="container-row"][data-name$="${name}"]`);
  await expect(row("/checkout-7d9f6b5c4-x2kq9/checkout").getByTestId("restart-badge")).toHaveText("OOM ×1 · ↻ 1");
  await expect(row("/checkout-7d9f6b5c4-x2kq9/envoy").getByTestId("restart-badge")).toHaveCount(0);
  await expect(row("/db-0/postgres").getByTestId("restart-badge")).toHaveCount(0);
});
