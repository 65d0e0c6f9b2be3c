// The Kubernetes lifecycle source on the demo cluster over real HTTP (the API stand-in, the
// mock Prometheus and Loki): the checkout container's OOM kill is one exit said by Kubernetes
// and kube-state-metrics, its restart one start said by Kubernetes and cAdvisor; a refused or
// unreachable events API keeps the rest of the timeline and says what is missing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { KubeApiState } from "../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { createWorld } from "../../mocks/world/world";
import { type Backends, createBackends } from "../backends/factory";
import type { KubernetesBackend } from "../backends/kubernetes/client";
import { getConfig } from "../config";
import type { Container } from "../model/container";
import { millis } from "../model/time";
import { containerLifecycle } from "./lifecycle";
import { isKubeEventsReader, kubernetesLifecycleSource } from "./lifecycle-kubernetes";
import { recentLifecycle } from "./lifecycle-recent";

const world = createWorld({ kubernetes: true });
const kube = world.kube;
if (!kube) throw new Error("no cluster");
const OOM_MS = kube.t0 - 20 * 60_000;
const RESTART_MS = OOM_MS + 12_000;
const CHECKOUT = "checkout-7d9f6b5c4-x2kq9";

let servers: MockServers;
let state: KubeApiState;
let b: Backends;
let k: KubernetesBackend;

async function setup() {
  state = new KubeApiState(world.kubeApiSource());
  servers = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    kubernetes: state,
    now: world.now,
  });
  const u = servers.urls;
  b = createBackends({
    ...getConfig(),
    demo: false,
    prometheus: { url: u.prometheus ?? "", timeoutMs: 15_000, auth: { headers: {} } },
    loki: { url: u.loki ?? "", timeoutMs: 15_000, auth: { headers: {} } },
    jaeger: undefined,
    tempo: undefined,
    engines: [
      {
        raw: `kubernetes+${u.kubernetes}?cluster=demo`,
        kubernetes: { mode: "url", url: u.kubernetes ?? "", cluster: "demo", namespaces: [] },
      },
    ],
  });
  const e = b.engines[0];
  if (!e || !isKubeEventsReader(e)) throw new Error("no kubernetes backend");
  k = e as unknown as KubernetesBackend;
}

async function container(pod: string, name: string): Promise<Container> {
  const c = (await k.list()).find((x) => x.pod?.name === pod && x.kube?.container === name);
  if (!c) throw new Error(`no ${pod}/${name}`);
  return c;
}

const hour = () => ({ from: millis(Date.now() - 3_600_000), to: millis(Date.now()) });

