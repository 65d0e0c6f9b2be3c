import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../model/lifecycle";
import type { Point } from "../model/series";
import { type Millis, millis } from "../model/time";
import { countRestarts, explainExit, exitCodeMeaning, memoryBeforeExit, summarize } from "./lifecycle-explain";
import { distinctStarts, mergeLifecycle } from "./lifecycle-merge";

const ID = "a".repeat(64);
const T = 1_700_000_000_000;
const at = (s: number) => millis(T + s * 1000);
const ev = (s: number, kind: LifecycleEvent["kind"], extra: Partial<LifecycleEvent> = {}): LifecycleEvent => ({
  at: at(s),
  kind,
  sources: ["docker"],
  containerId: ID,
  ...extra,
});
const range = { from: at(-3600), to: at(3600) };

describe("mergeLifecycle", () => {
  it("adds prometheus as a source of the engine's start it matches, within seconds", () => {
    const r = mergeLifecycle({
      range,
      containerId: ID,
      engine: { kind: "docker", events: [ev(0, "exit", { exitCode: 137 }), ev(1.4, "start")] },
      promStarts: [{ at: at(1) }],
    });
    expect(r.events.map((e) => [e.kind, e.sources])).toEqual([
      ["exit", ["docker"]],
      ["start", ["docker", "prometheus"]],
    ]);
    expect(r.gaps).toEqual([]);
  });

  it("a start only Prometheus saw: added with an inferred exit before it, and the engine's forgetting said", () => {
    const r = mergeLifecycle({
      range,
      containerId: ID,
      createdAt: at(-7200),
      engine: { kind: "podman", events: [ev(600, "health", { health: "healthy", sources: ["podman"] })] },
      promStarts: [{ at: at(-7200) }, { at: at(100) }],
      promStepMs: 15_000,
    });
    expect(r.events.map((e) => [e.kind, e.sources[0]])).toEqual([
      ["exit", "prometheus"],
      ["start", "prometheus"],
      ["health", "podman"],
    ]);
    expect(r.events[0]?.uncertaintyMs).toBe(15_000);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]?.kind).toBe("engine-forgot");
    expect(r.gaps[0]?.message).toMatch(/podman engine has no event for, all before its oldest event/);
  });

  it("duplicates dropped and out-of-order events sorted, and both said", () => {
    const die = ev(10, "exit", { exitCode: 1 });
    const r = mergeLifecycle({
      range,
      containerId: ID,
      engine: {
        kind: "docker",
        events: [ev(12, "start"), die, { ...die, sources: ["docker"] }, ev(5, "kill", { signal: 15 })],
      },
    });
    expect(r.events.map((e) => e.kind)).toEqual(["kill", "exit", "start"]);
    expect(r.gaps[0]).toMatchObject({ kind: "duplicates" });
    expect(r.gaps[0]?.message).toContain("1 duplicate event dropped");
    expect(r.gaps[0]?.message).toContain("out of order");
  });

  it("an id removed and created again: earlier events marked as another container and not counted", () => {
    const r = mergeLifecycle({
      range,
      containerId: ID,
      engine: {
        kind: "podman",
        events: [ev(0, "start"), ev(50, "exit", { exitCode: 0 }), ev(51, "destroy"), ev(60, "create"), ev(61, "start")],
      },
    });
    expect(r.events.filter((e) => e.otherContainer).map((e) => e.kind)).toEqual(["start", "exit", "destroy"]);
    expect(r.gaps.map((g) => g.kind)).toEqual(["id-reused"]);
    expect(countRestarts(r.events, at(60))).toBe(0);
  });

  it("events of another container with the same name are marked", () => {
    const r = mergeLifecycle({
      range,
      containerId: ID,
      engine: { kind: "docker", events: [ev(0, "exit", { containerId: "b".repeat(64) }), ev(5, "start")] },
    });
    expect(r.events[0]?.otherContainer).toBe(true);
    expect(r.gaps[0]?.message).toContain("bbbbbbbbbbbb");
  });

  it("Kubernetes events merge into the engine's, lending their reason", () => {
    const r = mergeLifecycle({
      range,
      containerId: ID,
      engine: { kind: "docker", events: [ev(0, "exit", { exitCode: 137 })] },
      others: [{ at: at(1), kind: "exit", sources: ["kubernetes"], reason: "OOMKilled" }],
    });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ sources: ["docker", "kubernetes"], reason: "OOMKilled", exitCode: 137 });
  });

  it("distinctStarts keeps each value once, in seconds → ms", () => {
    const p: Point[] = [
      [at(0), 100],
      [at(15), 100],
      [at(30), null],
      [at(45), 160],
      [at(60), 160],
    ];
    expect(distinctStarts(p).map((s) => s.at)).toEqual([100_000, 160_000]);
  });
});

