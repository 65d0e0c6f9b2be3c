// The `real` Playwright project: Sightline's production build against the real Prometheus and
// Podman and the real Loki of scripts/testenv (started by up.mjs; its shipper pushes the
// containers' logs), reached through a fault-switchable proxy, plus a mock Jaeger fed with those
// containers' real trace IDs (scripts/testenv/real-mocks.ts). It exists only when
// SIGHTLINE_TESTENV=1, so a plain `npx playwright test` is unchanged.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const REAL_PORT = 3340;
export const REAL_LOKI_PORT = 3341;
export const REAL_JAEGER_PORT = 3342;
export const REAL_CONTROL_PORT = 3349;
/** A second Sightline of the same build, reading traces from the real Tempo instead of Jaeger. */
export const REAL_TEMPO_APP_PORT = 3343;
export const REAL_CONTROL_URL = `http://127.0.0.1:${REAL_CONTROL_PORT}`;
/** Short, so a "hang" fault turns into a timeout error within seconds. */
export const REAL_TIMEOUT_MS = 3000;
/** Small, so the 80 MB "huge" fault is cut off well before the timeout. */
export const REAL_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export const STATE_FILE = process.env.SIGHTLINE_TESTENV_STATE || join("scripts", "testenv", ".state.json");

export interface RealState {
  prometheusUrl: string;
  engineUrl: string;
  lokiUrl: string;
  lokiTenant: string;
  tempoUrl: string;
  containers: { name: string; id: string }[];
}

export function readRealState(): RealState {
  if (!existsSync(STATE_FILE)) {
    throw new Error(`SIGHTLINE_TESTENV=1 but there is no ${STATE_FILE}: run node scripts/testenv/up.mjs first`);
  }
  const s: unknown = JSON.parse(readFileSync(STATE_FILE, "utf8"));
  const o =
    typeof s === "object" && s !== null
      ? (s as Partial<Omit<RealState, "lokiTenant">> & {
          readyAt?: unknown;
          loki?: { tenant?: unknown };
        })
      : {};
  if (
    typeof o.prometheusUrl !== "string" ||
    typeof o.engineUrl !== "string" ||
    typeof o.lokiUrl !== "string" ||
    typeof o.loki?.tenant !== "string" ||
    typeof o.tempoUrl !== "string" ||
    !Array.isArray(o.containers)
  ) {
    throw new Error(`${STATE_FILE} is incomplete: is node scripts/testenv/up.mjs still starting?`);
  }
  return {
    prometheusUrl: o.prometheusUrl,
    engineUrl: o.engineUrl,
    lokiUrl: o.lokiUrl,
    lokiTenant: o.loki.tenant,
    tempoUrl: o.tempoUrl,
    containers: o.containers,
  };
}

export const realEnabled = () => process.env.SIGHTLINE_TESTENV === "1";

/** The project and its web servers; empty unless SIGHTLINE_TESTENV=1. */
export function realSetup() {
  if (!realEnabled()) return { projects: [], webServers: [] };
  const state = readRealState();
  const common = { reuseExistingServer: false, stdout: "ignore" as const, stderr: "pipe" as const };
  const mocks = {
    ...common,
    command:
      `node --import tsx scripts/testenv/real-mocks.ts --state ${JSON.stringify(STATE_FILE)}` +
      ` --loki-port ${REAL_LOKI_PORT} --jaeger-port ${REAL_JAEGER_PORT} --control-port ${REAL_CONTROL_PORT}`,
    url: `${REAL_CONTROL_URL}/faults`,
    timeout: 60_000,
  };
  const app = {
    ...common,
    command: `HOSTNAME=127.0.0.1 PORT=${REAL_PORT} node .next/standalone/server.js`,
    url: `http://127.0.0.1:${REAL_PORT}/api/health`,
    timeout: 120_000,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      SIGHTLINE_DEMO: "",
      PROMETHEUS_URL: state.prometheusUrl,
      ENGINE_URLS: state.engineUrl,
      // The real Loki behind the fault proxy; it is multi-tenant, the shipper writes tenant "shop".
      LOKI_URL: `http://127.0.0.1:${REAL_LOKI_PORT}`,
      LOKI_TENANT: state.lokiTenant,
      JAEGER_URL: `http://127.0.0.1:${REAL_JAEGER_PORT}`,
      PROMETHEUS_TIMEOUT_MS: String(REAL_TIMEOUT_MS),
      LOKI_TIMEOUT_MS: String(REAL_TIMEOUT_MS),
      JAEGER_TIMEOUT_MS: String(REAL_TIMEOUT_MS),
      SIGHTLINE_MAX_RESPONSE_BYTES: String(REAL_MAX_RESPONSE_BYTES),
    },
  };
  const project = {
    name: "real",
    testDir: "e2e/real",
    // Real backends answer slower than the demo world, and each "hang" costs a timeout + retry.
    timeout: 120_000,
    expect: { timeout: 20_000 },
    use: { baseURL: `http://127.0.0.1:${REAL_PORT}` },
  };
  // Traces from the real Tempo (no Jaeger): the trace pivots against the real server.
  const tempoApp = {
    ...app,
    command: `HOSTNAME=127.0.0.1 PORT=${REAL_TEMPO_APP_PORT} node .next/standalone/server.js`,
    url: `http://127.0.0.1:${REAL_TEMPO_APP_PORT}/api/health`,
    env: {
      ...app.env,
      JAEGER_URL: "",
      TEMPO_URL: state.tempoUrl,
      TEMPO_TIMEOUT_MS: "15000",
      LOKI_URL: state.lokiUrl,
      LOKI_TIMEOUT_MS: "15000",
      PROMETHEUS_TIMEOUT_MS: "15000",
    },
  };
  const tempoProject = {
    ...project,
    name: "real-tempo",
    testDir: "e2e/real-tempo",
    use: { baseURL: `http://127.0.0.1:${REAL_TEMPO_APP_PORT}` },
  };
  return { projects: [project, tempoProject], webServers: [mocks, app, tempoApp] };
}