describe("the checkout container's OOM kill, from Kubernetes and Prometheus", { timeout: 30_000 }, () => {
  beforeAll(setup);
  afterAll(async () => {
    k.close();
    await servers.close();
  });

  it("is one exit (kubernetes + prometheus), one OOM kill, one restart, explained", async () => {
    const c = await container(CHECKOUT, "checkout");
    const r = await containerLifecycle(b, c, hour(), undefined, [kubernetesLifecycleSource([k])]);
    expect(r.errors).toEqual([]);
    const exits = r.events.filter((e) => e.kind === "exit");
    expect(exits.map((e) => [e.at, e.exitCode])).toEqual([[OOM_MS, 137]]);
    expect(exits[0]?.sources.sort()).toEqual(["kubernetes", "prometheus"]);
    const ooms = r.events.filter((e) => e.kind === "oom");
    expect(ooms).toHaveLength(1);
    // The status, kube-state-metrics and the node's OOMKilling all said it.
    expect(ooms[0]?.sources.sort()).toEqual(["kubernetes", "prometheus"]);
    expect(ooms[0]?.reason).toContain("OOMKilling on node node-b");
    const starts = r.events.filter((e) => e.kind === "start");
    expect(starts.map((e) => e.at)).toEqual([RESTART_MS]);
    expect(starts[0]?.sources.sort()).toEqual(["kubernetes", "prometheus"]);
    expect(r.summary.text).toMatch(/^restarted 1× in this range, last: OOM killed$/);
    const x = r.exits[0];
    expect(x?.label).toBe("OOM killed");
    expect(x?.explanation).toContain("Kubernetes reported OOMKilled");
    expect(x?.evidence.join(" | ")).toContain("exit code 137 (kubernetes + prometheus)");
    // The readiness probe failed before it: Kubernetes' Unhealthy events.
    expect(x?.failedHealth?.status).toBe("unhealthy");
    expect(r.events.filter((e) => e.kind === "health").map((e) => e.at)).toEqual([OOM_MS - 90_000, OOM_MS - 30_000]);
    expect(r.events.some((e) => e.kind === "backoff" && e.at === OOM_MS + 1000)).toBe(true);
    // No claim that Kubernetes forgot anything it did not.
    expect(r.gaps.map((g) => g.message).join(" ")).not.toMatch(/no longer remembers|event log/);
  });

  it("reads the page's one pod's events and its node's OOM events, once per page view's panels", async () => {
    const before = state.requests.filter((x) => x === "list events").length;
    const src = kubernetesLifecycleSource([k]);
    // Three panels ask at once: one read each of the pod's and the node's events.
    const db = await container("db-0", "postgres");
    await Promise.all([1, 2, 3].map(() => src.events(db, hour())));
    expect(state.requests.filter((x) => x === "list events").length - before).toBe(2);
    // envoy's own events only: the checkout container's BackOff and OOM kill are not envoy's.
    const envoy = await src.events(await container(CHECKOUT, "envoy"), hour());
    expect(envoy.events.map((e) => e.kind)).toEqual(["start"]);
  });

  it("the inventory badge: the checkout container OOM-killed and restarted in the last hour, its neighbours not", async () => {
    const before = state.requests.length;
    const r = await recentLifecycle(b);
    expect(r.errors).toEqual([]);
    // From the inventory in memory and one Prometheus query: no Kubernetes API call.
    expect(state.requests.slice(before)).toEqual([]);
    const kube = Object.entries(r.byName).filter(([name]) => name.startsWith("demo:"));
    expect(kube).toEqual([["demo:shop/checkout-7d9f6b5c4-x2kq9/checkout", { restarts: 1, oomKills: 1, killed: 0 }]]);
  });

  it("a pod the rollout deleted, known only to Prometheus: the events kept after it, and the gap says so", async () => {
    const gone = kube.pods.find((p) => p.name === "storefront-6c7f9d8b5-k2x7p");
    if (!gone) throw new Error("no gone pod");
    const c: Container = {
      id: "",
      shortId: "",
      name: "demo:shop/storefront-6c7f9d8b5-k2x7p/web",
      engine: "kubernetes",
      host: "demo",
      cluster: "demo",
      image: "",
      state: "unknown",
      labels: {},
      source: "prometheus",
      namespace: "shop",
      pod: { name: gone.name, namespace: "shop", id: gone.uid },
      kube: { container: "web", kind: "container", podUid: gone.uid, node: gone.node },
    };
    const r = await containerLifecycle(b, c, hour(), undefined, [kubernetesLifecycleSource([k])]);
    expect(r.events.filter((e) => e.kind === "kill").map((e) => [e.at, e.reason, e.sources])).toEqual([
      [gone.endMs - 30_000, "Killing: Stopping container web", ["kubernetes"]],
    ]);
    expect(r.gaps.map((g) => g.message).join(" ")).toContain("The pod is no longer listed");
  });

  it("a pod the rollout deleted still gets its Killing from the events kept after it", async () => {
    const r = await k.podEvents("shop", "storefront-6c7f9d8b5-k2x7p");
    expect(r.events.map((e) => e.reason)).toContain("Killing");
    expect(r.events.every((e) => e.involved.name === "storefront-6c7f9d8b5-k2x7p")).toBe(true);
  });
});

describe("the events API refused or unreachable", { timeout: 30_000 }, () => {
  beforeAll(setup);
  afterEach(() => {
    state.forbidden.clear();
    state.unavailable.clear();
  });
  afterAll(async () => {
    k.close();
    await servers.close().catch(() => undefined);
  });

  it("403: the status and Prometheus still draw the OOM kill; the gap names the missing permission", async () => {
    state.forbidden.add("list events");
    const c = await container(CHECKOUT, "checkout");
    const r = await containerLifecycle(b, c, hour(), undefined, [kubernetesLifecycleSource([k])]);
    expect(r.summary.text).toMatch(/^restarted 1× in this range, last: OOM killed$/);
    expect(r.events.filter((e) => e.kind === "exit")).toHaveLength(1);
    expect(r.events.filter((e) => e.kind === "health")).toEqual([]);
    const gap = r.gaps.find((g) => g.kind === "events-unavailable");
    expect(gap?.message).toMatch(/may not list events/);
    expect(gap?.message).toContain("rbac.yaml");
  });

  it("503 on events: the same, and the next read (after the cache) succeeds again", async () => {
    state.unavailable.add("events");
    const c = await container("db-0", "postgres");
    const src = kubernetesLifecycleSource([k]);
    const bad = await src.events(c, hour());
    expect(bad.gaps?.map((g) => g.message).join(" ")).toMatch(/could not be read .*503/);
    state.unavailable.clear();
    const good = await src.events(c, hour());
    expect(good.gaps?.filter((g) => g.kind === "events-unavailable")).toEqual([]);
  });

  it("the API server gone: the inventory's status still answers, the gap says events are missing", async () => {
    const c = await container(CHECKOUT, "checkout");
    await servers.close();
    const r = await kubernetesLifecycleSource([k]).events(c, hour());
    expect(r.events.filter((e) => e.kind === "exit").map((e) => e.at)).toEqual([OOM_MS]);
    expect(r.gaps?.find((g) => g.kind === "events-unavailable")?.message).toMatch(/could not be read/);
  });
});
