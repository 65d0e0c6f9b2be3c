// Reading a pod's Events from the API stand-in over real HTTP: scoped by field selector,
// both time forms, bounded pages, a short cache, and the 403 that names the permission.
import { afterEach, describe, expect, it } from "vitest";
import { eventObject } from "../../../mocks/handlers/kubernetes-events";
import { KubeApiState, type KubeObject } from "../../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../../mocks/server/start";
import { parseKubernetesEndpoint } from "../../config";
import { KubernetesBackend } from "./client";
import { containerOfFieldPath, escapeFieldValue, toKubeEvent } from "./events";

const T = Date.parse("2026-12-05T14:00:00Z");
const pod = (name: string, uid = `uid-${name}`, container = "app") => ({
  kind: "Pod" as const,
  name,
  uid,
  fieldPath: `spec.containers{${container}}`,
});

let servers: MockServers | undefined;
let backend: KubernetesBackend | undefined;
afterEach(async () => {
  backend?.close();
  await servers?.close().catch(() => undefined);
  servers = undefined;
});

async function start(events: KubeObject[]) {
  const state = new KubeApiState({ objects: () => events.map((object) => ({ resource: "events" as const, object })) });
  servers = await startMockServers({ kubernetes: state });
  const ep = parseKubernetesEndpoint(`kubernetes+${servers.urls.kubernetes}`);
  if (typeof ep === "string") throw new Error(ep);
  backend = new KubernetesBackend(ep, { timeoutMs: 5000, maxBytes: 8 << 20 });
  return { state, b: backend };
}

describe("a pod's events", { timeout: 20_000 }, () => {
  it("only that pod's, in either time form, with counts and the container from fieldPath", async () => {
    const { b } = await start([
      eventObject({
        namespace: "shop",
        involved: pod("web-1"),
        reason: "BackOff",
        message: "Back-off restarting failed container app in pod web-1_shop(uid-web-1)",
        type: "Warning",
        firstMs: T,
        lastMs: T + 60_000,
        count: 5,
      }),
      eventObject({
        namespace: "shop",
        involved: pod("web-1"),
        reason: "Unhealthy",
        message: "Liveness probe failed: HTTP probe failed with statuscode: 500",
        firstMs: T + 5_000,
        lastMs: T + 25_000,
        count: 3,
        form: "series",
        component: "kubelet",
      }),
      eventObject({ namespace: "shop", involved: pod("web-2"), reason: "Started", message: "x", firstMs: T }),
      eventObject({ namespace: "other", involved: pod("web-1"), reason: "Started", message: "x", firstMs: T }),
      eventObject({
        namespace: "default",
        involved: { kind: "Node", name: "node-a", uid: "node-a" },
        reason: "OOMKilling",
        message: "Memory cgroup out of memory: Killed process 1 (app)",
        firstMs: T,
        component: "kernel-monitor",
      }),
    ]);
    const r = await b.podEvents("shop", "web-1");
    expect(r.truncated).toBe(false);
    expect(r.events.map((e) => [e.reason, e.container, e.firstAt - T, e.lastAt - T, e.count])).toEqual([
      ["BackOff", "app", 0, 60_000, 5],
      ["Unhealthy", "app", 5_000, 25_000, 3],
    ]);
    expect(r.events[0]?.involved).toMatchObject({ kind: "Pod", name: "web-1", uid: "uid-web-1" });
    const node = await b.nodeOomEvents("node-a");
    expect(node.events.map((e) => [e.reason, e.involved.kind, e.reporter])).toEqual([
      ["OOMKilling", "Node", "kernel-monitor"],
    ]);
  });

  it("reads at most four pages and says the rest was left", async () => {
    const many = Array.from({ length: 1100 }, (_, i) =>
      eventObject({ namespace: "shop", involved: pod("busy"), reason: "Unhealthy", message: `m${i}`, firstMs: T + i }),
    );
    const { state, b } = await start(many);
    const r = await b.podEvents("shop", "busy");
    expect(r.events).toHaveLength(1000);
    expect(r.truncated).toBe(true);
    expect(state.requests.filter((x) => x === "list events")).toHaveLength(4);
  });

  it("is kept briefly: the panels of one page view share one read", async () => {
    const { state, b } = await start([
      eventObject({ namespace: "shop", involved: pod("web-1"), reason: "Started", message: "x", firstMs: T }),
    ]);
    await Promise.all([b.podEvents("shop", "web-1"), b.podEvents("shop", "web-1")]);
    await b.podEvents("shop", "web-1");
    expect(state.requests.filter((x) => x === "list events")).toHaveLength(1);
  });

  it("a name with a comma or an equals sign is escaped, not split into other requirements", async () => {
    const { b } = await start([
      eventObject({ namespace: "shop", involved: pod("a,b=c"), reason: "Started", message: "x", firstMs: T }),
      eventObject({ namespace: "shop", involved: pod("a"), reason: "Started", message: "y", firstMs: T }),
    ]);
    const r = await b.podEvents("shop", "a,b=c");
    expect(r.events.map((e) => e.message)).toEqual(["x"]);
    expect(escapeFieldValue("a\\b,c=d")).toBe("a\\\\b\\,c\\=d");
  });

  it("403: names the permission and where to grant it; nothing is cached", async () => {
    const { state, b } = await start([]);
    state.forbidden.add("list events");
    await expect(b.podEvents("shop", "web-1")).rejects.toThrow(
      /forbidden: Sightline may not list events .*cannot list resource "events".*rbac\.yaml/,
    );
    state.forbidden.clear();
    await expect(b.podEvents("shop", "web-1")).resolves.toEqual({ events: [], truncated: false });
  });
});

