// The container inventory: every engine, plus containers only Prometheus knows (another
// host, already removed). One engine failing leaves the others listed, with its error.
import { countCache } from "../observe/metrics";
import type { EngineBackend } from "../backends/types";
import type { Container } from "../model/container";
import { type KubeKey, parseKubeRef, sameKubeKey } from "../model/kube-ref";
import type { ApiErrorBody } from "../model/errors";
import { millis } from "../model/time";
import { getBackends } from "./backends";
import { prometheusOnlyContainers } from "./prometheus-inventory";
import { goneKubeContainer } from "./kube-gone";
import { kubeContainersOfPrometheus } from "./kube-prom-inventory";
import { toApiError } from "./respond";
import { TtlCache } from "./ttl-cache";

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
  const hit = inventoryCache && now - inventoryCache.at < INVENTORY_TTL_MS;
  countCache("inventory", Boolean(hit));
  if (hit && inventoryCache) return inventoryCache.value;
  // Not tied to one request's signal: other requests may share the answer.
  const value = loadInventory().then(sameAsBefore);
  inventoryCache = { at: now, value };
  value.then(
    (inv) => {
      if (!lastListed || lastListed.at < now) lastListed = { at: now, inv };
    },
    () => {},
  );
  value.catch(() => {
    if (inventoryCache?.value === value) inventoryCache = undefined;
  });
  return value;
}

let previous: Inventory | undefined;

/**
 * How old a listing may be to resolve a ref with (a page load names its container by name or
 * id: which container that is does not change in seconds). Only a listing every source
 * answered, and only when the ref matches exactly one container there; an engine container is
 * then inspected (fresh within seconds), and a failed inspect (the container gone, recreated
 * under a new id) resolves again from a new listing. A cold page load thus skips the listing's
 * Prometheus and engine round trips before its first byte (#15, 1a).
 */
export const RESOLVE_REUSE_MS = 30_000;
let lastListed: { at: number; inv: Inventory } | undefined;

/** The last complete listing when it is at most `maxAgeMs` old. */
function recentListing(maxAgeMs: number): Inventory | undefined {
  const l = lastListed;
  return l && Date.now() - l.at <= maxAgeMs && l.inv.errors.length === 0 ? l.inv : undefined;
}

/**
 * The previous inventory object when nothing changed (the same container objects in the same
 * order: an API list kept by a watch hands out the same objects until a pod changes), so what
 * is derived from it per object (the API's serialized body) is reused, not redone every 3 s.
 */
function sameAsBefore(inv: Inventory): Inventory {
  const p = previous;
  if (
    p &&
    p.containers.length === inv.containers.length &&
    p.containers.every((c, i) => c === inv.containers[i]) &&
    JSON.stringify(p.errors) === JSON.stringify(inv.errors)
  )
    return p;
  previous = inv;
  return inv;
}

async function loadInventory(): Promise<Inventory> {
  const b = await getBackends();
  const now = millis(Date.now());
  const [eng, prom, kubeProm] = await Promise.all([
    fromEngines(b.engines),
    b.metrics
      ? prometheusOnlyContainers(b, b.metrics, now).then(
          (c) => ({ containers: c, error: undefined }),
          (err: unknown) => ({ containers: [] as Container[], error: toApiError(err) }),
        )
      : Promise.resolve({ containers: [] as Container[], error: undefined }),
    b.metrics
      ? kubeContainersOfPrometheus(b.metrics, now).then(
          (c) => ({ containers: c, error: undefined }),
          (err: unknown) => ({ containers: [] as Container[], error: toApiError(err) }),
        )
      : Promise.resolve({ containers: [] as Container[], error: undefined }),
  ]);
  const known = new Set(eng.containers.flatMap((c) => [c.id, c.name]));
  const extra = prom.containers.filter((c) => !known.has(c.id) && !known.has(c.name));
  // Kubernetes containers Prometheus has seen in the last hour that no cluster lists now
  // (the API unreachable or forbidden, or the pod gone), deduplicated by cluster/namespace/pod/container.
  const tail = (k: KubeKey) => `${k.namespace}\u0000${k.pod}\u0000${k.container}`;
  const listedKube = new Map<string, (string | undefined)[]>();
  for (const c of eng.containers) {
    if (!c.kube) continue;
    const k = kubeKeyOfContainer(c);
    listedKube.set(tail(k), [...(listedKube.get(tail(k)) ?? []), k.cluster]);
  }
  const kubeExtra = kubeProm.containers.filter((c) => {
    const k = kubeKeyOfContainer(c);
    const clusters = listedKube.get(tail(k));
    return !clusters?.some((cl) => cl === undefined || k.cluster === undefined || cl === k.cluster);
  });
  const errors = [...eng.errors, ...(prom.error ? [prom.error] : []), ...(kubeProm.error ? [kubeProm.error] : [])];
  const containers = [...eng.containers, ...extra, ...kubeExtra].sort(
    (a, b2) => (a.compose?.project ?? "~").localeCompare(b2.compose?.project ?? "~") || a.name.localeCompare(b2.name),
  );
  return { containers, errors };
}

