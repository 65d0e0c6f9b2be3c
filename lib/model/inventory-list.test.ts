import { describe, expect, it } from "vitest";
import type { Container } from "./container";
import { decodeInventoryList, encodeInventoryList } from "./inventory-list";
import { millis } from "./time";

const kube = (pod: string, container: string, extra: Partial<Container> = {}): Container => ({
  id: `${pod}${container}`.padEnd(64, "0"),
  shortId: `${pod}${container}`.padEnd(64, "0").slice(0, 12),
  name: `prod:shop/${pod}/${container}`,
  engine: "kubernetes",
  host: "prod",
  image: "shop/api:1",
  state: "running",
  status: "Running",
  createdAt: millis(1),
  startedAt: millis(2),
  labels: { "app.kubernetes.io/name": "api", "pod-template-hash": "7d9f6b" },
  pod: { name: pod, namespace: "shop", id: `uid-${pod}` },
  hostname: pod,
  restartCount: 3,
  limits: { memoryBytes: 1 },
  source: "engine",
  cluster: "prod",
  namespace: "shop",
  kube: {
    container,
    kind: "container",
    podUid: `uid-${pod}`,
    runtime: "containerd",
    runtimeId: "5403af59",
    node: "node-a",
    ready: true,
    podPhase: "Running",
    workload: { kind: "Deployment", name: "api" },
    owner: { kind: "ReplicaSet", name: "api-7d9f6b" },
    lastTerminated: { reason: "OOMKilled", exitCode: 137, finishedAt: millis(5), message: "long text" },
    requests: { cpuCores: 0.1 },
    limits: { memoryBytes: 1 },
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{…}" },
  },
  ...extra,
});

const docker: Container = {
  id: "d".repeat(64),
  shortId: "dddddddddddd",
  name: "shop-cart-1",
  engine: "podman",
  host: "local",
  image: "cart:1",
  state: "running",
  createdAt: millis(1),
  labels: { "com.docker.compose.project": "shop" },
  compose: { project: "shop", service: "cart" },
  source: "engine",
};

describe("the inventory page's wire form", () => {
  it("gives back what a Kubernetes row shows and the search reads, pod fields sent once", () => {
    const inv = {
      containers: [docker, kube("api-1", "api"), kube("api-1", "istio-proxy"), kube("api-2", "api")],
      errors: [{ kind: "unreachable" as const, message: "x" }],
    };
    const body = encodeInventoryList(inv);
    expect(body.kubePods.map((p) => [p.pod, p.containers.length])).toEqual([
      ["api-1", 2],
      ["api-2", 1],
    ]);
    const wire = JSON.stringify(body);
    expect(wire.split('"pod-template-hash"')).toHaveLength(3); // labels once per pod
    expect(wire).not.toContain("last-applied-configuration");
    expect(wire.length).toBeLessThan(JSON.stringify(inv).length * 0.6);

    const back = decodeInventoryList(JSON.parse(wire));
    expect(back.errors).toEqual(inv.errors);
    expect(back.containers[0]).toEqual(docker);
    expect(back.containers[1]).toEqual({
      id: inv.containers[1]?.id,
      shortId: inv.containers[1]?.shortId,
      name: "prod:shop/api-1/api",
      engine: "kubernetes",
      host: "prod",
      image: "shop/api:1",
      state: "running",
      status: "Running",
      restartCount: 3,
      labels: kube("x", "y").labels,
      pod: { name: "api-1", namespace: "shop" },
      source: "engine",
      cluster: "prod",
      namespace: "shop",
      kube: {
        container: "api",
        kind: "container",
        node: "node-a",
        workload: { kind: "Deployment", name: "api" },
        owner: { kind: "ReplicaSet", name: "api-7d9f6b" },
        lastTerminated: { reason: "OOMKilled", exitCode: 137, finishedAt: 5 },
      },
    });
    expect(back.containers.map((c) => c.name)).toEqual(inv.containers.map((c) => c.name));
  });

  it("keeps a container's own labels and name when they are not its pod's", () => {
    const odd = kube("api-1", "debug", {
      labels: { only: "me" },
      name: "custom-name",
      kube: {
        container: "debug",
        kind: "ephemeral",
        node: "node-a",
        workload: { kind: "Deployment", name: "api" },
        owner: { kind: "ReplicaSet", name: "api-7d9f6b" },
      },
    });
    const back = decodeInventoryList(encodeInventoryList({ containers: [kube("api-1", "api"), odd], errors: [] }));
    expect(back.containers[1]).toMatchObject({
      name: "custom-name",
      labels: { only: "me" },
      kube: { kind: "ephemeral" },
    });
    expect(back.containers[0]?.labels).toEqual(kube("x", "y").labels);
  });

  it("does not merge pods of two clusters or two sources", () => {
    const a = kube("api-1", "api");
    const b = kube("api-1", "api", { cluster: "staging", name: "staging:shop/api-1/api" });
    const c = kube("api-1", "api", { source: "prometheus" });
    const body = encodeInventoryList({ containers: [a, b, c], errors: [] });
    expect(body.kubePods).toHaveLength(3);
    expect(decodeInventoryList(body).containers.map((x) => [x.name, x.source])).toEqual([
      ["prod:shop/api-1/api", "engine"],
      ["staging:shop/api-1/api", "engine"],
      ["prod:shop/api-1/api", "prometheus"],
    ]);
  });
});