describe("wire events", () => {
  it("take their time from first/last, else eventTime/series, else creation; lose nothing but what is unreadable", () => {
    const agg = toKubeEvent({
      reason: "Started",
      count: 2,
      firstTimestamp: "2026-12-05T14:00:00Z",
      lastTimestamp: "2026-12-05T14:10:00Z",
      involvedObject: { kind: "Pod", name: "p", fieldPath: "spec.initContainers{migrate}" },
    });
    expect(agg).toMatchObject({ count: 2, container: "migrate", lastAt: T + 600_000, firstAt: T });
    const series = toKubeEvent({
      reason: "Unhealthy",
      eventTime: "2026-12-05T14:00:00.123456Z",
      firstTimestamp: null,
      lastTimestamp: null,
      series: { count: 4, lastObservedTime: "2026-12-05T14:01:00.000000Z" },
    });
    expect(series).toMatchObject({ count: 4, firstAt: T + 123, lastAt: T + 60_000 });
    const created = toKubeEvent({ reason: "Killing", metadata: { creationTimestamp: "2026-12-05T14:00:00Z" } });
    expect(created).toMatchObject({ firstAt: T, lastAt: T, count: 1 });
    // Last before first (a skewed clock): kept, in order.
    expect(
      toKubeEvent({ reason: "X", firstTimestamp: "2026-12-05T14:01:00Z", lastTimestamp: "2026-12-05T14:00:00Z" }),
    ).toMatchObject({ firstAt: T, lastAt: T + 60_000 });
    expect(toKubeEvent({ reason: "", firstTimestamp: "2026-12-05T14:00:00Z" })).toBeUndefined();
    expect(toKubeEvent({ reason: "Started", firstTimestamp: "yesterday" })).toBeUndefined();
    expect(
      toKubeEvent({ reason: "Started", message: "x".repeat(70_000), eventTime: "2026-12-05T14:00:00Z" })?.message,
    ).toHaveLength(1024);
    expect(containerOfFieldPath("spec.containers{web}")).toBe("web");
    expect(containerOfFieldPath("spec.ephemeralContainers{debugger}")).toBe("debugger");
    expect(containerOfFieldPath("metadata.name")).toBeUndefined();
  });
});
