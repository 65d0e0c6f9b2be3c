import { expect, test } from "@playwright/test";

test("/go with alert labels lands on the right container and range", async ({ page }) => {
  const startsAt = new Date(Date.now() - 20 * 60_000).toISOString();
  await page.goto(`/go?alertname=HighCPU&name=shop-payments-1&severity=page&startsAt=${encodeURIComponent(startsAt)}`);
  await expect(page).toHaveURL(/\/containers\/shop-payments-1\?/);
  await expect(page.getByTestId("container-name")).toHaveText("shop-payments-1");
  const u = new URL(page.url());
  const from = u.searchParams.get("from");
  expect(from).not.toBeNull();
  expect(Math.abs(Number(from) - (Date.parse(startsAt) - 15 * 60_000))).toBeLessThan(1000);
});

test("/go with compose labels from cAdvisor, several matches, none, and traceId alone", async ({ page }) => {
  await page.goto("/go?container_label_com_docker_compose_service=cart");
  await expect(page.getByTestId("container-name")).toHaveText("shop-cart-1");
  await page.goto("/go?container_label_com_docker_compose_project=shop");
  await expect(page.getByTestId("go-chooser")).toBeVisible();
  await page.goto("/go?name=does-not-exist&job=node");
  await expect(page.getByTestId("go-none")).toContainText("name=does-not-exist");
  await page.goto("/go?traceId=feed00000000000000000000000003e8");
  await expect(page).toHaveURL(/\/traces\/feed00000000000000000000000003e8/);
});

test("/go with a bad startsAt shows the error page", async ({ page }) => {
  await page.goto("/go?name=shop-cart-1&startsAt=not-a-time");
  await expect(page.getByTestId("url-error")).toContainText("startsAt");
});
