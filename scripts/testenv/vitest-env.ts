// Shared helper for the *.integration.test.ts files: reads the state file that
// `node scripts/testenv/up.mjs` writes and builds the real adapters from it the way the
// server does (env vars → parseConfig → createXBackend). It never starts anything itself:
// a missing environment must fail the run loudly, not skip tests.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngineBackend } from "../../lib/backends/engine/client";
import { createLokiBackend, type LokiBackend } from "../../lib/backends/loki/client";
import { createTempoBackend, type TempoBackend } from "../../lib/backends/tempo/client";
import { createPrometheusBackend, type PrometheusBackend } from "../../lib/backends/prometheus/client";
import type { EngineBackend } from "../../lib/backends/types";
import { type AppConfig, type EngineEndpoint, parseConfig } from "../../lib/config";

const HERE = dirname(fileURLToPath(import.meta.url));
/** Same resolution as lib.mjs, so SIGHTLINE_TESTENV_STATE points both at one file. */
export const STATE_FILE = process.env.SIGHTLINE_TESTENV_STATE || join(HERE, ".state.json");

export interface TestEnvState {
  prometheusUrl: string;
  /** unix:///…/podman.sock */
  engineUrl: string;
  exporterUrl: string;
  containers: { name: string; id: string }[];
  tmpDir: string;
  podman: { socket: string };
  /** The real Loki (multi-tenant: every request needs X-Scope-OrgID). */
  lokiUrl: string;
  loki: { tenant: string; bin: string; source: string; logFile: string };
  /** The real Tempo's query API, and its OTLP/HTTP receiver (fed by span-pusher.ts). */
  tempoUrl: string;
  tempoOtlpUrl: string;
  tempo: { bin: string; source: string; logFile: string };
  versions?: { loki?: string; tempo?: string };
  startedAt: string;
  readyAt: string;
}

/** The containers up.mjs starts (shop/*.sh). */
export const SHOP_NAMES = ["shop-frontend-1", "shop-cart-1", "shop-payments-1", "web1"] as const;
export type ShopName = (typeof SHOP_NAMES)[number];

function isState(x: unknown): x is TestEnvState {
  if (typeof x !== "object" || x === null) return false;
  const s = x as Partial<TestEnvState>;
  return (
    typeof s.prometheusUrl === "string" &&
    typeof s.engineUrl === "string" &&
    typeof s.lokiUrl === "string" &&
    typeof s.tempoUrl === "string" &&
    Array.isArray(s.containers) &&
    typeof s.startedAt === "string" &&
    typeof s.readyAt === "string"
  );
}

/** The running environment; throws (never skips) when up.mjs has not run or has not finished. */
export function testEnv(): TestEnvState {
  if (!existsSync(STATE_FILE)) {
    throw new Error(`testenv: no state file ${STATE_FILE}; run node scripts/testenv/up.mjs first`);
  }
  const parsed: unknown = JSON.parse(readFileSync(STATE_FILE, "utf8"));
  if (!isState(parsed)) {
    // up.mjs writes the file early (so down.mjs can clean up a failed start); readyAt comes last.
    throw new Error(`testenv: ${STATE_FILE} is incomplete (not ready); run node scripts/testenv/up.mjs first`);
  }
  return parsed;
}

/** Full id of one of the shop containers, from the state file. */
export function containerId(env: TestEnvState, name: ShopName): string {
  const c = env.containers.find((x) => x.name === name);
  if (!c) throw new Error(`testenv: ${name} is not in ${STATE_FILE}`);
  return c.id;
}

/** The config the server would build from these env vars. */
export function configFor(env: TestEnvState): AppConfig {
  return parseConfig({ PROMETHEUS_URL: env.prometheusUrl, ENGINE_URLS: env.engineUrl });
}

export function prometheusFor(url: string, timeoutMs = 10_000): PrometheusBackend {
  const cfg = parseConfig({ PROMETHEUS_URL: url, PROMETHEUS_TIMEOUT_MS: String(timeoutMs) });
  if (!cfg.prometheus) throw new Error(`testenv: PROMETHEUS_URL=${url} gave no Prometheus config`);
  return createPrometheusBackend({
    backend: "prometheus",
    baseUrl: cfg.prometheus.url,
    timeoutMs: cfg.prometheus.timeoutMs,
    maxBytes: cfg.maxResponseBytes,
    auth: cfg.prometheus.auth,
  });
}

