// Sightline against the real environment: real Podman containers, real Prometheus metrics, and
// Loki/Jaeger mocks fed with those containers' real log lines and trace IDs.
import { expect, type Page, test } from "@playwright/test";
import type { ContainerMetricsResponse } from "@/lib/queries/types";
import { containerId, SHOP } from "./env";
import { REAL_JAEGER_PORT } from "./setup";

const MIB = 1024 * 1024;

test("inventory lists the four real containers, running, in compose project shop, with sparklines", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByText("demo data")).toHaveCount(0);
  const project = page.getByRole("region", { name: "Compose project shop" });
  await expect(project.getByRole("heading", { name: "shop" })).toBeVisible();
  for (const name of SHOP) {
    const row = project.locator(`[data-testid="container-row"][data-name="${name}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByText("running", { exact: true })).toBeVisible();
    await expect(row).toContainText(containerId(name).slice(0, 12));
  }
  // Sparklines cover the last hour on a 1-minute grid: right after up.mjs there may be only one
  // live point, so reload until Prometheus has two.
  await expect(async () => {
    await page.goto("/");
    for (const name of SHOP) {
      await expect(page.getByRole("img", { name: `CPU of ${name}` })).toBeVisible({ timeout: 5000 });
      await expect(page.getByRole("img", { name: `Memory of ${name}` })).toBeVisible({ timeout: 5000 });
    }
  }).toPass({ timeout: 100_000, intervals: [5000] });
});

test("shop-payments-1 shows real CPU and memory, the memory chart against its 64 MiB limit", async ({ page }) => {
  // An absolute range, so the API can be asked for the very answer the page drew (the page
  // answers its panels in its HTML: no API request of its own).
  const to = Date.now();
  const from = to - 15 * 60_000;
  await page.goto(`/containers/shop-payments-1?from=${from}&to=${to}`);
  await expect(page.getByTestId("container-name")).toHaveText("shop-payments-1");
  await expect(page.getByTestId("container-state")).toHaveText("running");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("chart-memory")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("chart-memory")).toContainText("Memory vs limit");
  await expect(page.getByTestId("metrics-panel")).toContainText("Prometheus · cadvisor");

  // The chart is a canvas: what it draws is checked on the response the page rendered it from.
  const body = (await (
    await page.request.get(`/api/containers/shop-payments-1/metrics?from=${from}&to=${to}`)
  ).json()) as ContainerMetricsResponse;
  const memory = body.panels.find((p) => p.id === "memory");
  const limit = memory?.series.find((s) => s.role === "limit");
  const used = memory?.series.find((s) => s.role !== "limit");
  const limitValues = new Set(limit?.points.map(([, v]) => v).filter((v) => v !== null));
  expect([...limitValues]).toEqual([64 * MIB]);
  // Real working set of a busybox shell plus its tmpfs files: above zero, below the limit.
  const usedValues = (used?.points ?? []).flatMap(([, v]) => (v === null ? [] : [v]));
  expect(usedValues.length).toBeGreaterThan(0);
  for (const v of usedValues) {
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThanOrEqual(64 * MIB);
  }
});

test("logs of shop-frontend-1 are its real logfmt lines", async ({ page }) => {
  await page.goto("/containers/shop-frontend-1?from=now-15m&to=now");
  const logs = page.getByTestId("logs-panel");
  await expect(logs).toContainText('Loki {container="shop-frontend-1"}');
  // Every line is the frontend's own logfmt (the row's title holds the raw line).
  const row = page.getByTestId("log-row").first();
  await expect(row).toHaveAttribute(
    "title",
    /^ts=\S+Z level=(info|warn|error) caller=http\.go:88 msg="[^"]+" method=[A-Z]+ route=\S+ status=\d{3} duration_ms=\d+ trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}$/,
  );
  await expect(row.getByTestId("log-trace-link")).toBeVisible();
  // Nothing of another container leaks in.
  await expect(page.getByTestId("log-row").filter({ hasText: '"service":"cart"' })).toHaveCount(0);
});

interface V1Trace {
  traceID: string;
  spans: { processID: string; startTime: number }[];
  processes: Record<string, { serviceName: string }>;
}

/**
 * A checkout whose trace ID all three services logged: the frontend hands only some IDs on
 * (cart and payments take the newest one each loop), so pick one from the mock Jaeger, and at
 * least a few seconds old so every line of it is in.
 */
async function threeServiceCheckout(): Promise<string> {
  let found: string | undefined;
  await expect(async () => {
    const now = Date.now();
    const q = new URLSearchParams({
      service: "payments",
      operation: "POST /api/payments/charge",
      start: String((now - 15 * 60_000) * 1000),
      end: String((now - 5000) * 1000),
      limit: "50",
    });
    const r = await fetch(`http://127.0.0.1:${REAL_JAEGER_PORT}/api/traces?${q}`);
    const body = (await r.json()) as { data: V1Trace[] };
    found = body.data.find((t) => {
      const services = new Set(t.spans.map((s) => t.processes[s.processID]?.serviceName));
      return services.has("frontend") && services.has("cart") && services.has("payments");
    })?.traceID;
    expect(found, "a checkout trace through frontend, cart and payments").toBeTruthy();
  }).toPass({ timeout: 60_000, intervals: [2000] });
  return found ?? "";
}

