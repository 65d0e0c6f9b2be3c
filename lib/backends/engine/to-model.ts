// Engine wire → lib/model Container / ContainerStats / ContainerEvent. Docker list, libpod
// list and inspect spell the same facts three ways (times in seconds, RFC3339, RFC3339Nano).
import {
  type Container,
  type ContainerEvent,
  type ContainerStats,
  composeOf,
  type EngineKind,
  K8S_POD_NAME,
  K8S_POD_NAMESPACE,
  normalizeState,
} from "../../model/container";
import { asNanosString, type Millis, nanosToMillis, rfc3339ToMillis, secondsToMillis } from "../../model/time";
import type { EngineEvent, Inspect, LibpodListItem, ListItem, Stats } from "./schemas";

export interface MapContext {
  engine: EngineKind;
  /** Display name of the endpoint the container was listed by. */
  host: string;
}

/** Go's zero time ("0001-01-01T00:00:00Z", -62135596800) and 0 mean "never". */
const fromSeconds = (s: number | undefined): Millis | undefined => (s && s > 0 ? secondsToMillis(s) : undefined);
function fromRfc3339(s: string | undefined): Millis | undefined {
  const ms = s ? rfc3339ToMillis(s) : undefined;
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/** Docker lists link aliases too ("/web/db"); the container's own name has a single segment. */
function primaryName(names: readonly string[] | null | undefined): string {
  const stripped = (names ?? []).map((n) => n.replace(/^\//, ""));
  return stripped.find((n) => !n.includes("/")) ?? stripped[0] ?? "";
}

function podOf(labels: Record<string, string>, podName?: string, podId?: string): Container["pod"] {
  if (podName) return { name: podName, id: podId || undefined };
  const k8s = labels[K8S_POD_NAME];
  return k8s ? { name: k8s, namespace: labels[K8S_POD_NAMESPACE] || undefined } : undefined;
}

const STOPPED = new Set(["exited", "dead", "created"]);

function base(
  id: string,
  name: string,
  image: string,
  state: string | undefined,
  labels: Record<string, string>,
  ctx: MapContext,
) {
  return {
    id,
    shortId: id.slice(0, 12),
    name,
    engine: ctx.engine,
    host: ctx.host,
    image,
    state: normalizeState(state),
    labels,
    compose: composeOf(labels),
    source: "engine" as const,
  };
}

/** Docker / Podman compat list item. The exit code is only in the status line: "Exited (137) 2 hours ago". */
export function fromListItem(c: ListItem, ctx: MapContext): Container {
  const labels = c.Labels ?? {};
  const exit = /^Exited \((-?\d+)\)/.exec(c.Status ?? "");
  return {
    ...base(c.Id, primaryName(c.Names), c.Image ?? "", c.State, labels, ctx),
    status: c.Status || undefined,
    createdAt: fromSeconds(c.Created),
    exitCode: exit ? Number(exit[1]) : undefined,
    pod: podOf(labels),
  };
}

/** Podman libpod list item: has pod fields and start/exit times the compat list lacks. */
export function fromLibpodItem(c: LibpodListItem, ctx: MapContext): Container {
  const labels = c.Labels ?? {};
  const b = base(c.Id, primaryName(c.Names), c.Image ?? "", c.State, labels, ctx);
  const stopped = STOPPED.has(b.state) || c.Exited === true;
  return {
    ...b,
    status: c.Status || undefined,
    createdAt: typeof c.Created === "number" ? fromSeconds(c.Created) : fromRfc3339(c.Created),
    startedAt: fromSeconds(c.StartedAt),
    finishedAt: stopped ? fromSeconds(c.ExitedAt) : undefined,
    exitCode: stopped && b.state !== "created" ? c.ExitCode : undefined,
    pod: podOf(labels, c.PodName, c.Pod),
    restartCount: c.Restarts,
  };
}

/** Inspect: the only source of hostname, restart count and limits (limits is {} when unlimited). */
export function fromInspect(c: Inspect, ctx: MapContext): Container {
  const labels = c.Config?.Labels ?? {};
  const b = base(c.Id, c.Name.replace(/^\//, ""), c.Config?.Image || c.Image || "", c.State.Status, labels, ctx);
  const stopped = STOPPED.has(b.state);
  const hc = c.HostConfig;
  const limits: NonNullable<Container["limits"]> = {};
  if (hc?.Memory && hc.Memory > 0) limits.memoryBytes = hc.Memory;
  if (hc?.NanoCpus && hc.NanoCpus > 0) limits.cpus = hc.NanoCpus / 1e9;
  // CFS quota without a period uses the kernel default period of 100 ms.
  else if (hc?.CpuQuota && hc.CpuQuota > 0) limits.cpus = hc.CpuQuota / (hc.CpuPeriod || 100_000);
  return {
    ...b,
    status: c.State.Status || undefined,
    createdAt: fromRfc3339(c.Created),
    startedAt: fromRfc3339(c.State.StartedAt),
    finishedAt: stopped ? fromRfc3339(c.State.FinishedAt) : undefined,
    exitCode: stopped && b.state !== "created" ? c.State.ExitCode : undefined,
    pod: podOf(labels),
    hostname: c.Config?.Hostname || undefined,
    restartCount: c.RestartCount,
    limits,
  };
}

/**
 * One-shot stats. Memory is the working set (usage minus inactive file cache, like docker stats
 * and cAdvisor) when the engine reports the breakdown; Podman reports only usage. Without a limit
 * the engine reports host RAM as `limit`, so callers should prefer inspect's limits.
 */
export function toStats(s: Stats, now: Millis): ContainerStats {
  const usage = s.memory_stats?.usage ?? 0;
  const m = s.memory_stats?.stats ?? {};
  const inactive = m.total_inactive_file ?? m.inactive_file ?? m.cache;
  const memoryBytes = inactive !== undefined && inactive < usage ? usage - inactive : usage;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes;
    tx += n.tx_bytes;
  }
  const limit = s.memory_stats?.limit;
  return {
    at: fromRfc3339(s.read) ?? now,
    cpuSeconds: s.cpu_stats.cpu_usage.total_usage / 1e9,
    memoryBytes,
    memoryLimitBytes: limit && limit > 0 ? limit : undefined,
    networkRxBytes: rx,
    networkTxBytes: tx,
    pids: s.pids_stats?.current,
  };
}

/** Podman (compat and libpod) action names → Docker's, so the model has one vocabulary. */
const ACTION_ALIASES: Record<string, string> = { died: "die", remove: "destroy" };

/** A container event, or undefined for other types (image pull, network…) and id-less lines. */
export function toEvent(e: EngineEvent, type: "container" | "pod" = "container"): ContainerEvent | undefined {
  if ((e.Type ?? "container") !== type) return undefined;
  const containerId = e.Actor?.ID || e.id;
  if (!containerId) return undefined;
  // Docker appends details to some actions: "health_status: healthy", "exec_start: sh -c …".
  const raw = e.Action ?? e.status ?? "";
  const i = raw.indexOf(":");
  const head = (i >= 0 ? raw.slice(0, i) : raw).trim();
  const attributes: Record<string, string> = { ...(e.Actor?.Attributes ?? {}) };
  if (i >= 0) attributes["action.detail"] = raw.slice(i + 1).trim();
  if (e.HealthStatus) attributes.health_status = e.HealthStatus;
  // timeNano arrives as a JSON number above 2^53 (already rounded by JSON.parse): fine for ms.
  const ns = e.timeNano !== undefined && Number.isInteger(e.timeNano) && e.timeNano > 0 ? e.timeNano : undefined;
  const at = ns !== undefined ? nanosToMillis(asNanosString(BigInt(ns).toString())) : secondsToMillis(e.time ?? 0);
  return {
    at,
    containerId,
    name: attributes.name || undefined,
    action: ACTION_ALIASES[head] ?? head,
    attributes,
  };
}