const inspectCache = new TtlCache<Awaited<ReturnType<EngineBackend["inspect"]>>>(3_000);
const statsCache = new TtlCache<Awaited<ReturnType<EngineBackend["stats"]>>>(2_000);

/** A container's live stats, shared by concurrent pages for two seconds. */
export function containerStats(engine: EngineBackend, id: string, signal?: AbortSignal) {
  return withSignal(
    statsCache.get(`${engine.endpoint} ${id}`, () => engine.stats(id)),
    signal,
  );
}

/** A shared promise the caller can stop waiting for when its request goes away. */
export function withSignal<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** ref = full id, short id (or any unique id prefix ≥ 4), name, or a Kubernetes ref with or without cluster. */
export function matchRef(containers: Container[], ref: string): Container[] {
  const r = ref.trim().replace(/^\//, "");
  const exact = containers.filter((c) => c.id === r || c.name === r);
  if (exact.length) return exact;
  const kube = parseKubeRef(r);
  if (kube) return containers.filter((c) => c.kube && sameKubeKey(kube, kubeKeyOfContainer(c)));
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
  const recent = recentListing(RESOLVE_REUSE_MS);
  if (recent) {
    const matches = matchRef(within(recent.containers), ref);
    const base = matches[0];
    if (matches.length === 1 && base) {
      if (base.source !== "engine") return { container: base, candidates: matches, errors: [] };
      const r = await inspected(base, matches, [], signal);
      if (r.errors.length === 0) return r;
    }
  }
  const inv = await listContainers();
  const matches = matchRef(within(inv.containers), ref);
  const kube = parseKubeRef(ref.trim());
  // A Kubernetes container no source lists now: its key still finds its metrics and logs —
  // when the caller's scope covers it (namespace, cluster…), like any listed container.
  if (kube && matches.length === 0) {
    const gone = within([goneKubeContainer(kube)])[0];
    return { container: gone, candidates: [], errors: inv.errors };
  }
  if (matches.length !== 1) return { container: undefined, candidates: matches, errors: inv.errors };
  const base = matches[0];
  if (base?.source !== "engine") return { container: base, candidates: matches, errors: inv.errors };
  return inspected(base, matches, inv.errors, signal);
}

/** An engine container with its inspect answer (a failed inspect: as listed, with the error). */
async function inspected(
  base: Container,
  matches: Container[],
  errors: ApiErrorBody["error"][],
  signal?: AbortSignal,
): Promise<Resolved> {
  // Inspect adds hostname, limits and restart count, which the list does not carry.
  const b = await getBackends();
  const engine = b.engines.find((e) => e.endpoint === base.host) ?? b.engines[0];
  try {
    // Shared for a few seconds (not tied to this request's signal: others may use the answer).
    const detail = engine
      ? await withSignal(
          inspectCache.get(`${engine.endpoint} ${base.id}`, () => engine.inspect(base.id)),
          signal,
        )
      : undefined;
    return { container: detail ? withDetail(base, detail) : base, candidates: matches, errors };
  } catch (err) {
    return { container: base, candidates: matches, errors: [...errors, toApiError(err)] };
  }
}

// The same listed container with the same inspect answer is the same object while both are
// cached, so per-container work downstream (correlation) can be remembered by identity.
const merged = new WeakMap<Container, WeakMap<object, Container>>();
function withDetail(base: Container, detail: Partial<Container>): Container {
  let byDetail = merged.get(base);
  if (!byDetail) {
    byDetail = new WeakMap();
    merged.set(base, byDetail);
  }
  let c = byDetail.get(detail);
  if (!c) {
    c = { ...base, ...detail };
    byDetail.set(detail, c);
  }
  return c;
}

export function kubeKeyOfContainer(c: Container): KubeKey {
  return {
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
    namespace: c.namespace ?? c.pod?.namespace ?? "",
    pod: c.pod?.name ?? "",
    container: c.kube?.container ?? "",
  };
}
