// Health of each backend, checked independently so one down never hides the others.
import type { BackendName } from "../model/errors";
import { backendFailureCount } from "../backends/http";
import { getConfig } from "../config";
import { getBackends } from "./backends";
import { toApiError } from "./respond";
import { tempoHealth } from "./tempo-health";

export type { BackendHealth } from "../model/api";
import type { BackendHealth } from "../model/api";

async function probe(backend: BackendName, name: string, fn: () => Promise<{ version?: string; detail?: string }>) {
  const t0 = performance.now();
  try {
    const r = await fn();
    return { backend, name, configured: true, ok: true, ...r, latencyMs: Math.round(performance.now() - t0) };
  } catch (err) {
    return {
      backend,
      name,
      configured: true,
      ok: false,
      error: toApiError(err).message,
      latencyMs: Math.round(performance.now() - t0),
    };
  }
}

export interface HealthReport {
  demo: boolean;
  backends: BackendHealth[];
}

/**
 * One check serves every caller for HEALTH_FRESH_MS (monitors, readiness probes, every open
 * page's header, a load balancer): health answers from memory under load instead of adding a
 * call per backend per probe, and the p99 of /api/health measures Sightline, not the queue in
 * front of a busy backend. A backend call that failed anywhere since (backendFailureCount) makes
 * the next check fresh, so a backend that went down is never reported up from memory.
 */
export const HEALTH_FRESH_MS = 1000;
interface Shared {
  at: number;
  failures: number;
  report: Promise<HealthReport>;
}
const g = globalThis as typeof globalThis & { __sightlineHealth?: Shared };

export function checkHealth(signal?: AbortSignal): Promise<HealthReport> {
  const now = Date.now();
  let s = g.__sightlineHealth;
  if (!s || now - s.at >= HEALTH_FRESH_MS || s.failures !== backendFailureCount()) {
    const failures = backendFailureCount();
    const report = probeAll();
    const fresh: Shared = { at: now, failures, report };
    // A failed probe is not a result to share (getBackends failing, say): the next call retries.
    report.catch(() => {
      if (g.__sightlineHealth === fresh) g.__sightlineHealth = undefined;
    });
    s = g.__sightlineHealth = fresh;
  }
  return untilAborted(s.report, signal);
}

/** The shared check keeps running for the others when one caller leaves. */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function probeAll(): Promise<HealthReport> {
  const b = await getBackends();
  const off = (backend: BackendName, name: string): BackendHealth => ({ backend, name, configured: false, ok: false });
  const checks: Promise<BackendHealth>[] = [
    b.metrics
      ? probe("prometheus", "Prometheus", async () => ({ version: (await b.metrics!.buildInfo({})).version }))
      : Promise.resolve(off("prometheus", "Prometheus")),
    b.logs
      ? probe("loki", "Loki", async () => ({ version: (await b.logs!.buildInfo({})).version || undefined }))
      : Promise.resolve(off("loki", "Loki")),
    b.traces && b.traces !== b.tempo
      ? probe("jaeger", "Jaeger", async () => ({ detail: `API ${await b.traces!.apiVersion({})}` }))
      : Promise.resolve(off("jaeger", "Jaeger")),
    ...(b.tempo ? [probe("tempo", "Tempo", () => tempoHealth(b.tempo!))] : []),
    ...b.engines.map((e) =>
      probe("engine", "Engine", async () => {
        const i = await e.info({});
        return { version: `${i.kind} ${i.version}`, detail: e.endpoint };
      }),
    ),
  ];
  if (!b.engines.length) checks.push(Promise.resolve(off("engine", "Engine")));
  return { demo: getConfig().demo, backends: await Promise.all(checks) };
}
