import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import { explainExit } from "./lifecycle-explain";
import type { KubeEvent } from "../model/kube-event";
import {
  kubeStateExits,
  kubernetesEventEvents,
  kubernetesStatusEvents,
  kubernetesTimeline,
} from "./lifecycle-kubernetes";
import { mergeLifecycle } from "./lifecycle-merge";

const T = 1_700_000_000_000;

describe("Kubernetes as a lifecycle source", () => {
  it("lastState.terminated OOMKilled becomes an exit with its reason and an oom; the running start a start", () => {
    const evs = kubernetesStatusEvents({
      restartCount: 3,
      runningSince: millis(T + 12_000),
      lastTerminated: { exitCode: 137, reason: "OOMKilled", finishedAt: millis(T), startedAt: millis(T - 600_000) },
    });
    expect(evs.map((e) => [e.kind, e.exitCode, e.reason])).toEqual([
      ["start", undefined, undefined],
      ["exit", 137, "OOMKilled"],
      ["oom", undefined, "OOMKilled"],
      ["start", undefined, undefined],
    ]);
    const exit = evs[1];
    if (!exit) throw new Error("no exit");
    expect(explainExit(exit, evs).label).toBe("OOM killed");
  });

  it("events: OOMKilling, Killing, Unhealthy, Started, BackOff, Created kept; Pulled dropped", () => {
    const evs = kubernetesEventEvents([
      { at: millis(T + 5), reason: "Pulled" },
      { at: millis(T + 1), reason: "Unhealthy", message: "Liveness probe failed: HTTP 500" },
      { at: millis(T + 2), reason: "Killing", message: "failed liveness probe, will be restarted" },
      { at: millis(T + 3), reason: "OOMKilling" },
      { at: millis(T + 4), reason: "BackOff" },
      { at: millis(T + 6), reason: "Started" },
      { at: millis(T + 7), reason: "Created" },
    ]);
    // BackOff is the kubelet waiting, not a restart: it must not stand for one.
    expect(evs.map((e) => e.kind)).toEqual(["health", "kill", "oom", "backoff", "start", "create"]);
    expect(evs[0]).toMatchObject({ health: "unhealthy", reason: "Unhealthy: Liveness probe failed: HTTP 500" });
  });

  it("merged with the engine's die, the Kubernetes exit adds its source and reason, not a second exit", () => {
    const r = mergeLifecycle({
      range: { from: millis(T - 3_600_000), to: millis(T + 3_600_000) },
      containerId: "a".repeat(64),
      engine: {
        kind: "docker",
        events: [
          { at: millis(T + 200), kind: "exit", sources: ["docker"], containerId: "a".repeat(64), exitCode: 137 },
        ],
      },
      others: kubernetesStatusEvents({ lastTerminated: { exitCode: 137, reason: "OOMKilled", finishedAt: millis(T) } }),
    });
    expect(r.events.filter((e) => e.kind === "exit")).toHaveLength(1);
    expect(r.events.find((e) => e.kind === "exit")).toMatchObject({
      sources: ["docker", "kubernetes"],
      reason: "OOMKilled",
    });
  });
});

const ev = (
  reason: string,
  first: number,
  o: Partial<Omit<KubeEvent, "firstAt" | "lastAt">> & { last?: number } = {},
): KubeEvent => ({
  reason,
  involved: o.involved ?? { kind: "Pod", name: "web-1", uid: "u1", fieldPath: "spec.containers{app}" },
  container: "container" in o ? o.container : "app",
  firstAt: millis(T + first),
  lastAt: millis(T + (o.last ?? first)),
  count: o.count ?? 1,
  message: o.message,
});

