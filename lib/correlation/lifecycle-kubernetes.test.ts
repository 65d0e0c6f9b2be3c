import { describe, expect, it } from "vitest";
import { millis } from "../model/time";
import { explainExit } from "./lifecycle-explain";
import { kubernetesEventEvents, kubernetesStatusEvents } from "./lifecycle-kubernetes";
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
