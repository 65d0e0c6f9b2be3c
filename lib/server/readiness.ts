// Readiness: ready once the backends are set up (demo world started, configuration read). A
// backend listed in SIGHTLINE_READY_REQUIRES must also answer its health probe; by default
// none is required, because a Sightline that cannot reach Loki still serves metrics, traces
// and a readable error, which is better than no Sightline.
import type { ReadyBackend } from "../config";
import type { BackendHealth } from "../model/api";

export interface Readiness {
  ready: boolean;
  missing: { backend: ReadyBackend; reason: string }[];
}

export function readiness(required: ReadyBackend[], health: BackendHealth[]): Readiness {
  const missing: Readiness["missing"] = [];
  for (const backend of required) {
    const rows = health.filter((h) => h.backend === backend);
    if (rows.some((h) => h.ok)) continue;
    const configured = rows.filter((h) => h.configured);
    missing.push({
      backend,
      reason: configured.length ? configured.map((h) => h.error ?? "not ok").join("; ") : "not configured",
    });
  }
  return { ready: missing.length === 0, missing };
}
