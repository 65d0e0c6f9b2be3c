// Detection and the container panels' PromQL against the real Prometheus + Podman of
// scripts/testenv: the probe plan is run as lib/server/correlate.ts runs it, the container
// comes from the real engine, and the queries are the exact strings the UI sends.
import { beforeAll, describe, expect, it } from "vitest";
import { engineFor, pollUntil, prometheusFor, SHOP_NAMES, testEnv } from "../../scripts/testenv/vitest-env";
import { chooseStep } from "../backends/prometheus/step";
import type { Container } from "../model/container";
import type { InstantSample, Series } from "../model/series";
import { millis, type TimeRange } from "../model/time";
import { type PrometheusProbe, detectPrometheus } from "./detect-prometheus";
import { isReason, type PrometheusMapping } from "./mapping";
import { probePlan } from "./probe-plan";
import {
  containersFromPrometheus,
  inventoryQueries,
  inventorySeriesContainer,
  knownContainersQuery,
} from "./prometheus-inventory";
import { type ContainerMetricQueries, containerMetricQueries } from "./queries-prometheus";

const env = testEnv();
const prom = prometheusFor(env.prometheusUrl);
const engine = engineFor(env);
/** The exporter is scraped every 2 s (scripts/testenv/prometheus.mjs). */
const SCRAPE_S = 2;
const MIB = 1024 * 1024;

let probe: PrometheusProbe;
let mapping: PrometheusMapping;
let containers: Container[];

function lifeRange(): TimeRange {
  return { from: millis(Date.parse(env.startedAt)), to: millis(Date.now()) };
}

/** Same shape as probePrometheus() in lib/server/correlate.ts, over the plan's lookback. */
async function runProbe(): Promise<PrometheusProbe> {
  const plan = probePlan("prometheus");
  const range: TimeRange = { from: millis(Date.now() - plan.lookbackMs), to: millis(Date.now()) };
  const [labelNames, values, series] = await Promise.all([
    prom.labels(range),
    Promise.all(
      plan.labelValues.map(async (lv) => [lv.label, await prom.labelValues(lv.label, range, lv.match)] as const),
    ),
    prom.series(plan.series.match, range),
  ]);
  return { labelNames, labelValues: Object.fromEntries(values), series };
}

function queriesFor(name: string, stepSeconds: number): ContainerMetricQueries {
  const c = containers.find((x) => x.name === name);
  if (!c) throw new Error(`${name} is not in the engine's list`);
  const q = containerMetricQueries(mapping, c, { stepSeconds, scrapeIntervalSeconds: SCRAPE_S });
  if (isReason(q)) throw new Error(`no queries for ${name}: ${q.message}`);
  return q;
}

const values = (series: Series[]) => series.flatMap((s) => s.points.map(([, v]) => v)).filter((v) => v !== null);

beforeAll(async () => {
  containers = await engine.list();
  probe = await runProbe();
  const cart = containers.find((c) => c.name === "shop-cart-1");
  if (!cart) throw new Error("shop-cart-1 is not in the engine's list");
  const d = detectPrometheus(probe, cart);
  if (d.kind !== "mapping") throw new Error(`detection failed: ${d.message}`);
  mapping = d.mapping;
});

describe("Prometheus detection on the real probe", () => {
  it("the probe saw cAdvisor names and no podman exporter", () => {
    expect(probe.labelNames).toContain("name");
    expect(probe.labelValues.name).toEqual(expect.arrayContaining([...SHOP_NAMES]));
    // Every exported cgroup has a name except the root one.
    expect(probe.labelValues.id).toContain("/");
    expect(probe.series).toEqual([]);
  });

  it("picks convention cadvisor, label name, for every shop container", () => {
    expect(mapping).toEqual({ convention: "cadvisor", label: "name", key: "name" });
    for (const name of SHOP_NAMES) {
      const c = containers.find((x) => x.name === name);
      expect(c, name).toBeDefined();
      if (c) expect(detectPrometheus(probe, c)).toMatchObject({ kind: "mapping", source: "detected", mapping });
    }
  });

  it("explains itself for a container Prometheus has never seen", () => {
    const d = detectPrometheus(probe, { name: "not-scraped", id: "f".repeat(64) });
    expect(d.kind).toBe("reason");
    // It names the container, the label it looked at and what that label holds (the real
    // Prometheus also has the kubelet-shaped series, whose `name` values are container ids).
    if (d.kind === "reason") {
      expect(d.message).toContain("`not-scraped`");
      expect(d.message).toMatch(/label `name` has values \S+/);
      expect(d.message).toContain("no cgroup `id` ends with ffffffffffff");
    }
  });
});

