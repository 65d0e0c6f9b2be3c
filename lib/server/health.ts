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
 *
 * When the last report is older than that but younger than HEALTH_STALE_MS, the next caller
 * starts the new check and every caller keeps getting the last report until it is done: under
 * load the backends answer slowly, and a probe waiting for them each second was most of the
 * health endpoint's p99 (#13 load bench). A failure seen since (a report that shows a backend
 * down counted one itself, so a recovery shows at once) or an older report still waits.
 */
export const HEALTH_FRESH_MS = 1000;
export const HEALTH_STALE_MS = 10_000;
interface Shared {
  at: number;
  failures: number;
  report: Promise<HealthReport>;
  /** Set once `report` resolved. */
  value?: HealthReport;
  /** The check that will replace this one, while it runs. */
  next?: Shared;
}
const g = globalThis as typeof globalThis & { __sightlineHealth?: Shared };

function startCheck(now: number): Shared {
  const failures = backendFailureCount();
  const report = probeAll();
  const fresh: Shared = { at: now, failures, report };
  report.then(
    (v) => {
      fresh.value = v;
      // A finished check replaces the report it was started to refresh.
      const cur = g.__sightlineHealth;
      if (cur && cur !== fresh && cur.next === fresh) g.__sightlineHealth = fresh;
    },
    () => {
      // A failed probe is not a result to share (getBackends failing, say): the next call retries.
      const cur = g.__sightlineHealth;
      if (cur === fresh) g.__sightlineHealth = undefined;
      else if (cur?.next === fresh) cur.next = undefined;
    },
  );
  return fresh;
}

export function checkHealth(signal?: AbortSignal): Promise<HealthReport> {
  const now = Date.now();
  const s = g.__sightlineHealth;
  const failures = backendFailureCount();
  if (s && s.failures === failures) {
    const age = now - s.at;
    if (age < HEALTH_FRESH_MS) return untilAborted(s.report, signal);
    // A report with a backend down is never served stale: its recovery must show at once,
    // whether or not the failure was one backendFailureCount counts (a decode error, say).
    if (s.value && age < HEALTH_STALE_MS && s.value.backends.every((b) => b.ok || !b.configured)) {
      s.next ??= startCheck(now);
      return Promise.resolve(s.value);
    }
    // Too old to answer with: wait for the check already running rather than start another.
    if (s.next) return untilAborted(s.next.report, signal);
  }
  const fresh = startCheck(now);
  g.__sightlineHealth = fresh;
  return untilAborted(fresh.report, signal);
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
