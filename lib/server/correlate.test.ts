// correlate orchestration with fake backends: probes run once per backend and are shared,
// a failing probe is reported for its backend only, and the correlation file's overrides
// replace detection (and skip that probe).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { correlationConfigSchema } from "../correlation/overrides";
import { backends, container, fakeLoki, fakeMetrics, fakeTraces } from "./fake-backends.test-helper";

const cfg = vi.hoisted(() => ({ current: {} as unknown }));
vi.mock("./correlation-config", () => ({ loadCorrelationConfig: async () => ({ config: cfg.current, patterns: [] }) }));

const C = container("shop-cart-1");

/** A fresh module each time: correlate caches probes per process. */
async function load() {
  vi.resetModules();
  return (await import("./correlate")).correlate;
}

function lokiWithContainerLabel() {
  const labelCalls: string[] = [];
  const loki = fakeLoki(() => ({ lines: [] }), {
    labels: async () => {
      labelCalls.push("labels");
      return ["container", "job"];
    },
    labelValues: async (label) => (label === "container" ? ["shop-cart-1", "shop-db-1"] : []),
  });
  return { loki, labelCalls };
}

const prom = () =>
  fakeMetrics({
    labels: async () => ["__name__", "name", "id"],
    labelValues: async (label) => (label === "name" ? ["shop-cart-1"] : []),
  });

beforeEach(() => {
  cfg.current = correlationConfigSchema.parse({});
});

describe("correlate", () => {
  it("detects each configured backend's mapping for the container", async () => {
    const correlate = await load();
    const { loki } = lokiWithContainerLabel();
    const r = await correlate(backends({ logs: loki, metrics: prom() }), C);
    expect(r.errors).toEqual({});
    expect(r.mappings.loki).toMatchObject({ kind: "mapping", source: "detected", mapping: { label: "container" } });
    expect(r.mappings.prometheus).toMatchObject({ kind: "mapping", mapping: { convention: "cadvisor" } });
    expect(r.mappings.jaeger).toBeUndefined();
  });

  it("asked for one backend, waits for that backend's probe only", async () => {
    const correlate = await load();
    const { loki } = lokiWithContainerLabel();
    const never = new Promise<never>(() => {});
    const hung = fakeMetrics({ labels: () => never, labelValues: () => never, series: () => never });
    const traces = fakeTraces({ services: () => never });
    const r = await correlate(backends({ logs: loki, metrics: hung, traces }), C, ["loki"]);
    expect(r.mappings.loki).toMatchObject({ kind: "mapping", mapping: { label: "container" } });
    expect(r.mappings.prometheus).toBeUndefined();
    expect(r.mappings.jaeger).toBeUndefined();
  });

  it("probes once and shares the answer between requests", async () => {
    const correlate = await load();
    const { loki, labelCalls } = lokiWithContainerLabel();
    const b = backends({ logs: loki });
    await Promise.all([correlate(b, C), correlate(b, container("shop-db-1"))]);
    await correlate(b, C);
    expect(labelCalls).toHaveLength(1);
  });

  it("a failing probe is that backend's error only; the others still detect", async () => {
    const correlate = await load();
    const traces = fakeTraces({
      services: async () => {
        throw new Error("jaeger: connection refused");
      },
    });
    const { loki } = lokiWithContainerLabel();
    const r = await correlate(backends({ logs: loki, traces }), C);
    expect(String(r.errors.jaeger)).toContain("connection refused");
    expect(r.mappings.loki?.kind).toBe("mapping");
  });

  it("a failed probe is not cached: the next request tries again", async () => {
    const correlate = await load();
    let fail = true;
    const loki = fakeLoki(() => ({ lines: [] }), {
      labels: async () => {
        if (fail) throw new Error("loki: 503");
        return ["container"];
      },
      labelValues: async () => ["shop-cart-1"],
    });
    expect((await correlate(backends({ logs: loki }), C)).errors.loki).toBeDefined();
    fail = false;
    await new Promise((r) => setTimeout(r, 0));
    expect((await correlate(backends({ logs: loki }), C)).mappings.loki?.kind).toBe("mapping");
  });

  it("the correlation file's Loki override replaces detection, and Loki is not probed", async () => {
    const correlate = await load();
    cfg.current = correlationConfigSchema.parse({ loki: { label: "ctr_name", key: "name" } });
    const { loki, labelCalls } = lokiWithContainerLabel();
    const r = await correlate(backends({ logs: loki }), C);
    expect(labelCalls).toEqual([]);
    expect(r.mappings.loki).toMatchObject({ source: "override", mapping: { label: "ctr_name" } });
  });
});
