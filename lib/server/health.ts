// Health of each backend, checked independently so one down never hides the others.
import type { BackendName } from "../model/errors";
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

export async function checkHealth(signal?: AbortSignal): Promise<{ demo: boolean; backends: BackendHealth[] }> {
  const b = await getBackends();
  const off = (backend: BackendName, name: string): BackendHealth => ({ backend, name, configured: false, ok: false });
  const checks: Promise<BackendHealth>[] = [
    b.metrics
      ? probe("prometheus", "Prometheus", async () => ({ version: (await b.metrics!.buildInfo({ signal })).version }))
      : Promise.resolve(off("prometheus", "Prometheus")),
    b.logs
      ? probe("loki", "Loki", async () => ({ version: (await b.logs!.buildInfo({ signal })).version || undefined }))
      : Promise.resolve(off("loki", "Loki")),
    b.traces && b.traces !== b.tempo
      ? probe("jaeger", "Jaeger", async () => ({ detail: `API ${await b.traces!.apiVersion({ signal })}` }))
      : Promise.resolve(off("jaeger", "Jaeger")),
    ...(b.tempo ? [probe("tempo", "Tempo", () => tempoHealth(b.tempo!, signal))] : []),
    ...b.engines.map((e) =>
      probe("engine", "Engine", async () => {
        const i = await e.info({ signal });
        return { version: `${i.kind} ${i.version}`, detail: e.endpoint };
      }),
    ),
  ];
  if (!b.engines.length) checks.push(Promise.resolve(off("engine", "Engine")));
  return { demo: getConfig().demo, backends: await Promise.all(checks) };
}
