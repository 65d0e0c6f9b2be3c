import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../model/lifecycle";
import { millis } from "../model/time";
import type { Container } from "../model/container";
import { kubeRecentBadges, recentBadges } from "./lifecycle-recent";

const e = (at: number, kind: LifecycleEvent["kind"], id: string, exitCode?: number): LifecycleEvent => ({
  at: millis(at),
  kind,
  sources: ["docker"],
  containerId: id,
  exitCode,
});

describe("recentBadges", () => {
  it("counts restarts (a start after an exit), OOM kills, and 137 exits without an OOM verdict", () => {
    const { byId } = recentBadges(
      [
        e(1000, "start", "a"),
        e(2000, "oom", "a"),
        e(2010, "exit", "a", 137),
        e(3500, "start", "a"),
        e(5000, "exit", "b", 137),
        e(6000, "start", "b"),
        e(7000, "health", "c"),
      ],
      [],
    );
    expect(byId).toEqual({
      a: { restarts: 1, oomKills: 1, killed: 0 },
      b: { restarts: 1, oomKills: 0, killed: 1 },
    });
  });

  it("out-of-order input is sorted first; Prometheus changes give name-keyed badges", () => {
    const { byId, byName } = recentBadges(
      [e(3500, "start", "a"), e(2010, "exit", "a", 1)],
      [
        { name: "x", changes: 2 },
        { name: "y", changes: 0 },
      ],
    );
    expect(byId.a?.restarts).toBe(1);
    expect(byName).toEqual({ x: { restarts: 2, oomKills: 0, killed: 0 } });
  });
});

describe("kubeRecentBadges", () => {
  const NOW = 1_800_000_000_000;
  const kc = (pod: string, kube: Partial<NonNullable<Container["kube"]>>, restartCount = 1): Container => ({
    id: pod,
    shortId: pod,
    name: `c:ns/${pod}/app`,
    engine: "kubernetes",
    host: "c",
    source: "engine",
    image: "",
    state: "running",
    labels: {},
    namespace: "ns",
    pod: { name: pod, namespace: "ns" },
    restartCount,
    kube: { container: "app", kind: "container", ...kube },
  });

  it("an OOMKilled or 137 termination in the hour counts, an older one not; KSM adds restarts the status forgot", () => {
    const r = kubeRecentBadges(
      [
        kc("oom", { lastTerminated: { reason: "OOMKilled", exitCode: 137, finishedAt: millis(NOW - 600_000) } }),
        kc("kill", { lastTerminated: { reason: "Error", exitCode: 137, finishedAt: millis(NOW - 60_000) } }),
        kc("old", { lastTerminated: { reason: "OOMKilled", exitCode: 137, finishedAt: millis(NOW - 3_700_000) } }),
        kc("loop", { lastTerminated: { reason: "Error", exitCode: 1, finishedAt: millis(NOW - 30_000) } }, 9),
        kc("quiet", {}, 0),
      ],
      NOW,
      3_600_000,
      [
        { namespace: "ns", pod: "loop", container: "app", restarts: 4.2 },
        { namespace: "ns", pod: "quiet", container: "app", restarts: 0 },
        { namespace: "other", pod: "old", container: "app", restarts: 3 },
      ],
    );
    expect(r).toEqual({
      "c:ns/oom/app": { restarts: 1, oomKills: 1, killed: 0 },
      "c:ns/kill/app": { restarts: 1, oomKills: 0, killed: 1 },
      "c:ns/loop/app": { restarts: 4, oomKills: 0, killed: 0 },
    });
  });
});
