// Real Prometheus (Debian's 2.42) for the test environment: generated config,
// start/stop as a detached process with its data dir in the environment's temp
// dir, readiness and "enough samples" waits.
import { spawn } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killSync, waitFor } from "./lib.mjs";

export const SCRAPE_INTERVAL_S = 2;

/** Paths and port live in state.prometheus, so startPrometheus() can reuse them after a stop. */
export function preparePrometheus(state, port) {
  const dir = join(state.tmpDir, "prometheus");
  const dataDir = join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dir, "prometheus.yml");
  // scrape_timeout must not exceed the interval (Prometheus rejects the config otherwise).
  writeFileSync(
    configPath,
    `global:
  scrape_interval: ${SCRAPE_INTERVAL_S}s
  scrape_timeout: ${SCRAPE_INTERVAL_S}s
  evaluation_interval: ${SCRAPE_INTERVAL_S}s
storage:
  exemplars:
    max_exemplars: 100000
scrape_configs:
  - job_name: cadvisor
    static_configs:
      - targets: ['${new URL(state.exporterUrl).host}']
  - job_name: kubelet
    metrics_path: /metrics/k8s
    honor_labels: true
    static_configs:
      - targets: ['${new URL(state.exporterUrl).host}']
`,
  );
  state.prometheus = { port, dir, dataDir, configPath, logFile: join(dir, "prometheus.log") };
  state.prometheusUrl = `http://127.0.0.1:${port}`;
  return state.prometheus;
}

export function prometheusArgs(p) {
  return [
    `--config.file=${p.configPath}`,
    `--storage.tsdb.path=${p.dataDir}`,
    `--web.listen-address=127.0.0.1:${p.port}`,
    // Same flags as the server the fixtures were recorded from.
    "--enable-feature=exemplar-storage",
    "--web.enable-remote-write-receiver",
    "--log.level=warn",
  ];
}

async function httpOk(url) {
  const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return r.ok;
}

/** Starts Prometheus detached (it outlives `up.mjs`), records its pid, waits for /-/ready. */
export async function launchPrometheus(state) {
  const p = state.prometheus;
  const log = openSync(p.logFile, "a");
  const child = spawn("prometheus", prometheusArgs(p), { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  state.pids.prometheus = child.pid;
  let exited = null;
  child.once("exit", (code, sig) => {
    exited = `exited with ${code ?? sig} (see ${p.logFile})`;
  });
  await waitFor(
    `Prometheus ready on ${state.prometheusUrl}`,
    async () => {
      if (exited) throw new Error(`prometheus ${exited}`);
      return httpOk(`${state.prometheusUrl}/-/ready`);
    },
    { timeoutMs: 30_000 },
  );
  return child.pid;
}

/** SIGTERM and wait, so the TSDB lock is released and the port is free for a restart. */
export function haltPrometheus(state) {
  if (state.pids?.prometheus) killSync(state.pids.prometheus, state.tmpDir, 15_000);
  if (state.pids) state.pids.prometheus = null;
}

export async function promQuery(baseUrl, query) {
  const url = `${baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`;
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const body = await r.json();
  if (body.status !== "success") throw new Error(`${query}: ${body.error}`);
  return body.data.result;
}

/** Waits until every named container has >= min scraped CPU samples in the last 5 minutes. */
export async function waitForSamples(state, names, { min = 3, timeoutMs = 60_000 } = {}) {
  const q = `count_over_time(container_cpu_usage_seconds_total{name!=""}[5m])`;
  await waitFor(
    `${min} samples per container in Prometheus`,
    async () => {
      const res = await promQuery(state.prometheusUrl, q);
      const counts = new Map(res.map((s) => [s.metric.name, Number(s.value[1])]));
      return names.every((n) => (counts.get(n) ?? 0) >= min);
    },
    { timeoutMs, intervalMs: 500 },
  );
}
