// One lifecycle timeline from every source that knows something: engine events, the start
// times Prometheus kept (container_start_time_seconds), and any other source (Kubernetes).
// Pure and linear after one sort; each event keeps the list of sources that reported it,
// and the result says what could not be known (forgotten events, duplicates, a reused id).
import type { LifecycleEvent, LifecycleGap, LifecycleKind, LifecycleSourceName } from "../model/lifecycle";
import type { Millis, TimeRange } from "../model/time";

/** Two reports of the same happening are at most this far apart (engines: ns; Prometheus: s). */
export const SAME_EVENT_MS = 2500;

export interface StartSample {
  /** The start time the series reported (seconds precision). */
  at: Millis;
  /** Series identity (cAdvisor `id` label…), to tell a recreated container from a restart. */
  series?: string;
}

export interface MergeInput {
  range: TimeRange;
  /** The container the page is about. */
  containerId: string;
  createdAt?: Millis;
  engine?: { kind: "docker" | "podman" | "kubernetes"; events: LifecycleEvent[] };
  /** Distinct start times seen in the range, from Prometheus. */
  promStarts?: StartSample[];
  /** The Prometheus step: an inferred exit lies within one step before the start it precedes. */
  promStepMs?: number;
  /** Events from other sources (Kubernetes), already in lifecycle form. */
  others?: LifecycleEvent[];
}

export interface MergeResult {
  events: LifecycleEvent[];
  gaps: LifecycleGap[];
}

const fmt = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const short = (id: string) => id.slice(0, 12);
const sameIdentity = (e: LifecycleEvent) =>
  `${e.containerId ?? ""}|${e.kind}|${e.at}|${e.exitCode ?? ""}|${e.health ?? ""}|${e.signal ?? ""}`;
/** Engine-internal kinds that a start or an exit stands for. */
const MATCH: Partial<Record<LifecycleKind, LifecycleKind[]>> = { start: ["start", "restart"], exit: ["exit"] };

function addSource(e: LifecycleEvent, s: LifecycleSourceName) {
  if (!e.sources.includes(s)) e.sources.push(s);
}

/** Index of an event of one of `kinds` within SAME_EVENT_MS of `at`, by binary search on sorted events. */
function findNear(sorted: LifecycleEvent[], at: number, kinds: LifecycleKind[], tol = SAME_EVENT_MS): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.at ?? 0) < at - tol) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length; i++) {
    const e = sorted[i];
    if (!e || e.at > at + tol) break;
    if (kinds.includes(e.kind) && !e.otherContainer) return i;
  }
  return -1;
}

function cleanEngine(input: MergeInput, gaps: LifecycleGap[]): LifecycleEvent[] {
  const raw = input.engine?.events ?? [];
  let outOfOrder = 0;
  for (let i = 1; i < raw.length; i++) if ((raw[i]?.at ?? 0) < (raw[i - 1]?.at ?? 0)) outOfOrder++;
  const seen = new Set<string>();
  const out: LifecycleEvent[] = [];
  let dups = 0;
  for (const e of raw) {
    const k = sameIdentity(e);
    if (seen.has(k)) {
      dups++;
      continue;
    }
    seen.add(k);
    out.push({ ...e, sources: [...e.sources] });
  }
  out.sort((a, b) => a.at - b.at);
  if (dups || outOfOrder) {
    const parts = [];
    if (dups) parts.push(`${dups} duplicate event${dups === 1 ? "" : "s"} dropped`);
    if (outOfOrder) parts.push(`${outOfOrder} out of order, shown in time order`);
    gaps.push({
      kind: "duplicates",
      message: `The ${input.engine?.kind ?? "container"} engine sent repeated or unordered events: ${parts.join(", ")}.`,
    });
  }
  markOtherContainers(out, input.containerId, gaps);
  return out;
}

/**
 * Events of another container under this name (asked by name), and events of this id from
 * before a destroy followed by a new create (an id used twice, e.g. a restore under the same id).
 */
function markOtherContainers(evs: LifecycleEvent[], id: string, gaps: LifecycleGap[]) {
  const same = (x: string) => x === id || id.startsWith(x) || x.startsWith(id);
  // A container restored from another one's checkpoint (a migration) continues its timeline.
  const restoredAt = evs.find((e) => e.kind === "restore" && e.containerId && same(e.containerId))?.at;
  const migratedFrom = new Set<string>();
  if (restoredAt !== undefined)
    for (const e of evs)
      if (e.kind === "checkpoint" && e.containerId && !same(e.containerId) && e.at <= restoredAt)
        migratedFrom.add(e.containerId);
  const others = new Set<string>();
  for (const e of evs) {
    if (!e.containerId || !id || same(e.containerId) || migratedFrom.has(e.containerId)) continue;
    e.otherContainer = true;
    others.add(e.containerId);
  }
  for (const m of migratedFrom)
    gaps.push({
      kind: "id-reused",
      message: `Restored from a checkpoint of ${short(m)}: its earlier timeline is shown as this container's.`,
    });
  for (const o of others)
    gaps.push({
      kind: "id-reused",
      message: `The name was also used by another container (${short(o)}); its events are marked and not counted.`,
    });
  let lastDestroy = -1;
  for (let i = 0; i < evs.length; i++) {
    const e = evs[i];
    if (!e || e.otherContainer) continue;
    if (e.kind === "destroy") lastDestroy = i;
    else if (e.kind === "create" && lastDestroy >= 0) {
      for (let j = 0; j <= lastDestroy; j++) {
        const p = evs[j];
        if (p && !p.otherContainer) p.otherContainer = true;
      }
      gaps.push({
        kind: "id-reused",
        message: `The id ${short(id)} was removed and created again at ${fmt(e.at)} UTC; events before that belong to the earlier container and are not counted.`,
      });
      lastDestroy = -1;
    }
  }
}