describe("explainExit", () => {
  const mem = (ratio: number) => ({
    usage: [[at(-30), 100] as Point, [at(-5), ratio * 256] as Point],
    limit: [[at(-30), 256] as Point],
    stepMs: 15_000,
  });

  it("137 with the engine's oom event: OOM killed", () => {
    const exit = ev(0, "exit", { exitCode: 137 });
    const x = explainExit(exit, [ev(-0.03, "oom"), exit, ev(1.5, "start")]);
    expect(x).toMatchObject({ label: "OOM killed", oom: true, restartedAt: at(1.5) });
    expect(x.evidence.join(" | ")).toContain("OOM kill");
  });

  it("137 without an oom event (Podman) but memory at the limit: likely OOM killed", () => {
    const exit = ev(0, "exit", { exitCode: 137, sources: ["podman"] });
    const x = explainExit(exit, [exit], mem(0.99));
    expect(x.label).toBe("likely OOM killed");
    expect(x.oom).toBe(true);
    expect(x.evidence.join(" | ")).toMatch(/memory reached 99% of its 256 B limit/);
  });

  it("137 after SIGTERM: a stop that timed out, not an OOM", () => {
    const exit = ev(0, "exit", { exitCode: 137 });
    const x = explainExit(exit, [ev(-10, "kill", { signal: 15 }), exit], mem(0.3));
    expect(x.label).toBe("stop timed out (SIGKILL)");
    expect(x.oom).toBe(false);
  });

  it("an error exit after a failed health check says both", () => {
    const exit = ev(0, "exit", { exitCode: 3 });
    const x = explainExit(exit, [ev(-60, "health", { health: "unhealthy" }), exit]);
    expect(x.label).toBe("exit 3");
    expect(x.failedHealth).toEqual({ at: at(-60), status: "unhealthy" });
    expect(x.explanation).toContain("health check had failed");
  });

  it("exit codes read as signals above 128", () => {
    expect(exitCodeMeaning(143).label).toBe("exit 143 (SIGTERM)");
    expect(exitCodeMeaning(139).text).toMatch(/segmentation fault.*139 = 128 \+ 11/);
    expect(exitCodeMeaning(0).label).toBe("exited 0");
    expect(exitCodeMeaning(undefined).label).toBe("stopped");
  });

  it("memoryBeforeExit ignores samples too long before the exit", () => {
    const m = { usage: [[at(-600), 250] as Point], limit: [[at(-600), 256] as Point], stepMs: 15_000 };
    expect(memoryBeforeExit(m, at(0))).toBeUndefined();
    expect(memoryBeforeExit(mem(0.95), at(0))?.ratio).toBeCloseTo(0.95);
  });

  it("summary: restarts, the last exit and a link for it", () => {
    const exit = ev(0, "exit", { exitCode: 137 });
    const tl = [ev(-100, "start"), ev(-0.03, "oom"), exit, ev(1.5, "start")];
    const x = explainExit(exit, tl);
    const s = summarize(tl, [x], at(-101), (t: number) => `/c?at=${t}`);
    expect(s.text).toBe("restarted 1× in this range, last: OOM killed");
    expect(s.restartsAt).toEqual([at(1.5)]);
    expect(s.last).toEqual({ at: exit.at, label: "OOM killed", href: `/c?at=${exit.at as Millis}` });
  });
});

describe("restart counting", () => {
  it("only the first start after creation is not a restart, however soon the next one comes", () => {
    const tl = [
      ev(0.5, "start"),
      ev(3, "exit", { exitCode: 5 }),
      ev(4, "restart"),
      ev(4.1, "start"),
      ev(7, "exit"),
      ev(8, "start"),
    ];
    expect(countRestarts(tl, at(0))).toBe(2);
    expect(countRestarts(tl, at(-3600))).toBe(3);
  });
});

describe("memory before an exit", () => {
  it("takes the peak of the last scrapes, not the last one (already freed by the kill)", () => {
    const m = {
      usage: [[at(-20), 240] as Point, [at(-10), 250] as Point, [at(-1), 12] as Point],
      limit: [[at(-60), 256] as Point],
      stepMs: 5000,
    };
    const r = memoryBeforeExit(m, at(0));
    expect(r?.at).toBe(at(-10));
    expect(r?.ratio).toBeCloseTo(250 / 256);
  });
});

describe("checkpoint and restore", () => {
  it("a container restored from another's checkpoint keeps that one's timeline", () => {
    const old = "c".repeat(64);
    const r = mergeLifecycle({
      range,
      containerId: ID,
      engine: {
        kind: "podman",
        events: [
          ev(0, "start", { containerId: old, sources: ["podman"] }),
          ev(100, "checkpoint", { containerId: old, sources: ["podman"] }),
          ev(160, "create", { sources: ["podman"] }),
          ev(161, "restore", { sources: ["podman"] }),
        ],
      },
    });
    expect(r.events.map((e) => [e.kind, Boolean(e.otherContainer)])).toEqual([
      ["start", false],
      ["checkpoint", false],
      ["create", false],
      ["restore", false],
    ]);
    expect(r.gaps[0]?.message).toMatch(/^Restored from a checkpoint of cccccccccccc/);
  });
});