async function openFrontendLogLineOf(page: Page, traceId: string) {
  await page.goto(`/containers/shop-frontend-1?from=now-15m&to=now&q=${traceId}`);
  const row = page.getByTestId("log-row").filter({ hasText: `trace_id=${traceId}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("route=/api/checkout status=200");
  await row.getByTestId("log-trace-link").click();
}

test("log line trace ID → trace of the real containers → payments span → its lines in shop-payments-1", async ({
  page,
}) => {
  const traceId = await threeServiceCheckout();
  await openFrontendLogLineOf(page, traceId);
  await expect(page).toHaveURL(new RegExp(`/traces/${traceId}`));
  await expect(page.getByTestId("trace-id")).toContainText(traceId);
  await expect(page.getByTestId("trace-root-service")).toHaveText("frontend");
  const strip = page.getByTestId("containers-strip");
  for (const name of ["shop-frontend-1", "shop-cart-1", "shop-payments-1"]) {
    await expect(strip.locator(`[data-testid="container-chip"][data-container="${name}"]`)).toBeVisible();
  }
  await expect(strip.getByTestId("container-chip")).toHaveCount(3);

  const span = page.locator('[data-testid="span-row"][data-service="payments"]');
  await expect(span).toHaveCount(1);
  const spanId = await span.getAttribute("data-span-id");
  expect(spanId).toMatch(/^[0-9a-f]{16}$/);
  await span.click();
  await expect(page.getByTestId("span-detail")).toBeVisible();
  await page.getByTestId("span-logs-link").click();
  await expect(page).toHaveURL(new RegExp(`/containers/shop-payments-1\\?.*traceId=${traceId}`));
  expect(page.url()).toContain(`spanId=${spanId}`);
  await expect(page.getByTestId("container-name")).toHaveText("shop-payments-1");
  // The Spring line that logged this span: [<trace>-<span>].
  const focus = page.getByTestId("focus-lines");
  await expect(focus.getByTestId("log-row").first()).toContainText(`[${traceId}-${spanId}]`);
  await expect(focus.getByTestId("log-row").first()).toContainText("POST /api/payments/charge");
});

test("the traces panel of shop-cart-1 lists traces pinned to the real container", async ({ page }) => {
  await page.goto("/containers/shop-cart-1?from=now-15m&to=now");
  const traces = page.getByTestId("traces-panel");
  await expect(traces).toContainText("Jaeger · service cart");
  await expect(traces.getByTestId("trace-row").first()).toBeVisible();
  await traces.getByTestId("trace-row").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  await expect(
    page.getByTestId("containers-strip").locator('[data-testid="container-chip"][data-container="shop-cart-1"]'),
  ).toBeVisible();
});
