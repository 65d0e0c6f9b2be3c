// The inventory's badge: which containers restarted or were OOM-killed in the last hour. One
// events call per engine (not one per container) plus one Prometheus query for start-time
// changes, so containers the engine forgot or never knew still get their badge. Kubernetes
// clusters cost no API call: their statuses are in the inventory already, and one
// kube-state-metrics query adds the restarts the statuses no longer show.
import type { Backends } from "../backends/factory";
import { toLifecycleEvents } from "../backends/engine/lifecycle";
import { type KubeRestarts, kubeRecentBadges, recentBadges } from "../correlation/lifecycle-recent";
import type { Container } from "../model/container";
import type { RecentLifecycleResponse } from "../model/lifecycle";
import { millis } from "../model/time";
import { isKubeEventsReader } from "./lifecycle-kubernetes";

const WINDOW_MS = 3_600_000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function recentLifecycle(b: Backends, signal?: AbortSignal): Promise<RecentLifecycleResponse> {
  const now = Date.now();
  const from = millis(now - WINDOW_MS);
  const errors: string[] = [];
  const kubes = b.engines.filter(isKubeEventsReader);
  const engines = b.engines.filter((e) => !isKubeEventsReader(e));
  const perEngine = await Promise.allSettled(
    engines.map(async (e) => {
      const kind = (await e.info({ signal })).kind;
      return toLifecycleEvents(await e.events(from, millis(now), { signal, maxEvents: 20_000 }), kind);
    }),
  );
  const events = perEngine.flatMap((r) => {
    if (r.status === "fulfilled") return r.value;
    errors.push(message(r.reason));
    return [];
  });
  const kubeLists = await Promise.allSettled(kubes.map((k) => k.list({ signal })));
  const kubeContainers: Container[] = kubeLists.flatMap((r) => {
    if (r.status === "fulfilled") return r.value;
    errors.push(message(r.reason));
    return [];
  });
  let promChanges: { name: string; changes: number }[] = [];
  let ksm: KubeRestarts[] = [];
  if (b.metrics) {
    const m = b.metrics;
    const [starts, restarts] = await Promise.allSettled([
      // cAdvisor's convention; other conventions simply answer nothing here.
      m.query('max by (name) (changes(container_start_time_seconds{name!=""}[1h]))', millis(now), { signal }),
      kubeContainers.length
        ? m.query(
            'max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{container!=""}[1h]))',
            millis(now),
            { signal },
          )
        : Promise.resolve([]),
    ]);
    if (starts.status === "fulfilled")
      promChanges = starts.value
        .map((x) => ({ name: x.labels.name ?? "", changes: x.value ?? 0 }))
        .filter((x) => x.name);
    else errors.push(message(starts.reason));
    if (restarts.status === "fulfilled")
      ksm = restarts.value.map((x) => ({
        namespace: x.labels.namespace ?? "",
        pod: x.labels.pod ?? "",
        container: x.labels.container ?? "",
        restarts: x.value ?? 0,
      }));
    else errors.push(message(restarts.reason));
  }
  const { byId, byName } = recentBadges(events, promChanges);
  Object.assign(byName, kubeRecentBadges(kubeContainers, now, WINDOW_MS, ksm));
  return { byId, byName, errors };
}
