// Mock Loki 2.8 + Jaeger v3/v1 servers fed with the REAL containers of the test environment:
// log lines come from the real Podman logs API, traces from the trace IDs in those lines, so
// names, IDs and times agree with what the real Prometheus and Podman report.
//   node --import tsx scripts/testenv/real-mocks.ts [--state scripts/testenv/.state.json]
//     [--ports-file path] [--loki-port N] [--jaeger-port N] [--control-port N] [--refresh-ms 1000]
// Prints one JSON line {urls, control} (also written to --ports-file); the control port takes
// faults (POST /faults/loki {"mode":"hang"}). Exits cleanly on SIGTERM/SIGINT.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { PodmanLogStore } from "./real-mocks/log-store";
import { TraceIndex } from "./real-mocks/trace-index";
import { portArg } from "../../mocks/server/cli-args";

const HERE = dirname(fileURLToPath(import.meta.url));

export interface RealMocksOptions {
  /** unix:///…/podman.sock (the state file's engineUrl). */
  engineUrl: string;
  ports?: { loki?: number; jaeger?: number; control?: number };
  refreshMs?: number;
  onError?: (err: unknown) => void;
}

export interface RealMocks extends MockServers {
  logs: PodmanLogStore;
  traces: TraceIndex;
}

export async function startRealMocks(opts: RealMocksOptions): Promise<RealMocks> {
  if (!opts.engineUrl.startsWith("unix://")) throw new Error(`engineUrl must be unix:///…, got ${opts.engineUrl}`);
  const logs = new PodmanLogStore(opts.engineUrl.slice("unix://".length));
  const traces = new TraceIndex();
  logs.onLine(traces.add);
  // Everything written so far is in place before the first query arrives.
  await logs.refresh();
  const timer = setInterval(() => logs.refresh().catch(opts.onError ?? (() => undefined)), opts.refreshMs ?? 1000);
  timer.unref();
  const servers = await startMockServers({
    loki: logs,
    jaeger: traces,
    ports: { loki: opts.ports?.loki, jaeger: opts.ports?.jaeger },
    controlPort: opts.ports?.control,
  }).catch((err: unknown) => {
    clearInterval(timer);
    throw err;
  });
  return {
    ...servers,
    logs,
    traces,
    async close() {
      clearInterval(timer);
      await servers.close();
    },
  };
}

function engineUrlFrom(stateFile: string): string {
  if (!existsSync(stateFile)) throw new Error(`no state file ${stateFile}; run node scripts/testenv/up.mjs first`);
  const s: unknown = JSON.parse(readFileSync(stateFile, "utf8"));
  const url = typeof s === "object" && s !== null && "engineUrl" in s ? s.engineUrl : undefined;
  if (typeof url !== "string") throw new Error(`${stateFile} has no engineUrl`);
  return url;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      state: { type: "string" },
      "ports-file": { type: "string" },
      "loki-port": { type: "string" },
      "jaeger-port": { type: "string" },
      "control-port": { type: "string" },
      "refresh-ms": { type: "string" },
    },
    strict: true,
  });
  const stateFile = values.state ?? process.env.SIGHTLINE_TESTENV_STATE ?? join(HERE, ".state.json");
  const refreshMs = values["refresh-ms"] === undefined ? undefined : Number(values["refresh-ms"]);
  if (refreshMs !== undefined && !(refreshMs > 0)) throw new Error(`--refresh-ms must be > 0, got ${refreshMs}`);
  // One line per distinct failure: a refresh every second must not flood the log.
  let lastError = "";
  const servers = await startRealMocks({
    engineUrl: engineUrlFrom(stateFile),
    ports: {
      loki: portArg("loki-port", values["loki-port"]),
      jaeger: portArg("jaeger-port", values["jaeger-port"]),
      control: portArg("control-port", values["control-port"]),
    },
    refreshMs,
    onError(err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (msg !== lastError) process.stderr.write(`real mocks: log refresh failed: ${msg}\n`);
      lastError = msg;
    },
  });
  const line = JSON.stringify({ urls: servers.urls, control: servers.control });
  const portsFile = values["ports-file"];
  if (portsFile) {
    mkdirSync(dirname(portsFile), { recursive: true });
    writeFileSync(portsFile, `${line}\n`);
  }
  process.stdout.write(`${line}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    servers.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`real mocks: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
