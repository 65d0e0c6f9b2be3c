import { describe, expect, it } from "vitest";
import type { Container } from "../model/container";
import { millis } from "../model/time";
import { listContainer, listView } from "./inventory-list";

const kube: Container = {
  id: "5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a",
  shortId: "5403af59a2b4",
  name: "prod:shop/api-7d9f6b-x2kq9/api",
  engine: "kubernetes",
  host: "prod",
  image: "shop/api:1",
  state: "running",
  status: "Running",
  createdAt: millis(1),
  startedAt: millis(2),
  labels: { "app.kubernetes.io/name": "api" },
  pod: { name: "api-7d9f6b-x2kq9", namespace: "shop", id: "uid-1" },
  hostname: "api-7d9f6b-x2kq9",
  restartCount: 3,
  limits: { memoryBytes: 1 },
  source: "engine",
  cluster: "prod",
  namespace: "shop",
  kube: {
    container: "api",
    kind: "container",
    podUid: "uid-1",
    runtime: "containerd",
    runtimeId: "5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a",
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
};

describe("the inventory page's view", () => {
  it("keeps what a Kubernetes row shows and the search reads, drops the rest", () => {
    const c = listContainer(kube);
    expect(c).toEqual({
      id: kube.id,
      shortId: kube.shortId,
      name: kube.name,
      engine: "kubernetes",
      host: "prod",
      image: "shop/api:1",
      state: "running",
      status: "Running",
      restartCount: 3,
      labels: kube.labels,
      pod: { name: "api-7d9f6b-x2kq9", namespace: "shop" },
      source: "engine",
      cluster: "prod",
      namespace: "shop",
      kube: {
        container: "api",
        kind: "container",
        node: "node-a",
        workload: { kind: "Deployment", name: "api" },
        owner: { kind: "ReplicaSet", name: "api-7d9f6b" },
        lastTerminated: { reason: "OOMKilled", exitCode: 137, finishedAt: millis(5) },
      },
    });
    expect(JSON.stringify(c).length).toBeLessThan(JSON.stringify(kube).length * 0.7);
  });

  it("leaves engine containers whole, and the errors", () => {
    const docker: Container = { ...kube, kube: undefined, engine: "docker", hostname: "h" };
    const errors = [{ kind: "unreachable" as const, message: "x" }];
    const v = listView({ containers: [docker, kube], errors });
    expect(v.containers[0]).toBe(docker);
    expect(v.errors).toBe(errors);
  });
});
