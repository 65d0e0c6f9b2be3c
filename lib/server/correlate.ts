// Runs the probes lib/correlation asks for, caches them briefly per process, and returns the
// detected (or overridden) mapping of each backend for one container.
import { countCache } from "../observe/metrics";
import type { Backends } from "../backends/factory";
import { detectJaeger, type JaegerProbe, resourceSamples } from "../correlation/detect-jaeger";
import { detectLoki, type LokiProbe } from "../correlation/detect-loki";
import { detectPrometheus, type PrometheusProbe } from "../correlation/detect-prometheus";
import type { DetectedMappings } from "../correlation/mapping";
import { applyOverrides, hasOverride } from "../correlation/overrides";
import { probePlan } from "../correlation/probe-plan";
import type { Container } from "../model/container";
import { millis, type TimeRange } from "../model/time";
import { loadCorrelationConfig } from "./correlation-config";

const TTL_MS = 30_000;
type Entry<T> = { at: number; value: Promise<T> };
const cache = new Map<string, Entry<unknown>>();

function cached<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const hit = cache.get(key) as Entry<T> | undefined;
  const fresh = Boolean(hit && Date.now() - hit.at < TTL_MS);
  countCache(`probe-${key}`, fresh);
  if (hit && fresh) return hit.value;
  const value = fn();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key)); // failures are not cached: the next request retries
  return value;
}

const lookback = (ms: number): TimeRange => ({ from: millis(Date.now() - ms), to: millis(Date.now()) });

async function probePrometheus(b: Backends): Promise<PrometheusProbe> {
  const m = b.metrics!;
  const plan = probePlan("prometheus");
  const range = lookback(plan.lookbackMs);
  const [labelNames, values, series] = await Promise.all([
    m.labels(range),
    Promise.all(
      plan.labelValues.map(async (lv) => [lv.label, await m.labelValues(lv.label, range, lv.match)] as const),
    ),
    m.series(plan.series.match, range),
  ]);
  return { labelNames, labelValues: Object.fromEntries(values), series };
}

async function probeLoki(b: Backends): Promise<LokiProbe> {
  const l = b.logs!;
  const plan = probePlan("loki");
  const range = lookback(plan.lookbackMs);
  const labelNames = await l.labels(range);
  const present = plan.labelValues.filter((lv) => labelNames.includes(lv.label));
  const values = await Promise.all(
    present.map(async (lv) => [lv.label, await l.labelValues(lv.label, range)] as const),
  );
  return { labelNames, labelValues: Object.fromEntries(values) };
}

async function probeJaeger(b: Backends): Promise<JaegerProbe> {
  const t = b.traces!;
  const plan = probePlan("jaeger");
  const range = lookback(plan.lookbackMs);
  const services = await t.services();
  const results = await Promise.allSettled(
    services
      .slice(0, plan.sampleTraces.maxServices)
      .map((service) => t.search({ service, range, limit: plan.sampleTraces.perService })),
  );
  const traces = results.flatMap((r) => (r.status === "fulfilled" ? r.value.traces : []));
  return { services, samples: resourceSamples(traces) };
}

/** The cached Prometheus probe (also used for the inventory's own convention). */
export function prometheusProbe(b: Backends): Promise<PrometheusProbe> {
  return cached("prom", () => probePrometheus(b));
}

/** The cached Loki probe: which labels Loki indexes (structured metadata is not among them). */
export function lokiProbe(b: Backends): Promise<LokiProbe> {
  return cached("loki", () => probeLoki(b));
}

export interface Correlation {
  mappings: DetectedMappings;
  /** Probe failures per backend (the panel shows the backend error instead of a reason). */
  errors: Partial<Record<"prometheus" | "loki" | "jaeger", unknown>>;
  configError?: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
const outcome = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
const same = (a: Outcome<unknown> | undefined, b: Outcome<unknown> | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && (a.ok ? b.ok && a.value === b.value : !b.ok && a.error === b.error));

// Detection is pure in (probe answers, container, config): remembered per container object
// (lib/server/containers keeps it the same object while the inventory and inspect answers
// are cached) and per set of backends asked for, as long as the probes and the config are the
// same objects.
interface Memo {
  config: unknown;
  configError?: string;
  probes: (Outcome<unknown> | undefined)[];
  value: Correlation;
}
const memo = new WeakMap<Container, Map<string, Memo>>();

export type CorrelatedBackend = "prometheus" | "loki" | "jaeger";
const ALL: readonly CorrelatedBackend[] = ["prometheus", "loki", "jaeger"];

/**
 * The container's mappings. `only`: the backends the caller reads, so it waits for their
 * probes alone (a panel is not held by another backend's slow or failing probe); the
 * mappings of the others are then absent (or only what the config's overrides say).
 */
export async function correlate(
  b: Backends,
  c: Container,
  only: readonly CorrelatedBackend[] = ALL,
): Promise<Correlation> {
  const cfg = await loadCorrelationConfig();
  const want = (k: CorrelatedBackend) => only.includes(k);
  const probes = await Promise.all([
    want("prometheus") && b.metrics && !hasOverride(cfg.config, "prometheus") ? outcome(prometheusProbe(b)) : undefined,
    want("loki") && b.logs && !hasOverride(cfg.config, "loki") ? outcome(lokiProbe(b)) : undefined,
    want("jaeger") && b.traces ? outcome(cached("jaeger", () => probeJaeger(b))) : undefined,
  ]);
  const key = ALL.filter(want).join(",");
  const byKey = memo.get(c);
  const m = byKey?.get(key);
  if (m && m.config === cfg.config && m.configError === cfg.error && m.probes.every((p, i) => same(p, probes[i])))
    return m.value;
  const [prom, loki, jaeger] = probes;
  const errors: Correlation["errors"] = {};
  const detected: DetectedMappings = {};
  if (prom) {
    if (prom.ok) detected.prometheus = detectPrometheus(prom.value, c);
    else errors.prometheus = prom.error;
  }
  if (loki) {
    if (loki.ok) detected.loki = detectLoki(loki.value, c);
    else errors.loki = loki.error;
  }
  if (jaeger) {
    if (jaeger.ok) detected.jaeger = detectJaeger(jaeger.value, c);
    else errors.jaeger = jaeger.error;
  }
  const value: Correlation = { mappings: applyOverrides(detected, cfg.config), errors, configError: cfg.error };
  const map = byKey ?? new Map<string, Memo>();
  map.set(key, { config: cfg.config, configError: cfg.error, probes, value });
  if (!byKey) memo.set(c, map);
  return value;
}
