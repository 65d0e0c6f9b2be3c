// The trace pivots with Grafana Tempo as the trace backend: Sightline (project real-tempo, no
// Jaeger configured) against the real Tempo 2.0.1 of scripts/testenv, which receives the real
// containers' spans over OTLP/HTTP, beside the real Loki, Prometheus and Podman.
import { expect, type Page, test } from "@playwright/test";
import { readRealState } from "../real/setup";

interface SearchHit {
  traceID: string;
}

/** A checkout trace through frontend, cart and payments, a few seconds old, from Tempo itself. */
async function checkoutTraceId(): Promise<string> {
  const { tempoUrl } = readRealState();
  let found = "";
  await expect(async () => {
    const now = Math.floor(Date.now() / 1000);
    const q = new URLSearchParams({
      q: '{ resource.service.name = "payments" && name = "POST /api/payments/charge" }',
      start: String(now - 900),
      end: String(now - 3),
      limit: "20",
    });
    const hits = ((await (await fetch(`${tempoUrl}/api/search?${q}`)).json()) as { traces?: SearchHit[] }).traces ?? [];
    for (const h of hits) {
      const t = (await (
        await fetch(`${tempoUrl}/api/traces/${h.traceID.padStart(32, "0")}`, {
          headers: { Accept: "application/json" },
        })
      ).json()) as { batches: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }[] };
      const services = new Set(
        t.batches.map((b) => b.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue),
      );
      if (services.has("frontend") && services.has("cart") && services.has("payments")) {
        found = h.traceID.padStart(32, "0");
        break;
      }
    }
    expect(found, "a checkout trace through frontend, cart and payments in Tempo").not.toBe("");
  }).toPass({ timeout: 60_000, intervals: [2000] });
  return found;
}

async function expectThreeContainers(page: Page) {
  const strip = page.getByTestId("containers-strip");
  for (const name of ["shop-frontend-1", "shop-cart-1", "shop-payments-1"]) {
    await expect(strip.locator(`[data-testid="container-chip"][data-container="${name}"]`)).toBeVisible();
  }
  await expect(strip.getByTestId("container-chip")).toHaveCount(3);
}

test("health lists Tempo, with the reason its version is unknown", async ({ request }) => {
  const body = (await (await request.get("/api/health")).json()) as {
    backends: { backend: string; ok: boolean; configured: boolean; version?: string; detail?: string }[];
  };
  const tempo = body.backends.find((b) => b.backend === "tempo");
  expect(tempo).toMatchObject({ ok: true, configured: true });
  expect(tempo?.detail).toMatch(/version unknown: \/status\/version reports an empty version/);
  expect(body.backends.find((b) => b.backend === "jaeger")).toMatchObject({ configured: false });
});

test("container → traces: shop-cart-1's panel lists Tempo traces pinned to it, and one opens", async ({ page }) => {
  await page.goto("/containers/shop-cart-1?from=now-15m&to=now");
  const traces = page.getByTestId("traces-panel");
  await expect(traces.getByTestId("trace-row").first()).toBeVisible();
  // Named after the store it came from, not "Jaeger".
  await expect(traces).toContainText(/Tempo · service \S+/);
  await traces.getByTestId("trace-row").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  await expect(
    page.getByTestId("containers-strip").locator('[data-testid="container-chip"][data-container="shop-cart-1"]'),
  ).toBeVisible();
});

test("log line → trace → containers → payments span → its lines in real Loki", async ({ page }) => {
  const traceId = await checkoutTraceId();
  await page.goto(`/containers/shop-frontend-1?from=now-15m&to=now&q=${traceId}`);
  const row = page.getByTestId("log-row").filter({ hasText: `trace_id=${traceId}` });
  await expect(row).toHaveCount(1);
  await row.getByTestId("log-trace-link").click();
  await expect(page).toHaveURL(new RegExp(`/traces/${traceId}`));
  await expect(page.getByTestId("trace-root-service")).toHaveText("frontend");
  await expectThreeContainers(page);
  const span = page.locator('[data-testid="span-row"][data-service="payments"]');
  await expect(span).toHaveCount(1);
  const spanId = await span.getAttribute("data-span-id");
  await span.click();
  await page.getByTestId("span-logs-link").click();
  await expect(page).toHaveURL(new RegExp(`/containers/shop-payments-1\\?.*traceId=${traceId}`));
  await expect(page.getByTestId("focus-lines").getByTestId("log-row").first()).toContainText(`[${traceId}-${spanId}]`);
});

test("exemplar → trace: an exemplar's trace ID from the real Prometheus opens as a Tempo trace", async ({ page }) => {
  const { prometheusUrl } = readRealState();
  let id = "";
  await expect(async () => {
    const now = Date.now() / 1000;
    const q = new URLSearchParams({
      query: "http_server_requests_total",
      start: String(now - 600),
      end: String(now - 5),
    });
    const body = (await (await fetch(`${prometheusUrl}/api/v1/query_exemplars?${q}`)).json()) as {
      data: { exemplars: { labels: { trace_id?: string } }[] }[];
    };
    const ids = body.data.flatMap((s) => s.exemplars.map((e) => e.labels.trace_id ?? ""));
    id = ids.filter(Boolean).at(-1) ?? "";
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  }).toPass({ timeout: 30_000, intervals: [2000] });
  await page.goto(`/traces/${id}`);
  await expect(page.getByTestId("trace-id")).toContainText(id);
  await expect(page.getByTestId("span-row").first()).toBeVisible();
  await expect(page.getByTestId("containers-strip").getByTestId("container-chip").first()).toBeVisible();
});
