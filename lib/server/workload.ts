// A Kubernetes workload over a range: its pods (listed now, or seen by kube-state-metrics in
// the range, so replaced pods count), CPU and memory per pod, their merged logs, its traces.
// Each section fails on its own; one backend down never blanks the others.
import type { Backends } from "../backends/factory";
import { chooseStep } from "../backends/prometheus/step";
import {
  directPodOwnerKind,
  intermediateOwnersMatch,
  podOwnerMatch,
  type WorkloadRef,
  workloadAttribute,
  workloadLogQuery,
  workloadMetricQueries,
} from "../correlation/kube-workload";
import { logQuery } from "../correlation/queries-loki";
import { anyOfRegex, matcher, selector } from "../correlation/quote";
import type { ApiErrorInfo, MetricPanel, Reason } from "../model/api";
import type { Container } from "../model/container";
import { kubeRef } from "../model/kube-ref";
import type { LogLine } from "../model/logs";
import type { TimeRange } from "../model/time";
import type { TraceSummary } from "../model/trace";
import { getBackends } from "./backends";
import { listContainers } from "./containers";
import { correlate } from "./correlate";
import { goneKubeContainer } from "./kube-gone";
import { toApiError } from "./respond";

export interface WorkloadPod {
  name: string;
  /** Listed by the Kubernetes API now, or still sampled by Prometheus (else: replaced or deleted). */
  listed: boolean;
  containers: Container[];
  /** For a pod no longer listed: its containers' refs, named by Prometheus. */
  goneRefs: string[];
  node?: string;
  restarts: number;
  lastTermination?: string;
}

export interface WorkloadView {
  workload: WorkloadRef & { cluster?: string };
  pods: WorkloadPod[];
  panels: MetricPanel[];
  metricsReason?: Reason;
  logs: LogLine[];
  logQuery?: string;
  logsReason?: Reason;
  traces: TraceSummary[];
  tracesReason?: Reason;
  errors: ApiErrorInfo[];
}

const LOG_LIMIT = 500;

function belongs(c: Container, w: WorkloadRef & { cluster?: string }): boolean {
  if (!c.kube || c.namespace !== w.namespace) return false;
  if (w.cluster !== undefined && c.cluster !== undefined && c.cluster !== w.cluster) return false;
  const wl = c.kube.workload;
  if (wl?.kind === w.kind && wl.name === w.name) return true;
  // ReplicaSet/Job pages (and owners not yet resolved) match the direct owner too.
  return c.kube.owner?.kind === w.kind && c.kube.owner.name === w.name;
}

async function podsFromMetrics(b: Backends, w: WorkloadRef, range: TimeRange): Promise<string[]> {
  const m = b.metrics;
  if (!m) return [];
  let owners = [w.name];
  const mid = intermediateOwnersMatch(w);
  if (mid) {
    const sets = await m.series([mid.match], range);
    owners = [...new Set(sets.map((l) => l[mid.label] ?? "").filter(Boolean))];
  }
  const match = podOwnerMatch(w.namespace, directPodOwnerKind(w.kind), owners);
  if (!match) return [];
  const sets = await m.series([match], range);
  return [...new Set(sets.map((l) => l.pod ?? "").filter(Boolean))];
}

