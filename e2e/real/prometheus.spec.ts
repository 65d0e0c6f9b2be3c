// The real Prometheus going away mid-session and coming back: the metrics panel says so (backend
// named, connection refused) while logs and traces stay, and recovers on Retry, all on one page.
import { expect, test } from "@playwright/test";
import { envControls } from "./env";

test("Prometheus stopped → metrics error state; started again → Retry recovers without a reload", async ({ page }) => {
  const env = await envControls();
  await page.goto("/containers/shop-payments-1?from=now-15m&to=now");
  const metrics = page.getByTestId("metrics-panel");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-row").first()).toBeVisible();
  // A mark on this document: it survives only if nothing reloads the page.
  await page.evaluate(() => {
    (window as unknown as { sightlineMark?: string }).sightlineMark = "before";
  });

  env.stopPrometheus();
  try {
    // Re-resolve "now": a new range is a new metrics query, which now finds nobody listening.
    await page.getByRole("button", { name: "↻" }).click();
    const error = metrics.getByTestId("panel-error");
    await expect(error).toContainText("Prometheus failed to load metrics");
    await expect(error).toContainText(/cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/);
    // Loki and Jaeger are separate backends: their panels are untouched.
    await expect(page.getByTestId("log-row").first()).toBeVisible();
    await expect(page.getByTestId("trace-row").first()).toBeVisible();
    await expect(page.getByTestId("logs-panel").getByTestId("panel-error")).toHaveCount(0);
    await expect(page.getByTestId("traces-panel").getByTestId("panel-error")).toHaveCount(0);
    const health = (await (await page.request.get("/api/health")).json()) as {
      backends: { backend: string; ok: boolean }[];
    };
    expect(health.backends.find((b) => b.backend === "prometheus")?.ok).toBe(false);
  } finally {
    await env.startPrometheus();
  }

  await metrics.getByRole("button", { name: "Retry" }).click();
  await expect(metrics.getByTestId("panel-error")).toHaveCount(0);
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-has-data", "1");
  // Same document throughout: recovery came from the panel, not from a page load.
  expect(await page.evaluate(() => (window as unknown as { sightlineMark?: string }).sightlineMark)).toBe("before");
});
