// Sightline observes itself (issue #10): /metrics in a format promtool accepts, with
// per-backend latency after a page load; request ids from the response header to a panel
// error; liveness and readiness. This project runs against the standalone server the image runs.
import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { setFault } from "../helpers";

function backendCount(metrics: string, backend: string): number {
  let total = 0;
  const re = new RegExp(
    `^sightline_backend_request_duration_seconds_count\\{backend="${backend}",[^}]*\\} (\\d+)`,
    "gm",
  );
  for (const m of metrics.matchAll(re)) total += Number(m[1]);
  return total;
}

test("/metrics passes promtool and shows per-backend latency after a page load", async ({ page, request }) => {
  const before = await (await request.get("/metrics")).text();
  await page.goto("/containers/shop-cart-1?from=now-30m&to=now");
  await expect(page.getByTestId("chart-cpu")).toHaveAttribute("data-has-data", "1");
  await expect(page.getByTestId("log-row").first()).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible();
  // The page answered its panels in its HTML; the logs API is asked once here for its own series.
  const now = Date.now();
  expect((await request.get(`/api/containers/shop-cart-1/logs?from=${now - 1_800_000}&to=${now}`)).status()).toBe(200);

  const res = await request.get("/metrics");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  const text = await res.text();
  for (const backend of ["prometheus", "loki", "jaeger", "engine"])
    expect(backendCount(text, backend), backend).toBeGreaterThan(backendCount(before, backend));
  expect(text).toMatch(
    /sightline_http_requests_total\{route="\/api\/containers\/\[ref\]\/logs",method="GET",status="200"\} \d+/,
  );
  expect(text).toMatch(/^process_cpu_seconds_total /m);
  expect(text).toMatch(/^sightline_cache_requests_total\{cache="inventory",result="(hit|miss)"\} \d+/m);

  // promtool comes with the prometheus package the test environment installs.
  const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  expect(check.error, "promtool must be installed (scripts/testenv/install.mjs)").toBeUndefined();
  expect(`${check.stdout}${check.stderr}`.trim()).toBe("");
  expect(check.status).toBe(0);
});

test("a request id travels from the response header to the panel error", async ({ page }) => {
  await setFault("loki", "html500");
  try {
    const logsAnswer = page.waitForResponse((r) => /\/api\/containers\/[^/]+\/logs\?/.test(r.url()));
    // A window no other test asks for (a settled range served in the last minute is answered
    // from memory, Loki or not).
    await page.goto("/containers/shop-cart-1?from=now-32m&to=now");
    const res = await logsAnswer;
    const id = res.headers()["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const logs = page.getByTestId("logs-panel");
    await expect(logs.getByTestId("panel-error")).toContainText("Loki failed");
    // The panel shows the id of a failed call (the last retry's, when react-query retried).
    await expect(logs.getByTestId("request-id")).toContainText(/request id [0-9a-f-]{36}/);
  } finally {
    await setFault("loki", "none");
  }
});

test("liveness and readiness", async ({ request }) => {
  const live = await request.get("/livez");
  expect(live.status()).toBe(200);
  expect(await live.text()).toBe("ok\n");
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ ready: true, missing: [] });
  const caller = await request.get("/api/health", { headers: { "X-Request-Id": "alert-check-1" } });
  expect(caller.headers()["x-request-id"]).toBe("alert-check-1");
});
