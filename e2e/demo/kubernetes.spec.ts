import { expect, test } from "@playwright/test";

test("inventory → namespace → workload → pod's container → log line → trace → back to the workload", async ({
  page,
}) => {
  await page.goto("/");
  const shop = page.locator('[data-testid="kube-namespace"][data-namespace="shop"]');
  await expect(shop).toBeVisible();
  await expect(shop.locator('[data-testid="kube-workload"]')).toHaveCount(4);
  // The OOMKilled container shows its last termination in the inventory.
  await expect(shop.getByTestId("last-termination").first()).toContainText("OOMKilled");

  await shop.getByRole("link", { name: "storefront", exact: true }).click();
  await expect(page).toHaveURL(/\/k8s\/shop\/deployments\/storefront/);
  const pods = page.getByTestId("workload-pod");
  // Two pods now, two replaced by the rollout 25 minutes ago.
  await expect(pods).toHaveCount(4);
  await expect(page.locator('[data-testid="workload-pod"][data-listed="0"]')).toHaveCount(2);
  await expect(page.getByTestId("workload-chart-cpu")).toContainText("4 pods");
  // Which line is which pod: a legend in the drawing's colours, one entry per pod, each a link.
  const legend = page.getByTestId("workload-chart-cpu").getByTestId("workload-legend-entry");
  await expect(legend).toHaveCount(4);
  const podNames = await pods.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-pod")));
  expect((await legend.allTextContents()).sort()).toEqual([...podNames].sort());
  const swatches = await legend
    .locator(".chart-swatch")
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(new Set(swatches).size).toBe(4);
  await expect(legend.first().getByRole("link")).toHaveAttribute("href", /\/k8s\/shop\/pods\/storefront-/);
  await expect(page.getByTestId("workload-log-line").first()).toBeVisible();
  await expect(page.getByTestId("workload-trace").first()).toBeVisible();

  const listed = page.locator('[data-testid="workload-pod"][data-listed="1"]').first();
  await listed.getByRole("link", { name: "web" }).click();
  await expect(page).toHaveURL(/\/k8s\/shop\/pods\/storefront-58d4b7c9f-[a-z0-9]+\/web/);
  const link = page.getByTestId("log-row").filter({ hasText: "status=200" }).first().getByTestId("log-trace-link");
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  await expect(page.getByTestId("span-row").first()).toBeVisible();
  const chip = page.locator('[data-testid="container-chip"]').filter({ hasText: "/web" }).first();
  await chip.getByTestId("container-chip-link").click();
  await expect(page).toHaveURL(/\/k8s\/shop\/pods\/storefront-/);
  await page.getByTestId("workload-link").click();
  await expect(page).toHaveURL(/\/k8s\/shop\/deployments\/storefront/);
  await expect(page.getByTestId("workload-page")).toBeVisible();
});

test("a /go link with KubePodCrashLooping labels for a pod deleted by the rollout lands on its page with data", async ({
  page,
}) => {
  const startsAt = new Date(Date.now() - 40 * 60_000).toISOString();
  const endsAt = new Date(Date.now() - 10 * 60_000).toISOString();
  const q = new URLSearchParams({
    alertname: "KubePodCrashLooping",
    namespace: "shop",
    pod: "storefront-6c7f9d8b5-k2x7p",
    container: "web",
    cluster: "demo",
    severity: "warning",
    startsAt,
    endsAt,
  });
  await page.goto(`/go?${q}`);
  await expect(page).toHaveURL(/\/k8s\/shop\/pods\/storefront-6c7f9d8b5-k2x7p\/web\?/);
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-row").first()).toBeVisible();
});

test("/go with only a deployment label opens the workload page", async ({ page }) => {
  await page.goto("/go?alertname=KubeDeploymentReplicasMismatch&namespace=shop&deployment=checkout");
  await expect(page).toHaveURL(/\/k8s\/shop\/deployments\/checkout/);
  await expect(page.getByTestId("workload-pod")).toHaveCount(1);
  await expect(page.getByTestId("workload-page")).toContainText("OOMKilled");
});