export async function workloadView(
  w: WorkloadRef & { cluster?: string },
  range: TimeRange,
  signal?: AbortSignal,
): Promise<WorkloadView> {
  const b = await getBackends();
  const errors: ApiErrorInfo[] = [];
  const inv = await listContainers();
  errors.push(...inv.errors);
  const listed = inv.containers.filter((c) => belongs(c, w));
  let metricPods: string[] = [];
  try {
    metricPods = await podsFromMetrics(b, w, range);
  } catch (err) {
    errors.push(toApiError(err));
  }
  const byPod = new Map<string, WorkloadPod>();
  for (const c of listed) {
    const name = c.pod?.name ?? "";
    const p = byPod.get(name) ?? { name, listed: false, containers: [], goneRefs: [], restarts: 0 };
    p.containers.push(c);
    // Listed by an API now, or (Prometheus-only inventory) still sampled now.
    if (c.source === "engine" || c.state === "running") p.listed = true;
    p.node = c.kube?.node ?? p.node;
    p.restarts += c.restartCount ?? 0;
    const lt = c.kube?.lastTerminated;
    if (lt?.reason)
      p.lastTermination = `${c.kube?.container}: ${lt.reason}${lt.exitCode !== undefined ? ` (exit ${lt.exitCode})` : ""}`;
    byPod.set(name, p);
  }
  for (const name of metricPods)
    if (!byPod.has(name)) byPod.set(name, { name, listed: false, containers: [], goneRefs: [], restarts: 0 });
  const gone = [...byPod.values()].filter((p) => !p.listed);
  if (gone.length && b.metrics) {
    try {
      const sets = await b.metrics.series(
        [
          selector(
            [
              matcher("namespace", "=", w.namespace),
              matcher("pod", "=~", anyOfRegex(gone.map((p) => p.name))),
              matcher("container", "!=", ""),
              matcher("container", "!=", "POD"),
            ],
            "container_cpu_usage_seconds_total",
          ),
        ],
        range,
      );
      for (const l of sets) {
        const p = l.pod ? byPod.get(l.pod) : undefined;
        const ref = p && l.container ? goneContainerRef(w, p.name, l.container) : undefined;
        const known = (r: string) => p?.goneRefs.includes(r) || p?.containers.some((c) => c.name === r);
        if (p && ref && !known(ref)) p.goneRefs.push(ref);
      }
    } catch (err) {
      errors.push(toApiError(err));
    }
  }
  const pods = [...byPod.values()].sort(
    (a, b2) => Number(b2.listed) - Number(a.listed) || a.name.localeCompare(b2.name),
  );
  const podNames = pods.map((p) => p.name);
  const view: WorkloadView = { workload: w, pods, panels: [], logs: [], traces: [], errors };

  // A container to detect the log and trace conventions with: a listed one, else one by key.
  const sample =
    listed.find((c) => c.kube?.kind === "container") ??
    (pods[0] ? goneKubeContainer({ namespace: w.namespace, pod: pods[0].name, container: w.name }) : undefined);

  await Promise.all([
    (async () => {
      if (!b.metrics)
        return void (view.metricsReason = { message: "Prometheus is not configured (set PROMETHEUS_URL)" });
      const step = chooseStep(range.to - range.from, { targetPoints: 240, minStepSeconds: 15 });
      const q = workloadMetricQueries(w.namespace, podNames, { stepSeconds: step });
      if ("kind" in q) return void (view.metricsReason = q);
      try {
        const [cpu, mem] = await Promise.all([
          b.metrics.queryRange(q.cpuCoresByPod, range, step, { signal }),
          b.metrics.queryRange(q.memoryBytesByPod, range, step, { signal }),
        ]);
        const series = (s: typeof cpu) =>
          s
            .map((x) => ({ name: x.labels.pod ?? "?", points: x.points }))
            .sort((a, b2) => a.name.localeCompare(b2.name));
        view.panels = [
          { id: "cpu", title: "CPU by pod", unit: "cores", series: series(cpu), queries: [q.cpuCoresByPod] },
          {
            id: "memory",
            title: "Memory (working set) by pod",
            unit: "bytes",
            series: series(mem),
            queries: [q.memoryBytesByPod],
          },
        ];
      } catch (err) {
        errors.push(toApiError(err));
      }
    })(),
    (async () => {
      if (!b.logs || !sample)
        return void (view.logsReason = { message: b.logs ? "No pod known" : "Loki is not configured" });
      try {
        const corr = await correlate(b, sample);
        if (corr.errors.loki) throw corr.errors.loki;
        const det = corr.mappings.loki;
        if (!det || det.kind === "reason")
          return void (view.logsReason = { message: det?.message ?? "Loki mapping unknown" });
        const q = workloadLogQuery(det.mapping, w.namespace, podNames);
        // Streams keyed otherwise (job, service_name) still give the workload's lines.
        const query = q.kind === "query" ? q : logQuery(det.mapping, sample);
        if (query.kind === "reason") return void (view.logsReason = query);
        view.logQuery = query.query;
        const r = await b.logs.queryRange(
          { query: query.query, range, limit: LOG_LIMIT, direction: "backward" },
          { signal },
        );
        view.logs = r.lines;
      } catch (err) {
        errors.push(toApiError(err));
      }
    })(),
    (async () => {
      if (!b.traces || !sample)
        return void (view.tracesReason = { message: b.traces ? "No pod known" : "Jaeger is not configured" });
      try {
        const corr = await correlate(b, sample);
        if (corr.errors.jaeger) throw corr.errors.jaeger;
        const det = corr.mappings.jaeger;
        const service = det?.kind === "mapping" ? det.mapping.service : undefined;
        if (!service)
          return void (view.tracesReason = {
            message: det?.kind === "reason" ? det.message : "No Jaeger service for this workload",
          });
        const r = await b.traces.search({ service, attributes: workloadAttribute(w), range, limit: 50 }, { signal });
        view.traces = r.summaries.sort((a, b2) => b2.start - a.start);
        if (!view.traces.length)
          view.tracesReason = {
            message: `No trace of service ${service} carries ${Object.keys(workloadAttribute(w))[0]}=${w.name} in this range.`,
          };
      } catch (err) {
        errors.push(toApiError(err));
      }
    })(),
  ]);
  return view;
}

/** The ref of a pod's container that is not listed any more (for links from the pods table). */
export function goneContainerRef(w: { cluster?: string; namespace: string }, pod: string, container: string): string {
  return kubeRef({ ...(w.cluster ? { cluster: w.cluster } : {}), namespace: w.namespace, pod, container });
}
