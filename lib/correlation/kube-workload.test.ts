import { describe, expect, it } from "vitest";
import { decodedStrings, parseQuery } from "./grammar.test-helper";
import {
  directPodOwnerKind,
  intermediateOwnersMatch,
  podOwnerMatch,
  workloadLogQuery,
  workloadMetricQueries,
} from "./kube-workload";

describe("workload queries", () => {
  it("finds a Deployment's pods through its ReplicaSets, a CronJob's through its Jobs", () => {
    expect(intermediateOwnersMatch({ namespace: "shop", kind: "Deployment", name: "web" })).toEqual({
      match: 'kube_replicaset_owner{namespace="shop",owner_kind="Deployment",owner_name="web"}',
      label: "replicaset",
    });
    expect(intermediateOwnersMatch({ namespace: "shop", kind: "CronJob", name: "r" })?.label).toBe("job_name");
    expect(intermediateOwnersMatch({ namespace: "shop", kind: "StatefulSet", name: "db" })).toBeUndefined();
    expect(directPodOwnerKind("Deployment")).toBe("ReplicaSet");
    expect(podOwnerMatch("shop", "ReplicaSet", ["web-1", "web.2"])).toBe(
      'kube_pod_owner{namespace="shop",owner_kind="ReplicaSet",owner_name=~"web-1|web\\\\.2"}',
    );
    expect(podOwnerMatch("shop", "ReplicaSet", [])).toBeUndefined();
  });

  it("CPU and memory by pod, never for a namespace without pods", () => {
    const q = workloadMetricQueries("shop", ["a", "b"], { stepSeconds: 15 });
    if ("kind" in q) throw new Error(q.message);
    expect(q.memoryBytesByPod).toBe(
      'sum by (pod) (max by (pod, container) (container_memory_working_set_bytes{namespace="shop",pod=~"a|b",container!="",container!="POD"}))',
    );
    expect(workloadMetricQueries("shop", [], { stepSeconds: 15 })).toMatchObject({ kind: "reason" });
  });

  it("merges logs by pod in the detected label scheme, with hostile pod names", () => {
    const pods = ['p"1', "pöd|2", "x".repeat(253)];
    const q = workloadLogQuery({ label: "k8s_pod_name", key: "kubePod" }, "shop", pods);
    if (q.kind !== "query") throw new Error(q.message);
    expect(parseQuery("logql", q.query).errors).toEqual([]);
    expect(decodedStrings("logql", q.query)[0]).toBe("shop");
    expect(workloadLogQuery({ label: "job", key: "kubeJob" }, "shop", pods)).toMatchObject({ kind: "reason" });
    expect(workloadLogQuery({ label: "pod", key: "kubePod" }, "shop", [])).toMatchObject({ kind: "reason" });
  });
});
