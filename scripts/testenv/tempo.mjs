// Real Grafana Tempo 2.0.1 for the test environment: generated config (OTLP/HTTP receiver and
// query API on free ports, local storage in the environment's temp dir), start as a detached
// process, readiness wait, version. The binary comes from binaries.mjs.
import { spawn } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killSync, waitFor } from "./lib.mjs";
import { describeVersion } from "./loki.mjs";

/**
 * Like ../shared/bin/tempo.example.yaml, with free ports, no gRPC receiver, and short ingester
 * periods: /api/search and the tag endpoints only see a trace once the ingester has moved it
 * from its live traces into the head block, which trace_idle_period: 1s makes ~1 s after the
 * last span. Blocks are cut every minute: a cut every few seconds leaves hundreds of small
 * blocks that every search has to open (searches then time out on this 2-core machine).
 */
export function tempoConfig({ dir, httpPort, grpcPort, otlpPort }) {
  return `server:
  http_listen_address: 127.0.0.1
  http_listen_port: ${httpPort}
  grpc_listen_address: 127.0.0.1
  grpc_listen_port: ${grpcPort}
  log_level: warn
distributor:
  receivers:
    otlp:
      protocols:
        http:
          endpoint: 127.0.0.1:${otlpPort}
ingester:
  trace_idle_period: 1s
  flush_check_period: 1s
  max_block_duration: 1m
  lifecycler:
    min_ready_duration: 0s
    final_sleep: 0s
    address: 127.0.0.1
    ring:
      kvstore:
        store: inmemory
      replication_factor: 1
compactor:
  compaction:
    block_retention: 24h
storage:
  trace:
    backend: local
    wal:
      path: ${dir}/wal
    local:
      path: ${dir}/blocks
usage_report:
  reporting_enabled: false
`;
}

export function prepareTempo(state, { bin, source, httpPort, grpcPort, otlpPort }) {
  const dir = join(state.tmpDir, "tempo");
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, "tempo.yaml");
  writeFileSync(configPath, tempoConfig({ dir, httpPort, grpcPort, otlpPort }));
  state.tempo = { bin, source, port: httpPort, grpcPort, otlpPort, dir, configPath, logFile: join(dir, "tempo.log") };
  state.tempoUrl = `http://127.0.0.1:${httpPort}`;
  state.tempoOtlpUrl = `http://127.0.0.1:${otlpPort}`;
  return state.tempo;
}

/** Starts Tempo detached, records its pid, waits for /ready. */
export async function launchTempo(state) {
  const t = state.tempo;
  const log = openSync(t.logFile, "a");
  const child = spawn(t.bin, [`-config.file=${t.configPath}`], { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  state.pids.tempo = child.pid;
  let exited = null;
  child.once("exit", (code, sig) => {
    exited = `exited with ${code ?? sig} (see ${t.logFile})`;
  });
  child.once("error", (err) => {
    exited = `could not start ${t.bin}: ${err.message}`;
  });
  await waitFor(
    `Tempo ready on ${state.tempoUrl}`,
    async () => {
      if (exited) throw new Error(`tempo ${exited}`);
      const r = await fetch(`${state.tempoUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      return r.ok && (await r.text()).trim() === "ready";
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  return child.pid;
}

export function haltTempo(state) {
  if (state.pids?.tempo) killSync(state.pids.tempo, state.tmpDir, 10_000);
  if (state.pids) state.pids.tempo = null;
}

/** Tempo 2.0 has no /api/status/buildinfo (404): its version is in /status/version's text. */
export async function tempoVersion(state) {
  const r = await fetch(`${state.tempoUrl}/status/version`, { signal: AbortSignal.timeout(3000) });
  const m = /tempo, version (\S*)/.exec(await r.text());
  return describeVersion(m?.[1] ?? "", { source: state.tempo.source, expected: "2.0.1" });
}