describe("kubernetesTimeline: statuses and events, bad input included", () => {
  const status = {
    restartCount: 1,
    runningSince: millis(T + 12_000),
    lastTerminated: { exitCode: 137, reason: "OOMKilled", finishedAt: millis(T), startedAt: millis(T - 3_600_000) },
  };

  it("the status's start and the Started event are one start; out-of-order input comes out in order", () => {
    const r = kubernetesTimeline({
      pod: "web-1",
      container: "app",
      podUid: "u1",
      status,
      podEvents: {
        truncated: false,
        events: [
          ev("Started", 12_000, { message: "Started container app" }),
          ev("BackOff", 1_000),
          ev("Unhealthy", -30_000, { message: "Liveness probe failed" }),
          ev("Created", 11_000),
        ],
      },
    });
    expect(r.events.map((e) => [e.kind, e.at - T])).toEqual([
      ["start", -3_600_000],
      ["health", -30_000],
      ["exit", 0],
      ["oom", 0],
      ["backoff", 1_000],
      ["create", 11_000],
      ["start", 12_000],
    ]);
    expect(r.events.find((e) => e.at === T + 12_000)?.reason).toBe("Started: Started container app");
    expect(r.gaps).toEqual([]);
  });

  it("duplicated events are kept once, and said", () => {
    const dup = ev("Killing", -5_000, { message: "Stopping container app" });
    const r = kubernetesTimeline({
      pod: "web-1",
      container: "app",
      podUid: "u1",
      podEvents: { truncated: false, events: [dup, { ...dup }, { ...dup }] },
    });
    expect(r.events.filter((e) => e.kind === "kill")).toHaveLength(1);
    expect(r.gaps.map((g) => g.kind)).toEqual(["duplicates"]);
    expect(r.gaps[0]?.message).toContain("2 duplicate events");
  });

  it("a reused pod name: the earlier pod's events are marked, not counted, and said", () => {
    const r = kubernetesTimeline({
      pod: "db-0",
      container: "app",
      podUid: "new",
      podEvents: {
        truncated: false,
        events: [
          ev("Started", -600_000, { involved: { kind: "Pod", name: "db-0", uid: "old" } }),
          ev("Killing", -300_000, { involved: { kind: "Pod", name: "db-0", uid: "old" } }),
          ev("Started", -60_000, { involved: { kind: "Pod", name: "db-0", uid: "new" } }),
        ],
      },
    });
    expect(r.events.map((e) => [e.kind, Boolean(e.otherContainer)])).toEqual([
      ["start", true],
      ["kill", true],
      ["start", false],
    ]);
    expect(r.gaps.find((g) => g.kind === "id-reused")?.message).toContain("uid old");
    // Merged and explained: the earlier pod's start is no restart of this one.
    const m = mergeLifecycle({
      range: { from: millis(T - 3_600_000), to: millis(T) },
      containerId: "x",
      createdAt: millis(T - 61_000),
      engine: { kind: "kubernetes", events: r.events },
    });
    expect(m.events.filter((e) => e.kind === "start" && !e.otherContainer)).toHaveLength(1);
  });

  it("without the page's pod uid, the newest uid is this pod", () => {
    const r = kubernetesTimeline({
      pod: "db-0",
      container: "app",
      podEvents: {
        truncated: false,
        events: [
          ev("Started", -60_000, { involved: { kind: "Pod", name: "db-0", uid: "new" } }),
          ev("Started", -600_000, { involved: { kind: "Pod", name: "db-0", uid: "old" } }),
        ],
      },
    });
    expect(r.events.map((e) => [e.at - T, Boolean(e.otherContainer)])).toEqual([
      [-600_000, true],
      [-60_000, false],
    ]);
  });

  it("aggregated events give their first and last time and say the ones between are unknown", () => {
    const r = kubernetesTimeline({
      pod: "web-1",
      container: "app",
      podEvents: {
        truncated: false,
        events: [ev("Unhealthy", -50_000, { last: -10_000, count: 5, message: "probe" })],
      },
    });
    expect(r.events.map((e) => [e.kind, e.at - T])).toEqual([
      ["health", -50_000],
      ["health", -10_000],
    ]);
    expect(r.events[0]?.reason).toBe("Unhealthy: probe (×5)");
    expect(r.gaps.map((g) => g.message).join()).toContain("folded 3 repeated events");
  });

  it("another container's and pod-level events are not this container's", () => {
    const r = kubernetesTimeline({
      pod: "web-1",
      container: "app",
      podEvents: {
        truncated: false,
        events: [ev("Killing", 0, { container: "sidecar" }), ev("Scheduled", -9_000, { container: undefined })],
      },
    });
    expect(r.events).toEqual([]);
  });

  it("a node's OOMKilling counts only next to one of this container's exits", () => {
    const node = (at: number): KubeEvent => ({
      ...ev("OOMKilling", at, { message: "Memory cgroup out of memory: Killed process 9 (app)" }),
      involved: { kind: "Node", name: "node-a" },
      container: undefined,
    });
    const r = kubernetesTimeline({
      pod: "web-1",
      container: "app",
      status,
      nodeOom: { truncated: false, events: [node(1_000), node(-1_200_000)] },
    });
    const ooms = r.events.filter((e) => e.kind === "oom");
    expect(ooms).toHaveLength(1);
    expect(ooms[0]?.reason).toMatch(/^OOMKilled; OOMKilling on node node-a: Memory cgroup/);
  });

  it("a status with many restarts says it keeps only the last; CrashLoopBackOff is a wait after the exit", () => {
    const r = kubernetesTimeline({
      pod: "web-1",
      container: "app",
      status: {
        restartCount: 7,
        waitingReason: "CrashLoopBackOff",
        lastTerminated: { exitCode: 1, reason: "Error", finishedAt: millis(T) },
      },
    });
    expect(r.events.map((e) => [e.kind, e.at - T, e.reason])).toEqual([
      ["exit", 0, "Error"],
      ["backoff", 1, "CrashLoopBackOff"],
    ]);
    expect(r.gaps.map((g) => g.message).join()).toContain("counts 7 restarts");
  });
});

describe("kube-state-metrics' last termination", () => {
  it("each distinct timestamp is one exit with the code and reason sampled then; OOMKilled adds an oom", () => {
    const t = (i: number) => millis(T + i * 15_000);
    const at1 = (T - 600_000) / 1000;
    const at2 = (T + 20_000) / 1000;
    const evs = kubeStateExits(
      [
        [t(0), at1],
        [t(1), at1],
        [t(2), at2],
        [t(3), null],
        [t(4), at2],
      ],
      [
        [t(0), 1],
        [t(2), 137],
      ],
      [
        {
          reason: "Error",
          points: [
            [t(0), 1],
            [t(1), 1],
          ],
        },
        {
          reason: "OOMKilled",
          points: [
            [t(2), 1],
            [t(4), 1],
          ],
        },
      ],
    );
    expect(evs.map((e) => [e.kind, e.at, e.exitCode, e.reason])).toEqual([
      ["exit", T - 600_000, 1, "Error"],
      ["exit", T + 20_000, 137, "OOMKilled"],
      ["oom", T + 20_000, undefined, "OOMKilled"],
    ]);
    expect(evs.every((e) => e.sources.join() === "prometheus")).toBe(true);
  });
});
