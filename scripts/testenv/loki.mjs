// Real Grafana Loki 2.9.1 for the test environment: generated config (multi-tenant, tsdb +
// filesystem in the environment's temp dir, structured metadata on), start as a detached
// process, readiness wait, version. The binary comes from binaries.mjs.
import { spawn } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killSync, waitFor } from "./lib.mjs";

/** The tenant the shipper writes the shop's logs to (X-Scope-OrgID); Sightline reads it with LOKI_TENANT. */
export const LOKI_TENANT = "shop";

/**
 * Like ../shared/bin/loki.example.yaml, with three changes for tests: `auth_enabled: true` (so
 * multi-tenancy is real: every request needs X-Scope-OrgID), free ports, and a query path without
 * the scheduler ring — the querier otherwise finds the scheduler only after ~10 s, which is most
 * of the 11 s that /ready takes; with frontend_address it is ready in about a second.
 */
export function lokiConfig({ dir, httpPort, grpcPort }) {
  return `auth_enabled: true
server:
  http_listen_address: 127.0.0.1
  http_listen_port: ${httpPort}
  grpc_listen_address: 127.0.0.1
  grpc_listen_port: ${grpcPort}
  log_level: warn
common:
  instance_addr: 127.0.0.1
  path_prefix: ${dir}/data
  storage:
    filesystem:
      chunks_directory: ${dir}/data/chunks
      rules_directory: ${dir}/data/rules
  replication_factor: 1
  ring:
    kvstore:
      store: inmemory
ingester:
  lifecycler:
    min_ready_duration: 0s
    final_sleep: 0s
query_scheduler:
  use_scheduler_ring: false
frontend_worker:
  frontend_address: 127.0.0.1:${grpcPort}
schema_config:
  configs:
    - from: 2020-10-24
      store: tsdb
      object_store: filesystem
      schema: v13
      index:
        prefix: index_
        period: 24h
limits_config:
  reject_old_samples: false
  max_entries_limit_per_query: 5000
  allow_structured_metadata: true
analytics:
  reporting_enabled: false
`;
}

export function prepareLoki(state, { bin, source, httpPort, grpcPort }) {
  const dir = join(state.tmpDir, "loki");
  mkdirSync(join(dir, "data"), { recursive: true });
  const configPath = join(dir, "loki.yaml");
  writeFileSync(configPath, lokiConfig({ dir, httpPort, grpcPort }));
  state.loki = {
    bin,
    source,
    port: httpPort,
    grpcPort,
    dir,
    configPath,
    logFile: join(dir, "loki.log"),
    tenant: LOKI_TENANT,
  };
  state.lokiUrl = `http://127.0.0.1:${httpPort}`;
  return state.loki;
}

/** Starts Loki detached, records its pid, waits for /ready ("ready" once ingester and querier are up). */
export async function launchLoki(state) {
  const l = state.loki;
  const log = openSync(l.logFile, "a");
  // The temp dir is in the config path, so teardown's "command line mentions the temp dir" finds it.
  const child = spawn(l.bin, [`-config.file=${l.configPath}`, "-target=all"], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  child.unref();
  state.pids.loki = child.pid;
  let exited = null;
  child.once("exit", (code, sig) => {
    exited = `exited with ${code ?? sig} (see ${l.logFile})`;
  });
  child.once("error", (err) => {
    exited = `could not start ${l.bin}: ${err.message}`;
  });
  await waitFor(
    `Loki ready on ${state.lokiUrl}`,
    async () => {
      if (exited) throw new Error(`loki ${exited}`);
      const r = await fetch(`${state.lokiUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      return r.ok && (await r.text()).trim() === "ready";
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  return child.pid;
}

export function haltLoki(state) {
  if (state.pids?.loki) killSync(state.pids.loki, state.tmpDir, 10_000);
  if (state.pids) state.pids.loki = null;
}

/**
 * What to print as the running version: buildinfo's, or — source builds report "" there — the
 * version the binary was found as (../shared/bin and the downloaded release are exactly `expected`).
 */
export function describeVersion(buildinfoVersion, { source, expected }) {
  if (buildinfoVersion) return buildinfoVersion;
  if (source === "../shared/bin" || source === "download")
    return `${expected} (buildinfo version empty: ${source} build)`;
  return `unknown (buildinfo version empty; expected ${expected})`;
}

export async function lokiVersion(state) {
  const r = await fetch(`${state.lokiUrl}/loki/api/v1/status/buildinfo`, { signal: AbortSignal.timeout(3000) });
  const b = await r.json();
  return describeVersion(b.version, { source: state.loki.source, expected: "2.9.1" });
}
