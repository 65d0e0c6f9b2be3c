// The demo cluster: what the API stand-in lists, and that its metrics, logs and traces agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubernetesBackend } from "../../../lib/backends/kubernetes/client";
import { parseKubernetesEndpoint } from "../../../lib/config";
import type { Container } from "../../../lib/model/container";
import { KubeApiState } from "../../handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../server/start";
import { MINUTE } from "../schedule";
import { createWorld } from "../world";

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const world = createWorld({ now: () => NOW, kubernetes: true });
let servers: MockServers;
let backend: KubernetesBackend;
let listed: Container[];

beforeAll(async () => {
  servers = await startMockServers({ kubernetes: new KubeApiState(world.kubeApiSource()), now: world.now });
  const ep = parseKubernetesEndpoint(`kubernetes+${servers.urls.kubernetes}?cluster=demo`);
  if (typeof ep === "string") throw new Error(ep);
  backend = new KubernetesBackend(ep, { timeoutMs: 5000, maxBytes: 8 << 20 });
  listed = await backend.list();
});
afterAll(async () => {
  backend?.close();
  await servers?.close();
});

describe("the demo cluster through the API stand-in", () => {
  it("lists the shop's workloads, resolved through ReplicaSets and Jobs", () => {
    const workloads = new Set(listed.map((c) => `${c.kube?.workload?.kind}/${c.kube?.workload?.name}`));
    expect(workloads).toEqual(
      new Set(["Deployment/storefront", "Deployment/checkout", "StatefulSet/db", "CronJob/nightly-report"]),
    );
    expect(listed.every((c) => c.namespace === "shop" && c.cluster === "demo")).toBe(true);
  });

  it("has the checkout container OOMKilled 20 minutes ago and restarted", () => {
    const c = listed.find((x) => x.kube?.container === "checkout");
    expect(c?.restartCount).toBe(1);
    expect(c?.state).toBe("running");
    expect(c?.kube?.lastTerminated).toMatchObject({
      reason: "OOMKilled",
      exitCode: 137,
      finishedAt: (world.kube?.t0 ?? 0) - 20 * MINUTE,
    });
  });

  it("lists only the storefront pods after the rollout; the replaced ones are gone", () => {
    const pods = new Set(listed.filter((c) => c.kube?.workload?.name === "storefront").map((c) => c.pod?.name));
    expect([...pods].every((p) => p?.startsWith("storefront-58d4b7c9f-"))).toBe(true);
    expect(pods.size).toBe(2);
    const gone = world.kube?.pods.filter((p) => p.endMs <= NOW).map((p) => p.name);
    expect(gone).toEqual(["storefront-6c7f9d8b5-k2x7p", "storefront-6c7f9d8b5-w9q4m"]);
  });
});

describe("the demo cluster's signals agree", () => {
  it("a storefront log line's trace has spans from that pod", () => {
    const stream = world
      .lokiSource()
      .streams()
      .find((s) => s.labels.pod?.startsWith("storefront-58d4b7c9f-") && s.labels.container === "web");
    if (!stream) throw new Error("no storefront stream");
    const to = BigInt(NOW) * 1_000_000n;
    const lines = stream.entriesIn(to - 5n * 60_000_000_000n, to);
    expect(lines.length).toBeGreaterThan(5);
    const id = /trace_id=([0-9a-f]{32})/.exec(lines[lines.length - 1]?.line ?? "")?.[1];
    expect(id).toBeDefined();
    const spans = world.jaegerSource().trace(id ?? "");
    expect(spans?.[0]?.resource.attributes["k8s.pod.name"]).toBe(stream.labels.pod);
    expect(new Set(spans?.map((s) => s.resource.serviceName))).toEqual(new Set(["storefront", "checkout"]));
  });

  it("a gone pod still has metrics and logs from before the rollout", () => {
    const gone = "storefront-6c7f9d8b5-k2x7p";
    const series = world
      .promSource()
      .series()
      .filter((s) => s.labels.pod === gone && s.labels.__name__ === "container_memory_working_set_bytes");
    expect(series).toHaveLength(1);
    expect(series[0]?.valueAt(NOW - 30 * MINUTE)).toBeGreaterThan(0);
    expect(series[0]?.valueAt(NOW - 10 * MINUTE)).toBeUndefined();
    const stream = world
      .lokiSource()
      .streams()
      .find((s) => s.labels.pod === gone);
    const to = BigInt(NOW) * 1_000_000n;
    expect(stream?.entriesIn(to - 3_600_000_000_000n, to).length).toBeGreaterThan(10);
  });

  it("the checkout container's memory climbs to its limit before the kill, then starts low", () => {
    const t0 = world.kube?.t0 ?? 0;
    const mem = world
      .promSource()
      .series()
      .filter((s) => s.labels.container === "checkout" && s.labels.__name__ === "container_memory_working_set_bytes");
    const at = (t: number) => mem.map((s) => s.valueAt(t)).find((v) => v !== undefined) ?? 0;
    expect(at(t0 - 21 * MINUTE)).toBeGreaterThan(240 * 1024 * 1024);
    expect(at(t0 - 15 * MINUTE)).toBeLessThan(140 * 1024 * 1024);
    expect(mem).toHaveLength(2); // two runs, two container ids
  });
});
