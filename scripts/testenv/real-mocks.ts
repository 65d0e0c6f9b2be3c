// Fault-switchable servers in front of the test environment: a proxy to the REAL Loki (the
// shipper fills it with the real containers' logs), and a mock Jaeger v3/v1 whose traces come
// from the trace IDs in those containers' lines (read from the real Podman logs API), so names,
// IDs and times agree with what the real Prometheus, Podman and Loki report.
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
  /** The real Loki (the state file's lokiUrl); the loki server forwards to it. */
  lokiUrl: string;
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
    lokiUpstream: opts.lokiUrl,
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

function urlsFrom(stateFile: string): { engineUrl: string; lokiUrl: string } {
  if (!existsSync(stateFile)) throw new Error(`no state file ${stateFile}; run node scripts/testenv/up.mjs first`);
  const s: unknown = JSON.parse(readFileSync(stateFile, "utf8"));
  const o = typeof s === "object" && s !== null ? (s as Record<string, unknown>) : {};
  if (typeof o.engineUrl !== "string") throw new Error(`${stateFile} has no engineUrl`);
  if (typeof o.lokiUrl !== "string") throw new Error(`${stateFile} has no lokiUrl`);
  return { engineUrl: o.engineUrl, lokiUrl: o.lokiUrl };
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
    ...urlsFrom(stateFile),
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
