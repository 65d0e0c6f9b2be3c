// A forbidden Kubernetes API keeps the Prometheus inventory of the cluster and says why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiState } from "../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { createWorld } from "../../mocks/world/world";
import { resetConfigForTests } from "../config";
import { listContainers } from "./containers";

const world = createWorld({ kubernetes: true });
let servers: MockServers;

beforeAll(async () => {
  const state = new KubeApiState(world.kubeApiSource());
  state.forbidden.add("list pods");
  servers = await startMockServers({ prometheus: world.promSource(), kubernetes: state, now: world.now });
  process.env.PROMETHEUS_URL = servers.urls.prometheus;
  process.env.ENGINE_URLS = `kubernetes+${servers.urls.kubernetes}?cluster=demo`;
  resetConfigForTests();
});
afterAll(async () => servers?.close());

describe("forbidden Kubernetes API", { timeout: 30_000 }, () => {
  it("lists the cluster's containers from Prometheus and names the missing permission", async () => {
    const inv = await listContainers();
    expect(inv.errors.map((e) => e.message).join("\n")).toMatch(/may not list pods .*cannot list resource "pods"/);
    const kube = inv.containers.filter((c) => c.kube);
    expect(kube.every((c) => c.source === "prometheus")).toBe(true);
    expect(new Set(kube.map((c) => c.kube?.workload?.name))).toEqual(
      new Set(["storefront", "checkout", "db", "nightly-report"]),
    );
    expect(kube.find((c) => c.kube?.container === "checkout")?.kube?.lastTerminated?.reason).toBe("OOMKilled");
  });
});
