// An unreachable Kubernetes API keeps the Prometheus inventory of the cluster and says why
// (the forbidden case is kube-forbidden.test.ts).
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { createWorld } from "../../mocks/world/world";
import { resetConfigForTests } from "../config";
import { listContainers } from "./containers";

const world = createWorld({ kubernetes: true });
let servers: MockServers;

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  servers = await startMockServers({ prometheus: world.promSource(), now: world.now });
  process.env.PROMETHEUS_URL = servers.urls.prometheus;
  process.env.ENGINE_URLS = `kubernetes+http://127.0.0.1:${await closedPort()}?cluster=demo`;
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
});
afterAll(async () => servers?.close());

describe("unreachable Kubernetes API", { timeout: 30_000 }, () => {
  it("lists the cluster's containers from Prometheus and says the API cannot be reached", async () => {
    const inv = await listContainers();
    expect(inv.errors.map((e) => e.message).join("\n")).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/,
    );
    const kube = inv.containers.filter((c) => c.kube);
    expect(kube.length).toBeGreaterThan(0);
    expect(kube.every((c) => c.source === "prometheus")).toBe(true);
    expect(new Set(kube.map((c) => c.kube?.workload?.name))).toEqual(
      new Set(["storefront", "checkout", "db", "nightly-report"]),
    );
  });
});
