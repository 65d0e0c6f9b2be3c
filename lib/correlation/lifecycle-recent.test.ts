import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../model/lifecycle";
import { millis } from "../model/time";
import { recentBadges } from "./lifecycle-recent";

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
