import { describe, expect, it } from "vitest";
import { KUBE_PROM_INVENTORY_QUERIES, kubeContainersFromPrometheus } from "./kube-prom-inventory";

const l = (labels: Record<string, string>, value = 1) => ({ labels, value });
const base = { cluster: "prod", namespace: "shop" };

describe("Prometheus-only Kubernetes inventory", () => {
  it("excludes pod cgroups and the sandbox in the query itself", () => {
    expect(KUBE_PROM_INVENTORY_QUERIES.containers).toContain('container!="",container!="POD"');
  });

  it("names containers by cluster/namespace/pod/container and enriches them from kube-state-metrics", () => {
    const cs = kubeContainersFromPrometheus({
      containers: [
        l({ ...base, pod: "api-7d-x", container: "api", image: "shop/api:1" }),
        l({ ...base, pod: "api-5c-old", container: "api", image: "shop/api:0" }),
        l({ ...base, pod: "db-0", container: "postgres", image: "postgres" }),
        l({ ...base, pod: "db-0", container: "POD", image: "" }),
      ],
      live: [l({ ...base, pod: "api-7d-x", container: "api" }), l({ ...base, pod: "db-0", container: "postgres" })],
      restarts: [l({ ...base, pod: "api-7d-x", container: "api" }, 3)],
      lastTerminated: [l({ ...base, pod: "api-7d-x", container: "api", reason: "OOMKilled" })],
      limits: [l({ ...base, pod: "api-7d-x", container: "api", resource: "memory" }, 268435456)],
      podInfo: [l({ ...base, pod: "api-7d-x", node: "node-a", uid: "u1" })],
      podOwner: [
        l({ ...base, pod: "api-7d-x", owner_kind: "ReplicaSet", owner_name: "api-7d" }),
        l({ ...base, pod: "api-5c-old", owner_kind: "ReplicaSet", owner_name: "api-5c" }),
        l({ ...base, pod: "db-0", owner_kind: "StatefulSet", owner_name: "db" }),
      ],
      replicaSetOwner: [
        l({ ...base, replicaset: "api-7d", owner_kind: "Deployment", owner_name: "api" }),
        l({ ...base, replicaset: "api-5c", owner_kind: "Deployment", owner_name: "api" }),
      ],
    });
    expect(cs.map((c) => c.name)).toEqual([
      "prod:shop/api-7d-x/api",
      "prod:shop/api-5c-old/api",
      "prod:shop/db-0/postgres",
    ]);
    expect(cs[0]).toMatchObject({
      state: "running",
      restartCount: 3,
      source: "prometheus",
      engine: "kubernetes",
      kube: {
        node: "node-a",
        podUid: "u1",
        workload: { kind: "Deployment", name: "api" },
        lastTerminated: { reason: "OOMKilled" },
        limits: { memoryBytes: 268435456 },
      },
    });
    // The replaced pod: still there from the last hour, not running now, under its Deployment.
    expect(cs[1]).toMatchObject({ state: "unknown", kube: { workload: { kind: "Deployment", name: "api" } } });
    expect(cs[2]?.kube?.workload).toEqual({ kind: "StatefulSet", name: "db" });
  });

  it("works from cAdvisor alone (no kube-state-metrics)", () => {
    const cs = kubeContainersFromPrometheus({ containers: [l({ namespace: "ns", pod: "p", container: "c" })] });
    expect(cs).toMatchObject([{ name: "ns/p/c", kube: { workload: { kind: "Pod", name: "p" } }, state: "unknown" }]);
  });
});
