// The Prometheus-only Kubernetes inventory and the Kubernetes metrics pivots against the real
// Prometheus of scripts/testenv, which scrapes Kubernetes-shaped series (kubelet cAdvisor and
// kube-state-metrics families, job "kubelet") for the real Podman containers.
import { beforeAll, describe, expect, it } from "vitest";
import { pollUntil, prometheusFor, testEnv } from "../../scripts/testenv/vitest-env";
import { chooseStep } from "../backends/prometheus/step";
import type { Container } from "../model/container";
import { millis, type TimeRange } from "../model/time";
import { kubeContainersOfPrometheus } from "../server/kube-prom-inventory";
import { type PrometheusProbe, detectPrometheus } from "./detect-prometheus";
import { isReason } from "./mapping";
import { probePlan } from "./probe-plan";
import { containerMetricQueries } from "./queries-prometheus";

const env = testEnv();
const prom = prometheusFor(env.prometheusUrl);
let containers: Container[];

beforeAll(async () => {
  containers = await pollUntil(
    () => kubeContainersOfPrometheus(prom, millis(Date.now())),
    (cs) => cs.filter((c) => c.state === "running").length >= 4,
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
});

describe("Prometheus-only Kubernetes inventory against real Prometheus", () => {
  it("lists the shop's containers by namespace/pod/container, under their Deployments", () => {
    const byContainer = Object.fromEntries(containers.map((c) => [c.kube?.container, c]));
    expect(Object.keys(byContainer)).toEqual(expect.arrayContaining(["cart", "frontend", "payments"]));
    expect(byContainer.cart).toMatchObject({
      engine: "kubernetes",
      source: "prometheus",
      namespace: "shop",
      state: "running",
      kube: {
        workload: { kind: "Deployment", name: "cart" },
        owner: { kind: "ReplicaSet", name: "cart-5d8f7c9b4" },
        node: "testenv",
      },
    });
    expect(byContainer.cart?.name).toMatch(/^shop\/cart-5d8f7c9b4-[0-9a-f]{5}\/cart$/);
    // payments runs with --memory 64m: kube-state-metrics' limit comes through.
    expect(byContainer.payments?.kube?.limits?.memoryBytes).toBe(64 * 1024 * 1024);
    // The pod-level network series (container="") is not a container.
    expect(containers.some((c) => c.kube?.container === "")).toBe(false);
  });

  it("detects the Kubernetes convention and the container's metrics come back non-empty", async () => {
    const plan = probePlan("prometheus");
    const range: TimeRange = { from: millis(Date.now() - plan.lookbackMs), to: millis(Date.now()) };
    const probe: PrometheusProbe = {
      labelNames: await prom.labels(range),
      labelValues: Object.fromEntries(
        await Promise.all(
          plan.labelValues.map(async (lv) => [lv.label, await prom.labelValues(lv.label, range, lv.match)] as const),
        ),
      ),
      series: await prom.series(plan.series.match, range),
    };
    const payments = containers.find((c) => c.kube?.container === "payments");
    if (!payments) throw new Error("no payments container");
    const d = detectPrometheus(probe, payments);
    expect(d).toMatchObject({ kind: "mapping", mapping: { convention: "kubernetes" } });
    if (d.kind !== "mapping") return;
    const last5: TimeRange = { from: millis(Date.now() - 300_000), to: millis(Date.now()) };
    const step = chooseStep(last5.to - last5.from, { targetPoints: 60, minStepSeconds: 2 });
    const q = containerMetricQueries(d.mapping, payments, { stepSeconds: step, scrapeIntervalSeconds: 2 });
    if (isReason(q)) throw new Error(q.message);
    const mem = await prom.queryRange(q.memoryBytes, last5, step);
    expect(mem).toHaveLength(1);
    expect(mem[0]?.points.some(([, v]) => v !== null && v > 0)).toBe(true);
    const net = await prom.queryRange(q.networkRxBytesPerSecond, last5, step);
    expect(net).toHaveLength(1);
  });
});
