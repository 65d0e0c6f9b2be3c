import { describe, expect, it } from "vitest";
import type { Container } from "@/lib/model/container";
import { groupKube } from "./kube-groups";

const c = (
  cluster: string,
  ns: string,
  pod: string,
  name: string,
  wl: [string, string],
  kind: "container" | "init" = "container",
): Container =>
  ({
    id: `${pod}/${name}`,
    shortId: "",
    name: `${cluster}:${ns}/${pod}/${name}`,
    engine: "kubernetes",
    host: cluster,
    image: "",
    state: "running",
    labels: {},
    source: "engine",
    cluster,
    namespace: ns,
    pod: { name: pod, namespace: ns },
    kube: { container: name, kind, workload: { kind: wl[0], name: wl[1] } },
  }) as Container;

describe("groupKube", () => {
  it("nests cluster → namespace → workload → pod, init containers last, Docker containers ignored", () => {
    const g = groupKube([
      c("demo", "shop", "web-2", "web", ["Deployment", "web"]),
      c("demo", "shop", "web-1", "web", ["Deployment", "web"]),
      c("demo", "shop", "web-1", "migrate", ["Deployment", "web"], "init"),
      c("demo", "shop", "db-0", "postgres", ["StatefulSet", "db"]),
      c("demo", "kube-system", "dns-1", "coredns", ["Deployment", "coredns"]),
      { ...c("x", "y", "z", "w", ["Pod", "z"]), kube: undefined },
    ]);
    expect(g.map((n) => n.namespace)).toEqual(["kube-system", "shop"]);
    const shop = g[1];
    expect(shop?.containerCount).toBe(4);
    expect(shop?.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(["StatefulSet/db", "Deployment/web"]);
    const web = shop?.workloads[1];
    expect(web?.pods.map((p) => p.pod)).toEqual(["web-1", "web-2"]);
    expect(web?.pods[0]?.containers.map((x) => x.kube?.container)).toEqual(["web", "migrate"]);
  });

  it("totals each workload for its collapsed row, and stays linear with many workloads and pods", () => {
    const crashed = {
      ...c("demo", "shop", "api-2", "api", ["Deployment", "api"]),
      state: "restarting",
      restartCount: 4,
      kube: {
        container: "api",
        kind: "container",
        workload: { kind: "Deployment", name: "api" },
        lastTerminated: { reason: "OOMKilled", exitCode: 137 },
      },
    } as Container;
    const done = {
      ...c("demo", "shop", "api-1", "migrate", ["Deployment", "api"], "init"),
      state: "exited",
    } as Container;
    const [shop] = groupKube([c("demo", "shop", "api-1", "api", ["Deployment", "api"]), done, crashed]);
    expect(shop?.workloads[0]).toMatchObject({ containerCount: 3, notRunning: 1, restarts: 4, terminations: 1 });

    // 200 workloads × 25 pods × 2 containers in one namespace: every container placed once.
    const many: Container[] = [];
    for (let w = 0; w < 200; w++)
      for (let p = 0; p < 25; p++)
        for (const n of ["app", "sidecar"]) many.push(c("big", "ns", `w${w}-p${p}`, n, ["Deployment", `w${w}`]));
    const [ns] = groupKube(many);
    expect(ns?.workloads).toHaveLength(200);
    expect(ns?.workloads.every((w) => w.pods.length === 25 && w.containerCount === 50)).toBe(true);
    expect(ns?.containerCount).toBe(10_000);
  });
});
