import { describe, expect, it } from "vitest";
import { parseKubeRef, kubeRef } from "../../model/kube-ref";
import { parseQuantity } from "./quantity";
import { podSchema } from "./schemas";
import { podToContainers, splitContainerId } from "./to-model";

describe("splitContainerId", () => {
  it.each([
    ["containerd://5403af59a2b4", { runtime: "containerd", id: "5403af59a2b4" }],
    ["cri-o://ABCDEF", { runtime: "cri-o", id: "abcdef" }],
    ["docker://65183c18", { runtime: "docker", id: "65183c18" }],
    ["some-future-runtime://x1", { runtime: "some-future-runtime", id: "x1" }],
    ["bare64hex", { id: "bare64hex" }],
    ["", {}],
  ])("%s", (v, want) => expect(splitContainerId(v)).toEqual(want));
});

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["2", 2],
    ["128Mi", 134217728],
    ["1G", 1e9],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["2e3", 2000],
    ["250n", 250e-9],
    ["12Q", undefined],
    ["", undefined],
    ["9".repeat(100), undefined],
  ])("%s", (v, want) => expect(parseQuantity(v)).toBe(want));
});

describe("podToContainers", () => {
  const pod = podSchema.parse({
    metadata: {
      name: "web-0",
      namespace: "shop",
      uid: "u1",
      ownerReferences: [{ kind: "StatefulSet", name: "web", controller: true }],
    },
    spec: {
      containers: [{ name: "web" }],
      ephemeralContainers: [{ name: "debugger-x7" }],
    },
    status: {
      phase: "Running",
      containerStatuses: [
        {
          name: "web",
          state: { waiting: { reason: "CrashLoopBackOff" } },
          restartCount: 7,
          lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2026-12-05T10:00:00Z" } },
        },
      ],
    },
  });
  const cs = podToContainers(pod, { cluster: "prod", ownerOf: () => undefined });

  it("marks ephemeral containers and keys everything by cluster/namespace/pod/container", () => {
    expect(cs.map((c) => [c.name, c.kube?.kind])).toEqual([
      ["prod:shop/web-0/web", "container"],
      ["prod:shop/web-0/debugger-x7", "ephemeral"],
    ]);
    expect(parseKubeRef(cs[0]?.name ?? "")).toEqual({
      cluster: "prod",
      namespace: "shop",
      pod: "web-0",
      container: "web",
    });
  });

  it("reads a crash loop as restarting, with the previous run's exit", () => {
    expect(cs[0]).toMatchObject({ state: "restarting", restartCount: 7, status: "CrashLoopBackOff · 7 restarts" });
    expect(cs[0]?.kube?.lastTerminated).toEqual({
      reason: "Error",
      exitCode: 1,
      finishedAt: Date.parse("2026-12-05T10:00:00Z"),
    });
    // Never started: no runtime id, an id that is still unique.
    expect(cs[0]?.id).toBe("u1/web");
  });
});

describe("kubeRef", () => {
  it.each([
    { namespace: "shop", pod: "api-1", container: "api" },
    { cluster: "prod:eu/1", namespace: 'we"ird', pod: "pöd/2%", container: "c:3" },
    { namespace: "n".repeat(253), pod: "p".repeat(253), container: "💥" },
  ])("round-trips %j", (k) => expect(parseKubeRef(kubeRef(k))).toEqual(k));

  it("is not fooled by plain names", () => {
    expect(parseKubeRef("shop-api-1")).toBeUndefined();
    expect(parseKubeRef("a/b")).toBeUndefined();
    expect(parseKubeRef("a/b/c/d")).toBeUndefined();
  });
});
