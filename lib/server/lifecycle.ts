// One container's lifecycle for a range: engine events, Prometheus start times and memory,
// any registered source (Kubernetes), merged and explained in lib/correlation; the last log
// lines before each exit from Loki. Each source may fail alone: its error is listed, the
// others still draw the timeline.
import type { Backends } from "../backends/factory";
import { podLifecycleEvents, toLifecycleEvents } from "../backends/engine/lifecycle";
import { chooseStep } from "../backends/prometheus/step";
import { explainExit, type MemoryEvidence, summarize } from "../correlation/lifecycle-explain";
import { distinctStarts, type MergeInput, mergeLifecycle, type StartSample } from "../correlation/lifecycle-merge";
import { kubeStateExits } from "../correlation/lifecycle-kubernetes";
import { kubeTerminationQueries, startTimeQuery } from "../correlation/queries-lifecycle";
import { logQuery } from "../correlation/queries-loki";
import { containerMetricQueries } from "../correlation/queries-prometheus";
import type { Container } from "../model/container";
import type { Series } from "../model/series";
import type {
  ExitExplanation,
  LifecycleEvent,
  LifecycleGap,
  LifecycleResponse,
  LifecycleSourceName,
} from "../model/lifecycle";
import { type Millis, millis, type TimeRange } from "../model/time";
import { containerHref } from "../url/links";
import { absoluteTime } from "../url/time";
import { correlate } from "./correlate";
import { lokiMappingFor } from "./logs";

/** Another source of lifecycle events (the Kubernetes adapter implements this). */
export interface LifecycleSource {
  name: LifecycleSourceName;
  /** Whether this source knows anything about the container (e.g. it has a pod). */
  covers(c: Container): boolean;
  events(
    c: Container,
    range: TimeRange,
    signal?: AbortSignal,
  ): Promise<{ events: LifecycleEvent[]; gaps?: LifecycleGap[] }>;
}

const g = globalThis as typeof globalThis & { __sightlineLifecycleSources?: LifecycleSource[] };
/** Sources beyond the engine and Prometheus register here once at start-up. */
export function registerLifecycleSource(s: LifecycleSource): void {
  g.__sightlineLifecycleSources = [...(g.__sightlineLifecycleSources ?? []).filter((x) => x.name !== s.name), s];
}

const MAX_ENGINE_EVENTS = 5000;
const MAX_EXPLAINED = 10;
const LAST_LOG_LINES = 5;
const LOG_LOOKBACK_MS = 5 * 60_000;
/** The header link shows this much before and after an exit. */
export const FOCUS_BEFORE_MS = 5 * 60_000;
export const FOCUS_AFTER_MS = 3 * 60_000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function focusHref(c: Container, at: number, tab?: "logs"): string {
  return containerHref(c.name || c.id, {
    range: { from: absoluteTime(at - FOCUS_BEFORE_MS), to: absoluteTime(at + FOCUS_AFTER_MS) },
    tab,
  });
}

async function engineEvents(b: Backends, c: Container, range: TimeRange, signal?: AbortSignal) {
  // A Kubernetes container's events come from its lifecycle source (statuses and Events).
  if (c.source !== "engine" || c.engine === "kubernetes") return undefined;
  const engine = b.engines.find((e) => e.endpoint === c.host) ?? b.engines[0];
  if (!engine) return undefined;
  const kind = (await engine.info({ signal })).kind;
  // The engine holds the stream open until `until`: never ask past now.
  const until = millis(Math.min(range.to, Date.now()));
  // By name: a container restored from a checkpoint under a new id keeps its history, and a
  // name reused by a new container is seen (and marked) rather than silently missing.
  const pod = kind === "podman" ? c.pod?.name : undefined;
  const [evs, podEvs] = await Promise.all([
    engine.events(range.from, until, { signal, container: c.name || c.id, maxEvents: MAX_ENGINE_EVENTS }),
    // The pod's own events (stop, restart…) belong on its containers' timelines.
    pod ? engine.events(range.from, until, { signal, pod, maxEvents: 500 }).catch(() => []) : Promise.resolve([]),
  ]);
  return {
    kind,
    events: [...toLifecycleEvents(evs, kind), ...podLifecycleEvents(podEvs)],
    truncated: evs.length >= MAX_ENGINE_EVENTS,
  };
}