describe("container panel queries on real data", () => {
  it("CPU and memory of shop-cart-1 are non-empty and never negative", async () => {
    const range = lifeRange();
    const step = chooseStep(range.to - range.from, { minStepSeconds: SCRAPE_S, targetPoints: 300 });
    const q = queriesFor("shop-cart-1", step);
    const [cpu, mem] = await Promise.all([
      prom.queryRange(q.cpuCores, range, step),
      prom.queryRange(q.memoryBytes, range, step),
    ]);
    expect(values(cpu).length, q.cpuCores).toBeGreaterThan(0);
    expect(values(mem).length, q.memoryBytes).toBeGreaterThan(0);
    for (const v of values(cpu)) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of values(mem)) expect(v).toBeGreaterThan(0);
  });

  it("CPU of shop-cart-1 shows its bursts (> 0.05 cores at some point)", async () => {
    // cart runs `timeout 5 yes` every ~20 s, so the env's life holds a burst — or will within one cycle.
    const peak = await pollUntil(
      async () => {
        const range = lifeRange();
        const step = chooseStep(range.to - range.from, { minStepSeconds: SCRAPE_S });
        const q = queriesFor("shop-cart-1", step);
        return Math.max(0, ...values(await prom.queryRange(q.cpuCores, range, step)));
      },
      (max) => max > 0.05,
      { timeoutMs: 40_000, intervalMs: 2_000 },
    );
    expect(peak).toBeGreaterThan(0.05);
    expect(peak).toBeLessThan(64); // cores: a unit error (ns, %) would show up here
  });

  it("working set of shop-payments-1 stays within its 64 MiB limit", async () => {
    const q = queriesFor("shop-payments-1", SCRAPE_S);
    const at = millis(Date.now());
    const [limit, mem] = await Promise.all([prom.query(q.memoryLimitBytes, at), prom.query(q.memoryBytes, at)]);
    expect(limit).toHaveLength(1);
    expect(limit[0]?.value).toBe(64 * MIB);
    expect(mem).toHaveLength(1);
    expect(mem[0]?.value).toBeGreaterThan(0);
    expect(mem[0]?.value).toBeLessThanOrEqual(limit[0]?.value ?? 0);
    // And over its whole life, not only now.
    const range = lifeRange();
    const series = await prom.queryRange(q.memoryBytes, range, chooseStep(range.to - range.from));
    expect(Math.max(...values(series))).toBeLessThanOrEqual(64 * MIB);
  });

  it("an unlimited container's memory limit query is empty (= no limit)", async () => {
    const q = queriesFor("shop-cart-1", SCRAPE_S);
    expect(await prom.query(q.memoryLimitBytes, millis(Date.now()))).toEqual([]);
  });
});

describe("inventory queries on real data", () => {
  it("one CPU and one memory series per shop container, matched back to the engine's containers", async () => {
    const inv = inventoryQueries(mapping, { stepSeconds: SCRAPE_S, scrapeIntervalSeconds: SCRAPE_S });
    const matchedNames = (samples: InstantSample[]) =>
      samples.map((s) => inventorySeriesContainer(mapping, s.labels, containers)?.name);
    // rate() over an 8 s window needs two samples in it: right after the restart test brought
    // Prometheus back there may be only one yet, so wait for the next scrapes.
    const [cpu, mem] = await pollUntil(
      () =>
        Promise.all([prom.query(inv.cpuCores, millis(Date.now())), prom.query(inv.memoryBytes, millis(Date.now()))]),
      (both) => both.every((samples) => SHOP_NAMES.every((n) => matchedNames(samples).includes(n))),
    );
    for (const samples of [cpu, mem]) {
      expect(matchedNames(samples)).toEqual(expect.arrayContaining([...SHOP_NAMES]));
      // The root cgroup has no name and must not appear as a container.
      expect(samples.every((s) => s.labels[inv.groupLabel])).toBe(true);
    }
  });

  it("Prometheus alone knows the shop containers with their compose labels", async () => {
    const known = await prom.query(knownContainersQuery(mapping), millis(Date.now()));
    const partial = containersFromPrometheus(
      mapping,
      known.map((s) => s.labels),
    );
    for (const name of SHOP_NAMES) {
      const c = partial.find((x) => x.name === name);
      expect(c, name).toBeDefined();
      expect(c?.compose?.project).toBe("shop");
      expect(c?.source).toBe("prometheus");
    }
  });
});
