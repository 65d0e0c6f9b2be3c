// The workload view and the gone-pod container against the demo world's mock servers (real
// HTTP): pods replaced by the rollout are listed from kube-state-metrics, metrics by pod, logs
// merged with their pods, traces by k8s.deployment.name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiState } from "../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { createWorld } from "../../mocks/world/world";
import { resetConfigForTests } from "../config";
import { millis } from "../model/time";
import { getBackends } from "./backends";
import { listContainers, resolveContainer } from "./containers";
import { correlate } from "./correlate";
import { workloadView } from "./workload";

const world = createWorld({ kubernetes: true });
let servers: MockServers;

beforeAll(async () => {
  servers = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    jaeger: world.jaegerSource(),
    kubernetes: new KubeApiState(world.kubeApiSource()),
    now: world.now,
  });
  process.env.PROMETHEUS_URL = servers.urls.prometheus;
  process.env.LOKI_URL = servers.urls.loki;
  process.env.JAEGER_URL = servers.urls.jaeger;
  process.env.ENGINE_URLS = `kubernetes+${servers.urls.kubernetes}?cluster=demo`;
  resetConfigForTests();
});
afterAll(async () => {
  await servers?.close();
});

const range = () => ({ from: millis(Date.now() - 3_600_000), to: millis(Date.now()) });

describe("workload view on the demo cluster", { timeout: 30_000 }, () => {
  it("has every storefront pod of the hour, the rolled-out ones marked gone, with metrics, logs and traces", async () => {
    const v = await workloadView(
      { cluster: "demo", namespace: "shop", kind: "Deployment", name: "storefront" },
      range(),
    );
    expect(v.errors).toEqual([]);
    expect(v.pods.map((p) => [p.name, p.listed])).toEqual([
      ["storefront-58d4b7c9f-h5n2j", true],
      ["storefront-58d4b7c9f-r8t6v", true],
      ["storefront-6c7f9d8b5-k2x7p", false],
      ["storefront-6c7f9d8b5-w9q4m", false],
    ]);
    // The replaced pods' containers come from the Prometheus-only inventory, still linkable.
    expect([...(v.pods[2]?.containers.map((c) => c.name) ?? []), ...(v.pods[2]?.goneRefs ?? [])]).toEqual([
      "demo:shop/storefront-6c7f9d8b5-k2x7p/web",
    ]);
    expect(v.panels.map((p) => [p.id, p.series.length])).toEqual([
      ["cpu", 4],
      ["memory", 4],
    ]);
    expect(v.logQuery).toBe(
      '{namespace="shop",pod=~"storefront-58d4b7c9f-h5n2j|storefront-58d4b7c9f-r8t6v|storefront-6c7f9d8b5-k2x7p|storefront-6c7f9d8b5-w9q4m"}',
    );
    expect(new Set(v.logs.map((l) => l.stream.pod)).size).toBeGreaterThanOrEqual(2);
    expect(v.logs.some((l) => l.traceId)).toBe(true);
    expect(v.traces.length).toBeGreaterThan(0);
  });

  it("shows the OOMKilled checkout container on the checkout page", async () => {
    const v = await workloadView({ namespace: "shop", kind: "Deployment", name: "checkout" }, range());
    expect(v.pods).toHaveLength(1);
    expect(v.pods[0]?.lastTermination).toBe("checkout: OOMKilled (exit 137)");
  });

  it("a deleted pod's container still resolves, by its key", async () => {
    const inv = await listContainers();
    // Gone from the API, still in the inventory from Prometheus' last hour.
    expect(inv.containers.find((c) => c.pod?.name === "storefront-6c7f9d8b5-k2x7p")).toMatchObject({
      source: "prometheus",
      state: "unknown",
      kube: { workload: { kind: "Deployment", name: "storefront" } },
    });
    expect(inv.containers.filter((c) => c.pod?.name === "db-0")).toHaveLength(1);
    const r = await resolveContainer("demo:shop/storefront-6c7f9d8b5-k2x7p/web");
    expect((await resolveContainer("demo:shop/storefront-6c7f9d8b5-zzzzz/web")).container?.status).toMatch(
      /not listed now/,
    );
    expect(r.container).toMatchObject({ namespace: "shop", kube: { container: "web" }, source: "prometheus" });
    // Its metrics and logs are still found by namespace/pod/container.
    if (!r.container) throw new Error("unresolved");
    const corr = await correlate(await getBackends(), r.container);
    expect(corr.mappings.prometheus).toMatchObject({ kind: "mapping", mapping: { convention: "kubernetes" } });
    expect(corr.mappings.loki).toMatchObject({ kind: "mapping", mapping: { label: "pod", key: "kubePod" } });
    const live = await resolveContainer("shop/storefront-58d4b7c9f-h5n2j/web");
    expect(live.container).toMatchObject({ cluster: "demo", source: "engine", state: "running" });
  });
});
