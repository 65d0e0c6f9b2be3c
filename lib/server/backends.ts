// The process's backends. In demo mode the demo world's mock servers run in a child process
// (lib/server/demo-process.ts) on loopback ports; the app talks to them over real HTTP like production.
import { type AppConfig, getConfig } from "../config";
import { type Backends, createBackends } from "../backends/factory";
import { registerKubernetesLifecycle } from "./lifecycle-kubernetes";

interface DemoHandle {
  config: AppConfig;
  backends: Backends;
}

const g = globalThis as typeof globalThis & { __sightlineBackends?: Promise<DemoHandle> };

async function boot(): Promise<DemoHandle> {
  const cfg = getConfig();
  if (!cfg.demo) return withSources({ config: cfg, backends: createBackends(cfg) });
  const { startDemoServers } = await import("./demo-process");
  const urls = await startDemoServers();
  const demoCfg: AppConfig = {
    ...cfg,
    prometheus: cfg.prometheus ?? { url: urls.prometheus, timeoutMs: 15_000, auth: { headers: {} } },
    loki: cfg.loki ?? { url: urls.loki, timeoutMs: 15_000, auth: { headers: {} } },
    jaeger: cfg.jaeger ?? { url: urls.jaeger, timeoutMs: 15_000, auth: { headers: {} } },
    engines: cfg.engines.length
      ? cfg.engines
      : [
          { raw: urls.engine, baseUrl: urls.engine },
          ...(urls.kubernetes
            ? [
                {
                  raw: `kubernetes+${urls.kubernetes}?cluster=demo`,
                  kubernetes: { mode: "url" as const, url: urls.kubernetes, cluster: "demo", namespaces: [] },
                },
              ]
            : []),
        ],
  };
  return withSources({ config: demoCfg, backends: createBackends(demoCfg) });
}

/** Lifecycle sources beyond the engines' own events (Kubernetes statuses and Events). */
function withSources(h: DemoHandle): DemoHandle {
  registerKubernetesLifecycle(h.backends);
  return h;
}

export async function getBackends(): Promise<Backends> {
  g.__sightlineBackends ??= boot().catch((err) => {
    g.__sightlineBackends = undefined;
    throw err;
  });
  return (await g.__sightlineBackends).backends;
}

/** The effective configuration (demo URLs filled in). */
export async function getEffectiveConfig(): Promise<AppConfig> {
  await getBackends();
  const h = await g.__sightlineBackends;
  if (!h) throw new Error("backends not initialised");
  return h.config;
}