export function engineEndpoint(env: TestEnvState): EngineEndpoint {
  const ep = configFor(env).engines[0];
  if (!ep) throw new Error(`testenv: ENGINE_URLS=${env.engineUrl} gave no engine endpoint`);
  return ep;
}

export function engineFor(env: TestEnvState): EngineBackend {
  const cfg = configFor(env);
  return createEngineBackend(engineEndpoint(env), { timeoutMs: cfg.engineTimeoutMs, maxBytes: cfg.maxResponseBytes });
}

/**
 * The real Loki through Sightline's own client, configured from env vars like the server:
 * tenant undefined = the shop's tenant (LOKI_TENANT), null = no X-Scope-OrgID at all.
 */
export function lokiFor(env: TestEnvState, tenant: string | null = env.loki.tenant, timeoutMs = 10_000): LokiBackend {
  const cfg = parseConfig({
    LOKI_URL: env.lokiUrl,
    LOKI_TIMEOUT_MS: String(timeoutMs),
    ...(tenant === null ? {} : { LOKI_TENANT: tenant }),
  });
  if (!cfg.loki) throw new Error(`testenv: LOKI_URL=${env.lokiUrl} gave no Loki config`);
  return createLokiBackend({
    backend: "loki",
    baseUrl: cfg.loki.url,
    timeoutMs: cfg.loki.timeoutMs,
    maxBytes: cfg.maxResponseBytes,
    auth: cfg.loki.auth,
  });
}

/** The real Tempo through Sightline's own client, configured from env vars like the server. */
export function tempoFor(env: TestEnvState, timeoutMs = 15_000): TempoBackend {
  const cfg = parseConfig({ TEMPO_URL: env.tempoUrl, TEMPO_TIMEOUT_MS: String(timeoutMs) });
  if (!cfg.tempo) throw new Error(`testenv: TEMPO_URL=${env.tempoUrl} gave no Tempo config`);
  return createTempoBackend({
    backend: "tempo",
    baseUrl: cfg.tempo.url,
    timeoutMs: cfg.tempo.timeoutMs,
    maxBytes: cfg.maxResponseBytes,
    auth: cfg.tempo.auth,
  });
}

/** Pushes entries to the real Loki as one stream (JSON push API), for tests that need exact content. */
export async function lokiPush(
  env: TestEnvState,
  tenant: string,
  stream: Record<string, string>,
  values: [string, string, Record<string, string>?][],
): Promise<void> {
  const r = await fetch(`${env.lokiUrl}/loki/api/v1/push`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Scope-OrgID": tenant },
    body: JSON.stringify({ streams: [{ stream, values: values.map((v) => (v[2] ? v : [v[0], v[1]])) }] }),
  });
  if (r.status !== 204) throw new Error(`loki push: HTTP ${r.status} ${await r.text()}`);
}

/** The part of env.mjs the tests use (it is plain JS without declarations, hence this type). */
export interface EnvControls {
  startExtraContainer(
    name: string,
    opts?: { service?: string; labels?: Record<string, string>; script?: string; flags?: string[] },
  ): { name: string; id: string };
  stopContainer(name: string, opts?: { timeoutS?: number }): void;
  startContainer(name: string): void;
  removeContainer(name: string): void;
  stopPrometheus(): void;
  startPrometheus(): Promise<unknown>;
}

const CONTROL_NAMES = [
  "startExtraContainer",
  "stopContainer",
  "startContainer",
  "removeContainer",
  "stopPrometheus",
  "startPrometheus",
] as const satisfies readonly (keyof EnvControls)[];

/** env.mjs, loaded lazily: a specifier held in a variable keeps tsc from asking for its types. */
export async function envControls(): Promise<EnvControls> {
  const spec = new URL("./env.mjs", import.meta.url).href;
  const mod: unknown = await import(/* @vite-ignore */ spec);
  const rec = mod as Record<string, unknown>;
  const missing = CONTROL_NAMES.filter((n) => typeof rec[n] !== "function");
  if (missing.length) throw new Error(`testenv: env.mjs does not export ${missing.join(", ")}`);
  return mod as EnvControls;
}

/** Calls fn until accept(result) holds; returns the last result (the test's expect says why it failed). */
export async function pollUntil<T>(
  fn: () => Promise<T>,
  accept: (v: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 500 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (accept(v) || Date.now() >= deadline) return v;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Settles a promise into a value or the error it threw, so a test can assert on either. */
export async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}
