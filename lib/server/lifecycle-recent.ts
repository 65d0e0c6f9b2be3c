// The inventory's badge: which containers restarted or were OOM-killed in the last hour. One
// events call per engine (not one per container) plus one Prometheus query for start-time
// changes, so containers the engine forgot or never knew still get their badge.
import type { Backends } from "../backends/factory";
import { toLifecycleEvents } from "../backends/engine/lifecycle";
import { recentBadges } from "../correlation/lifecycle-recent";
import type { RecentLifecycleResponse } from "../model/lifecycle";
import { millis } from "../model/time";

const WINDOW_MS = 3_600_000;

export async function recentLifecycle(b: Backends, signal?: AbortSignal): Promise<RecentLifecycleResponse> {
  const now = Date.now();
  const from = millis(now - WINDOW_MS);
  const errors: string[] = [];
  const perEngine = await Promise.allSettled(
    b.engines.map(async (e) => {
      const kind = (await e.info({ signal })).kind;
      return toLifecycleEvents(await e.events(from, millis(now), { signal, maxEvents: 20_000 }), kind);
    }),
  );
  const events = perEngine.flatMap((r) => {
    if (r.status === "fulfilled") return r.value;
    errors.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
    return [];
  });
  let promChanges: { name: string; changes: number }[] = [];
  if (b.metrics) {
    try {
      // cAdvisor's convention; other conventions simply answer nothing here.
      const s = await b.metrics.query(
        'max by (name) (changes(container_start_time_seconds{name!=""}[1h]))',
        millis(now),
        { signal },
      );
      promChanges = s.map((x) => ({ name: x.labels.name ?? "", changes: x.value ?? 0 })).filter((x) => x.name);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  const { byId, byName } = recentBadges(events, promChanges);
  return { byId, byName, errors };
}
