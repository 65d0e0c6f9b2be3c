// The inventory object is reused while nothing in it changed, so what is derived from it per
// object (the API's serialized body) is not redone every few seconds; a pod change gives a new one.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KubeApiState } from "../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { createWorld } from "../../mocks/world/world";
import { resetConfigForTests } from "../config";
import { listContainers } from "./containers";

const world = createWorld({ kubernetes: true });
const state = new KubeApiState(world.kubeApiSource());
let servers: MockServers;
let clock = Date.now();

beforeAll(async () => {
  servers = await startMockServers({ kubernetes: state, now: world.now });
  delete process.env.PROMETHEUS_URL;
  process.env.ENGINE_URLS = `kubernetes+${servers.urls.kubernetes}?cluster=demo`;
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  vi.spyOn(Date, "now").mockImplementation(() => clock);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await servers?.close();
});

describe("inventory identity", { timeout: 30_000 }, () => {
  it("is the same object after the cache expires when the watched list did not change, a new one when a pod did", async () => {
    const a = await listContainers();
    expect(a.containers.length).toBeGreaterThan(0);
    clock += 10_000;
    const b = await listContainers();
    expect(b).toBe(a);

    const pod = state.list("pods")[0];
    if (!pod) throw new Error("no pod");
    state.apply("pods", { ...pod, metadata: { ...pod.metadata, labels: { changed: "yes" } } });
    // The watch delivers the change; then the next expired read is a new inventory.
    let c = b;
    for (let i = 0; i < 50 && c === b; i++) {
      await new Promise((r) => setTimeout(r, 100));
      clock += 10_000;
      c = await listContainers();
    }
    expect(c).not.toBe(a);
    expect(c.containers.some((x) => x.labels.changed === "yes")).toBe(true);
  });
});