/**
 * Whether the run before a start at `at` is known to have ended: the newest start or exit
 * before it (and after the previous start Prometheus saw) is an exit. A restart can follow its
 * exit by minutes (a back-off), so no fixed window.
 */
function exitBefore(sorted: LifecycleEvent[], at: number, step: number, prevStart?: number): boolean {
  let hi = sorted.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.at ?? 0) <= at + step) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) {
    const e = sorted[i];
    if (!e || e.otherContainer) continue;
    if (prevStart !== undefined && e.at <= prevStart) return false;
    if (e.kind === "exit") return true;
    if ((e.kind === "start" || e.kind === "restart") && e.at < at - SAME_EVENT_MS) return false;
  }
  return false;
}

function mergePrometheus(input: MergeInput, evs: LifecycleEvent[], gaps: LifecycleGap[]): LifecycleEvent[] {
  const starts = [...(input.promStarts ?? [])].sort((a, b) => a.at - b.at);
  const added: LifecycleEvent[] = [];
  const forgotten: number[] = [];
  const step = input.promStepMs ?? 15_000;
  const firstEngine = evs.find((e) => !e.otherContainer)?.at;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    if (!s || s.at < input.range.from || s.at > input.range.to) continue;
    const j = findNear(evs, s.at, MATCH.start ?? []);
    if (j >= 0) {
      const e = evs[j];
      if (e) addSource(e, "prometheus");
      // A Podman restart event sits next to its start: both were seen by Prometheus.
      for (const k of [j - 1, j + 1]) {
        const n = evs[k];
        if (
          n &&
          n.kind !== e?.kind &&
          (n.kind === "start" || n.kind === "restart") &&
          Math.abs(n.at - s.at) <= SAME_EVENT_MS
        )
          addSource(n, "prometheus");
      }
      continue;
    }
    added.push({ at: s.at, kind: "start", sources: ["prometheus"], uncertaintyMs: 1000 });
    const exitKnown = exitBefore(evs, s.at, step, starts[i - 1]?.at);
    const prev = i > 0 ? starts[i - 1] : undefined;
    const first = input.createdAt !== undefined && s.at - input.createdAt < 10_000;
    if (!exitKnown && !first && (prev || s.at > input.range.from)) {
      // The process before this start ended somewhere in the scrape gap before it.
      added.push({
        at: (s.at - 1) as Millis,
        kind: "exit",
        sources: ["prometheus"],
        uncertaintyMs: step,
        reason: "inferred: a new start time appeared",
      });
    }
    if (input.engine) forgotten.push(s.at);
  }
  if (forgotten.length && input.engine?.kind === "kubernetes") {
    gaps.push({
      kind: "engine-forgot",
      message: `Prometheus saw ${forgotten.length} start${forgotten.length === 1 ? "" : "s"} (${forgotten
        .slice(0, 3)
        .map((t) => `${fmt(t)} UTC`)
        .join(
          ", ",
        )}) that Kubernetes no longer remembers: a container status keeps only the last termination and events expire after about an hour. Exit codes of those restarts are unknown.`,
    });
  } else if (forgotten.length) {
    const before = firstEngine !== undefined && forgotten.every((t) => t < firstEngine);
    gaps.push({
      kind: "engine-forgot",
      message: `Prometheus saw ${forgotten.length} start${forgotten.length === 1 ? "" : "s"} (${forgotten
        .slice(0, 3)
        .map((t) => `${fmt(t)} UTC`)
        .join(", ")}) that the ${input.engine?.kind ?? "container"} engine has no event for${
        before ? ", all before its oldest event in this range" : ""
      }: its event log was probably reset (a daemon restart) or rotated. Exit codes of those restarts are unknown.`,
    });
  }
  return added;
}

function mergeOthers(others: LifecycleEvent[], evs: LifecycleEvent[]): LifecycleEvent[] {
  const added: LifecycleEvent[] = [];
  for (const o of others) {
    const kinds = MATCH[o.kind] ?? [o.kind];
    const j = findNear(evs, o.at, kinds);
    const e = j >= 0 ? evs[j] : undefined;
    if (!e) {
      added.push({ ...o, sources: [...o.sources] });
      continue;
    }
    for (const s of o.sources) addSource(e, s);
    e.exitCode ??= o.exitCode;
    e.reason ??= o.reason;
  }
  return added;
}

export function mergeLifecycle(input: MergeInput): MergeResult {
  const gaps: LifecycleGap[] = [];
  const evs = cleanEngine(input, gaps);
  const fromProm = mergePrometheus(input, evs, gaps);
  let all = [...evs, ...fromProm].sort((a, b) => a.at - b.at);
  const fromOthers = mergeOthers(input.others ?? [], all);
  if (fromOthers.length) all = [...all, ...fromOthers].sort((a, b) => a.at - b.at);
  return { events: all.filter((e) => e.at >= input.range.from && e.at <= input.range.to), gaps };
}

/** Distinct start times of a start-time series: each value the series took, once. */
export function distinctStarts(points: readonly (readonly [number, number | null])[], series?: string): StartSample[] {
  const out: StartSample[] = [];
  let last: number | undefined;
  for (const [, v] of points) {
    if (v === null || !Number.isFinite(v) || v <= 0 || v === last) continue;
    last = v;
    out.push({ at: (v * 1000) as Millis, series });
  }
  return out;
}
