// Fault injection into the Loki and Jaeger mocks (real-mocks control port): the affected panel
// names the backend and says what went wrong, the other panels (real Prometheus, the other
// mock) keep their data, and the server still answers afterwards.
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { MOCK_FAULTS, type MockFault, setMockFault } from "./env";
import { REAL_MAX_RESPONSE_BYTES, REAL_TIMEOUT_MS } from "./setup";

type Backend = "loki" | "jaeger";

/** The readable reason each fault must produce (the server's BackendError message). */
const REASON: Record<Exclude<MockFault, "none">, RegExp> = {
  refuse: /cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/,
  hang: new RegExp(`no answer within ${REAL_TIMEOUT_MS} ms`),
  html500: /HTTP 500/,
  truncated: /expected JSON, got text/,
  badjson: /unexpected response/,
  huge: new RegExp(`exceeds Sightline's ${(REAL_MAX_RESPONSE_BYTES / 1024 / 1024).toFixed(1)} MiB cap`),
};

/** Jaeger's answers are decoded as they stream in: a cut-off body is named as such. */
const reasonOf = (backend: Backend, mode: Exclude<MockFault, "none">): RegExp =>
  backend === "jaeger" && mode === "truncated" ? /truncated: the body ends inside/ : REASON[mode];

const PANEL = {
  loki: { testId: "logs-panel", title: "Loki failed to load logs" },
  jaeger: { testId: "traces-panel", title: "Jaeger failed to load traces" },
} as const;

async function expectOthersWork(page: Page, broken: Backend) {
  // Real Prometheus, through the same server, is unaffected.
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("metrics-panel").getByTestId("panel-error")).toHaveCount(0);
  if (broken === "loki") {
    await expect(page.getByTestId("trace-row").first()).toBeVisible();
  } else {
    await expect(page.getByTestId("log-row").first()).toBeVisible();
  }
  await expect(
    page.getByTestId(PANEL[broken === "loki" ? "jaeger" : "loki"].testId).getByTestId("panel-error"),
  ).toHaveCount(0);
}

async function expectServerAlive(page: Page) {
  const r = await page.request.get("/api/health");
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { backends: { backend: string; ok: boolean; error?: string }[] };
  for (const b of body.backends)
    expect(b, `${b.backend} healthy again after the fault was lifted`).toMatchObject({ ok: true });
}

/** The frontend's logs and traces through Sightline's own API, as the page would load them. */
async function panelsHaveData(request: APIRequestContext) {
  const now = Date.now();
  const range = `from=${now - 15 * 60_000}&to=${now}`;
  const logs = await request.get(`/api/containers/shop-frontend-1/logs?${range}`);
  expect(logs.status()).toBe(200);
  expect(((await logs.json()) as { lines: unknown[] }).lines.length).toBeGreaterThan(0);
  const traces = await request.get(`/api/containers/shop-frontend-1/traces?${range}`);
  expect(traces.status()).toBe(200);
  expect(((await traces.json()) as { traces: unknown[] }).traces.length).toBeGreaterThan(0);
}

// The server caches what it learnt from probing a backend for 30 s; a probe that ran during a
// fault (and was wrongly taken as valid) must not leak into the next test.
test.afterEach(async ({ request }) => {
  await setMockFault("loki", "none");
  await setMockFault("jaeger", "none");
  await expect(() => panelsHaveData(request)).toPass({ timeout: 60_000, intervals: [1000] });
});

for (const backend of ["loki", "jaeger"] as const) {
  for (const mode of MOCK_FAULTS) {
    test(`${backend} ${mode}: its panel names it and says why, the others keep their data`, async ({ page }) => {
      await setMockFault(backend, mode);
      try {
        await page.goto("/containers/shop-frontend-1?from=now-15m&to=now");
        const panel = page.getByTestId(PANEL[backend].testId);
        const error = panel.getByTestId("panel-error");
        // "hang" costs the timeout twice (the page retries 5xx answers once).
        await expect(error).toBeVisible({ timeout: mode === "hang" ? 4 * REAL_TIMEOUT_MS + 10_000 : 15_000 });
        await expect(error).toContainText(PANEL[backend].title);
        await expect(error).toContainText(reasonOf(backend, mode));
        await expect(error.getByRole("button", { name: "Retry" })).toBeVisible();
        await expectOthersWork(page, backend);
      } finally {
        await setMockFault(backend, "none");
      }
      // The same page recovers once the backend is back.
      await page.getByTestId(PANEL[backend].testId).getByRole("button", { name: "Retry" }).click();
      await expect(page.getByTestId(backend === "loki" ? "log-row" : "trace-row").first()).toBeVisible();
      await expectServerAlive(page);
    });
  }
}

test("a trace page under a Jaeger outage says so, and the container page's logs still work", async ({ page }) => {
  await setMockFault("jaeger", "refuse");
  try {
    await page.goto("/traces/4bf92f3577b34da6a3ce929d0e0e4736");
    const error = page.getByTestId("panel-error");
    await expect(error).toContainText("Jaeger failed to load trace 4bf92f3577b34da6a3ce929d0e0e4736");
    await expect(error).toContainText("connection refused");
    await page.goto("/containers/web1?from=now-15m&to=now");
    await expect(page.getByTestId("log-row").first()).toContainText("traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736");
    await expect(page.getByTestId("traces-panel").getByTestId("panel-error")).toContainText("connection refused");
  } finally {
    await setMockFault("jaeger", "none");
  }
  await expectServerAlive(page);
});