interface PromHistory {
  starts: StartSample[];
  /** Exits kube-state-metrics remembers (the last termination's time, code and reason). */
  exits: LifecycleEvent[];
  memory?: MemoryEvidence;
  stepMs: number;
}

async function promHistory(
  b: Backends,
  c: Container,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<PromHistory | undefined> {
  const m = b.metrics;
  if (!m) return undefined;
  const corr = await correlate(b, c);
  if (corr.errors.prometheus) throw corr.errors.prometheus;
  const det = corr.mappings.prometheus;
  if (!det || det.kind === "reason") return undefined;
  const step = chooseStep(range.to - range.from, { targetPoints: 1000, minStepSeconds: 5 });
  const startQ = startTimeQuery(det.mapping, c);
  const mq = containerMetricQueries(det.mapping, c, { stepSeconds: step });
  if (startQ.kind === "reason") return undefined;
  const ksm = kubeTerminationQueries(det.mapping, c);
  const none = Promise.resolve([] as Series[]);
  // kube-state-metrics' series are optional (and EXPERIMENTAL): their absence is no error.
  const ksmRange = (q: string) => m.queryRange(q, range, step, { signal }).catch(() => [] as Series[]);
  const [starts, usage, limit, kReason, kTime, kCode] = await Promise.all([
    m.queryRange(startQ.query, range, step, { signal }),
    mq.kind === "queries" ? m.queryRange(mq.memoryBytes, range, step, { signal }) : none,
    mq.kind === "queries" ? m.queryRange(mq.memoryLimitBytes, range, step, { signal }) : none,
    ksm.kind === "queries" ? ksmRange(ksm.reason) : none,
    ksm.kind === "queries" ? ksmRange(ksm.timestamp) : none,
    ksm.kind === "queries" ? ksmRange(ksm.exitCode) : none,
  ]);
  return {
    exits: kubeStateExits(
      kTime[0]?.points ?? [],
      kCode[0]?.points ?? [],
      kReason.map((s) => ({ reason: s.labels.reason ?? "", points: s.points })),
    ),
    starts: starts.flatMap((s) => distinctStarts(s.points, s.labels.id)),
    memory: { usage: usage[0]?.points ?? [], limit: limit[0]?.points ?? [], stepMs: step * 1000 },
    stepMs: step * 1000,
  };
}

async function lastLines(
  b: Backends,
  c: Container,
  x: ExitExplanation,
  signal?: AbortSignal,
): Promise<ExitExplanation> {
  const withLink = { ...x, logsHref: focusHref(c, x.at, "logs") };
  if (!b.logs) return { ...withLink, logsReason: "Loki is not configured." };
  const { mapping, reason } = await lokiMappingFor(b, c);
  if (!mapping) return { ...withLink, logsReason: reason?.message ?? "No Loki mapping for this container." };
  const q = logQuery(mapping, c);
  if (q.kind === "reason") return { ...withLink, logsReason: q.message };
  const res = await b.logs.queryRange(
    {
      query: q.query,
      range: { from: millis(x.at - LOG_LOOKBACK_MS), to: millis(x.at + 1) },
      limit: LAST_LOG_LINES,
      direction: "backward",
    },
    { signal },
  );
  const lines = res.lines.map((l) => ({ ts: l.ts, line: l.line.slice(0, 500) })).reverse();
  return lines.length
    ? { ...withLink, lastLogs: lines }
    : { ...withLink, logsReason: "No log lines in the 5 minutes before it." };
}

export async function containerLifecycle(
  b: Backends,
  c: Container,
  range: TimeRange,
  signal?: AbortSignal,
  sources: LifecycleSource[] = g.__sightlineLifecycleSources ?? [],
): Promise<LifecycleResponse> {
  const errors: LifecycleResponse["errors"] = [];
  const gaps: LifecycleGap[] = [];
  const others = sources.filter((s) => s.covers(c));
  const [eng, prom, ...ext] = await Promise.allSettled([
    engineEvents(b, c, range, signal),
    promHistory(b, c, range, signal),
    ...others.map((s) => s.events(c, range, signal)),
  ]);
  const engineKind = c.engine;
  let engine: MergeInput["engine"];
  if (eng.status === "fulfilled" && eng.value) {
    engine = { kind: eng.value.kind, events: eng.value.events };
    if (eng.value.truncated)
      gaps.push({ kind: "truncated", message: `Only the newest ${MAX_ENGINE_EVENTS} engine events were read.` });
  } else if (eng.status === "rejected") {
    errors.push({ source: engineKind, message: message(eng.reason) });
    gaps.push({
      kind: "engine-unavailable",
      message: `The ${engineKind} engine could not be asked: ${message(eng.reason)}`,
    });
  } else if (c.source !== "engine") {
    gaps.push({
      kind: "engine-unavailable",
      message: others.some((s) => s.name === "kubernetes")
        ? "The pod is no longer listed: its status is gone; the events the API server still keeps (about an hour) and Prometheus history are shown."
        : "No engine lists this container: only Prometheus history is shown.",
    });
  }
  let history: PromHistory | undefined;
  if (prom.status === "fulfilled") {
    history = prom.value;
    if (!history)
      gaps.push({
        kind: "prometheus-unavailable",
        message: b.metrics
          ? "Prometheus has no series for this container: restarts the engine forgot, and memory before an exit, cannot be seen."
          : "Prometheus is not configured: restarts the engine forgot, and memory before an exit, cannot be seen.",
      });
  } else {
    errors.push({ source: "prometheus", message: message(prom.reason) });
    gaps.push({ kind: "prometheus-unavailable", message: `Prometheus could not be asked: ${message(prom.reason)}` });
  }
  const extEvents: LifecycleEvent[] = [];
  ext.forEach((r, i) => {
    const s = others[i];
    if (!s) return;
    if (r.status === "fulfilled") {
      // Kubernetes is a Kubernetes container's engine: Prometheus' starts are matched against it.
      if (s.name === "kubernetes" && c.engine === "kubernetes" && !engine)
        engine = { kind: "kubernetes", events: r.value.events };
      else extEvents.push(...r.value.events);
      gaps.push(...(r.value.gaps ?? []));
    } else {
      errors.push({ source: s.name, message: message(r.reason) });
      if (s.name === "kubernetes")
        gaps.push({ kind: "engine-unavailable", message: `Kubernetes could not be asked: ${message(r.reason)}` });
    }
  });

  const merged = mergeLifecycle({
    range,
    containerId: c.id,
    createdAt: c.createdAt,
    engine,
    promStarts: history?.starts,
    promStepMs: history?.stepMs,
    others: [...extEvents, ...(history?.exits ?? [])],
  });
  const exits = merged.events.filter((e) => e.kind === "exit" && !e.otherContainer);
  const explained = exits.map((e) => explainExit(e, merged.events, history?.memory));
  const recent = explained.slice(-MAX_EXPLAINED);
  const withLogs = await Promise.all(
    recent.map((x) =>
      lastLines(b, c, x, signal).catch((e: unknown) => ({
        ...x,
        logsHref: focusHref(c, x.at, "logs"),
        logsReason: `Loki: ${message(e)}`,
      })),
    ),
  );
  const summary = summarize(merged.events, withLogs, c.createdAt, (at: Millis | number) => focusHref(c, at));
  // Restarts are counted over every exit, explanations kept for the newest ones.
  summary.exits = explained.length;
  summary.oomKills = explained.filter((x) => x.oom).length;
  return {
    containerId: c.id,
    events: merged.events,
    exits: withLogs,
    summary,
    gaps: [...merged.gaps, ...gaps],
    errors,
  };
}
