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
});
