#!/usr/bin/env node
// Hand-run smoke check of the test environment (not part of any suite):
// up → the queries the app depends on → down, with timings.
// Usage: node scripts/testenv/smoke.mjs   (needs root and install.mjs done)
import { demuxFrames, engineJson, engineRequest, sleep } from "./lib.mjs";
import { startTestEnv, stopTestEnv } from "./env.mjs";

const t0 = Date.now();
const env = await startTestEnv(); // cleans up by itself if anything below throws
const upS = (Date.now() - t0) / 1000;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

async function prom(path, params) {
  const r = await fetch(`${env.prometheusUrl}${path}?${new URLSearchParams(params)}`);
  return (await r.json()).data;
}

const now = Math.floor(Date.now() / 1000);
const cpu = await prom("/api/v1/query", { query: 'container_cpu_usage_seconds_total{name!=""}' });
const names = cpu.result.map((s) => s.metric.name).sort();
check(names.join() === "shop-cart-1,shop-frontend-1,shop-payments-1,web1", `cpu series per container: ${names}`);
check(
  cpu.result.every((s) => s.metric.id.startsWith("/libpod_parent/libpod-") && s.metric.image === "localhost/bb:latest"),
  "cAdvisor id/image labels",
);
const limit = await prom("/api/v1/query", { query: 'container_spec_memory_limit_bytes{name="shop-payments-1"}' });
check(limit.result[0]?.value[1] === "67108864", "payments memory limit 64 MiB");

await sleep(4000); // a couple more scrapes, so exemplars of several log lines exist
const ex = await prom("/api/v1/query_exemplars", {
  query: "http_server_requests_total",
  start: now - 300,
  end: now + 60,
});
const traceIds = new Set(ex.flatMap((s) => s.exemplars.map((e) => e.labels.trace_id)));
check(ex.length > 5 && traceIds.size > 5, `exemplars: ${ex.length} series, ${traceIds.size} trace IDs`);

const history = await prom("/api/v1/query_range", {
  query: 'count(container_memory_usage_bytes{name!=""})',
  start: now - 6 * 3600,
  end: now,
  step: 300,
});
check(history.result.length === 1, `range query over 6 h: ${history.result[0]?.values.length ?? 0} points`);

const socketPath = env.engineUrl.replace("unix://", "");
const list = await engineJson(socketPath, "/v4.0.0/libpod/containers/json?all=true");
check(list.length === 4 && list.every((c) => c.State === "running"), `libpod list: ${list.map((c) => c.Names[0])}`);

// One trace ID in three services' logs (frontend → shared volume → cart, payments).
const candidates = ex
  .filter((s) => s.seriesLabels.route === "/api/cart/checkout")
  .flatMap((s) => s.exemplars.map((e) => e.labels.trace_id));
const logs = [];
for (const n of ["shop-frontend-1", "shop-cart-1", "shop-payments-1"]) {
  const r = await engineRequest(socketPath, `/v1.41/containers/${n}/logs?stdout=1&stderr=1`);
  logs.push(
    demuxFrames(r.body)
      .map((f) => f.payload)
      .join(""),
  );
}
const shared = candidates.find((t) => logs.every((l) => l.includes(t)));
check(Boolean(shared), `a trace ID in frontend, cart and payments logs: ${shared}`);

const t1 = Date.now();
await stopTestEnv();
console.log(`up ${upS.toFixed(1)} s, down ${((Date.now() - t1) / 1000).toFixed(1)} s`);
process.exit(failures.length ? 1 : 0);
