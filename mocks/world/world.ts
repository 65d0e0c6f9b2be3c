// The demo world: a deterministic shop whose metrics, logs, traces and containers are pure
// functions of (seed, absolute time). `now` only decides what has happened yet.
import type {
  EngineContainerSource,
  EngineSource,
  JaegerSource,
  LokiSource,
  MetricSeriesSource,
  PromSource,
} from "../sources";
import { type ContainerSpec, SPECS, incarnationAt, incarnationsIn } from "./containers";
import { engineContainer, makeEngineSource } from "./engine-source";
import { makeJaegerSource } from "./jaeger-source";
import { type LokiLabelMode, makeLokiSource } from "./loki-source";
import { AppMetrics, upSeries } from "./prom-app";
import { LEGACY_CADVISOR, SHOP_CADVISOR, cadvisorContainerSeries, cadvisorRootSeries } from "./prom-cadvisor";
import { makePromCtx } from "./prom-ctx";
import { LEGACY_EXPORTER, SHOP_EXPORTER, podmanSeries } from "./prom-podman";
import type { KubeSource } from "../handlers/kubernetes-state";
import { type KubeWorld, makeKubeWorld } from "./kube/cluster";
import { kubeApiSource } from "./kube/objects";
import { kubeSeries } from "./kube/prom";
import { makeKubeJaeger, makeKubeLoki } from "./kube/signals";
import { makeRequestWorld } from "./requests";
import { DAY, type IncidentWindow, SCRAPE_MS, incidentsIn, makeSchedule } from "./schedule";

export const DEFAULT_SEED = 42;

export interface WorldOptions {
  seed?: number;
  now?: () => number;
  lokiLabels?: LokiLabelMode;
  metricNames?: "cadvisor" | "podman-exporter";
  /** Add the Kubernetes cluster `demo` (namespace shop) beside the compose project. */
  kubernetes?: boolean;
}

export interface World {
  seed: number;
  now(): number;
  /** The engine's container list at nowMs (running and exited; not the Prometheus-only one). */
  containers(nowMs?: number): EngineContainerSource[];
  /** Every container including `legacy-report-1`, which only Prometheus knows. */
  allContainerNames(): string[];
  promSource(): PromSource;
  lokiSource(): LokiSource;
  jaegerSource(): JaegerSource;
  engineSource(): EngineSource;
  /** Payments incident windows overlapping [fromMs, toMs]. */
  incidents(fromMs: number, toMs: number): IncidentWindow[];
  /** The Kubernetes cluster, when the world has one (for the API stand-in and tests). */
  kube?: KubeWorld;
  kubeApiSource(): KubeSource | undefined;
}

/** How far back series() lists incarnations (queries go up to 7 days back). */
const SERIES_LOOKBACK_MS = 8 * DAY;

export function createWorld(opts: WorldOptions = {}): World {
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const now = opts.now ?? (() => Date.now());
  const schedule = makeSchedule(seed);
  const w = makeRequestWorld(seed, schedule);
  const ctx = makePromCtx(w, now);
  const app = new AppMetrics(ctx);
  const metricNames = opts.metricNames ?? "cadvisor";
  let lastKey = "";
  let lastSeries: MetricSeriesSource[] = [];
  const kube = opts.kubernetes ? makeKubeWorld(seed, now()) : undefined;
  const kubeProm = kube ? kubeSeries(kube, now) : [];

  const promSource: PromSource = {
    scrapeIntervalMs: SCRAPE_MS,
    series() {
      const t = now();
      const incs = SPECS.flatMap((s: ContainerSpec) => incarnationsIn(schedule, s, t - SERIES_LOOKBACK_MS, t));
      // Rebuild only when the set of incarnations changes (once per deploy epoch).
      const key = incs.map((i) => i.id).join(",");
      if (key !== lastKey) {
        const containers =
          metricNames === "cadvisor"
            ? [...incs.flatMap((i) => cadvisorContainerSeries(ctx, i)), ...cadvisorRootSeries(ctx)]
            : incs.flatMap((i) => podmanSeries(ctx, i));
        const job = metricNames === "cadvisor" ? "cadvisor" : "podman-exporter";
        const targets = [
          { job, instance: metricNames === "cadvisor" ? SHOP_CADVISOR : SHOP_EXPORTER },
          { job, instance: metricNames === "cadvisor" ? LEGACY_CADVISOR : LEGACY_EXPORTER },
          { job: "shop", instance: "frontend:8080" },
          { job: "shop", instance: "cart:7070" },
          { job: "shop", instance: "payments:8080" },
        ];
        lastSeries = [...containers, ...app.series(), ...upSeries(ctx, targets), ...kubeProm];
        lastKey = key;
      }
      return lastSeries;
    },
    exemplars: (fromMs, toMs) => app.exemplars(fromMs, toMs),
  };
  const baseLoki = makeLokiSource(w, opts.lokiLabels ?? "alloy", now);
  const baseJaeger = makeJaegerSource(w, now);
  let loki: LokiSource = baseLoki;
  let jaeger: JaegerSource = baseJaeger;
  if (kube) {
    const kl = makeKubeLoki(seed, kube, now);
    const kj = makeKubeJaeger(seed, kube, now);
    loki = { streams: () => [...baseLoki.streams(), ...kl.streams()] };
    const kubeServices = new Set(kj.source.services());
    jaeger = {
      services: () => [...baseJaeger.services(), ...kj.source.services()].sort(),
      operations: (s) => (kubeServices.has(s) ? kj.source.operations(s) : baseJaeger.operations(s)),
      trace: (id) => (kj.owns(id) ? kj.source.trace(id) : baseJaeger.trace(id)),
      findTraces: (q) => (kubeServices.has(q.service) ? kj.source.findTraces(q) : baseJaeger.findTraces(q)),
    };
  }
  const engine = makeEngineSource(ctx);

  return {
    seed,
    now,
    containers(nowMs = now()) {
      return SPECS.filter((s) => !s.promOnly).map((s) =>
        engineContainer(ctx, incarnationAt(schedule, s, nowMs), nowMs),
      );
    },
    allContainerNames: () => SPECS.map((s) => s.name),
    promSource: () => promSource,
    lokiSource: () => loki,
    jaegerSource: () => jaeger,
    engineSource: () => engine,
    incidents: (fromMs, toMs) => incidentsIn(schedule, fromMs, toMs),
    kube,
    kubeApiSource: () => (kube ? kubeApiSource(kube) : undefined),
  };
}
