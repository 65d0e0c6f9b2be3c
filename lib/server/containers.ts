// The container inventory: every engine, plus containers only Prometheus knows (another
// host, already removed). One engine failing leaves the others listed, with its error.
import type { EngineBackend } from "../backends/types";
import type { Container } from "../model/container";
import type { ApiErrorBody } from "../model/errors";
import { millis } from "../model/time";
import { getBackends } from "./backends";
import { prometheusOnlyContainers } from "./prometheus-inventory";
import { toApiError } from "./respond";

export interface Inventory {
  containers: Container[];
  errors: ApiErrorBody["error"][];
}

async function fromEngines(engines: EngineBackend[]) {
  const results = await Promise.allSettled(engines.map((e) => e.list({ all: true })));
  const containers: Container[] = [];
  const errors: ApiErrorBody["error"][] = [];
  for (const r of results) {
    if (r.status === "fulfilled") containers.push(...r.value);
    else errors.push(toApiError(r.reason));
  }
  return { containers, errors };
}

// One page load asks for the container from four panels at once; a short per-process cache
// turns that into one engine listing (the header still refreshes its live state every 10 s).
const INVENTORY_TTL_MS = 3_000;
let inventoryCache: { at: number; value: Promise<Inventory> } | undefined;

/** The inventory, shared by concurrent requests for a few seconds. */
export function listContainers(): Promise<Inventory> {
  const now = Date.now();
  if (inventoryCache && now - inventoryCache.at < INVENTORY_TTL_MS) return inventoryCache.value;
  // Not tied to one request's signal: other requests may share the answer.
  const value = loadInventory();
  inventoryCache = { at: now, value };
  value.catch(() => {
    if (inventoryCache?.value === value) inventoryCache = undefined;
  });
  return value;
}

async function loadInventory(): Promise<Inventory> {
  const b = await getBackends();
  const now = millis(Date.now());
  const [eng, prom] = await Promise.all([
    fromEngines(b.engines),
    b.metrics
      ? prometheusOnlyContainers(b, b.metrics, now).then(
          (c) => ({ containers: c, error: undefined }),
          (err: unknown) => ({ containers: [] as Container[], error: toApiError(err) }),
        )
      : Promise.resolve({ containers: [] as Container[], error: undefined }),
  ]);
  const known = new Set(eng.containers.flatMap((c) => [c.id, c.name]));
  const extra = prom.containers.filter((c) => !known.has(c.id) && !known.has(c.name));
  const errors = prom.error ? [...eng.errors, prom.error] : eng.errors;
  const containers = [...eng.containers, ...extra].sort(
    (a, b2) => (a.compose?.project ?? "~").localeCompare(b2.compose?.project ?? "~") || a.name.localeCompare(b2.name),
  );
  return { containers, errors };
}

/** ref = full id, short id (or any unique id prefix ≥ 4), or name. */
export function matchRef(containers: Container[], ref: string): Container[] {
  const r = ref.trim().replace(/^\//, "");
  const exact = containers.filter((c) => c.id === r || c.name === r);
  if (exact.length) return exact;
  if (/^[0-9a-f]{4,64}$/i.test(r)) return containers.filter((c) => c.id.startsWith(r.toLowerCase()));
  return [];
}

export interface Resolved {
  container?: Container;
  candidates: Container[];
  errors: ApiErrorBody["error"][];
}

/** `within` narrows the inventory first (the caller's scope: lib/server/auth/access.ts). */
export async function resolveContainer(
  ref: string,
  signal?: AbortSignal,
  within: (list: Container[]) => Container[] = (l) => l,
): Promise<Resolved> {
  const inv = await listContainers();
  const matches = matchRef(within(inv.containers), ref);
  if (matches.length !== 1) return { container: undefined, candidates: matches, errors: inv.errors };
  const base = matches[0];
  if (!base || base.source !== "engine") return { container: base, candidates: matches, errors: inv.errors };
  // Inspect adds hostname, limits and restart count, which the list does not carry.
  const b = await getBackends();
  const engine = b.engines.find((e) => e.endpoint === base.host) ?? b.engines[0];
  try {
    const detail = engine ? await engine.inspect(base.id, { signal }) : undefined;
    return { container: detail ? { ...base, ...detail } : base, candidates: matches, errors: inv.errors };
  } catch (err) {
    return { container: base, candidates: matches, errors: [...inv.errors, toApiError(err)] };
  }
}
