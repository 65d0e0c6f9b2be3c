import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEvents } from "./events";
import { podLifecycleEvents, toLifecycleEvents } from "./lifecycle";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("engine events → lifecycle events", () => {
  const podman = parseEvents(fixture("podman-4.3-lifecycle.ndjson"), "podman events");
  const byName = (name: string) =>
    toLifecycleEvents(podman, "podman").filter((_, i, all) => {
      const id = all[i]?.containerId;
      return podman.some((e) => e.containerId === id && e.name === name);
    });

  it("Podman 4.3: an exit code on die, nothing from exec/init/cleanup", () => {
    const evs = byName("lc-exit");
    expect(evs.map((e) => [e.kind, e.exitCode])).toEqual([
      ["create", undefined],
      ["start", undefined],
      ["exit", 3],
    ]);
    expect(evs.every((e) => e.sources[0] === "podman")).toBe(true);
  });

  it("Podman 4.3: an OOM kill is only a die with 137 (no oom event)", () => {
    const evs = byName("lc-oom");
    expect(evs.map((e) => e.kind)).toEqual(["create", "start", "exit"]);
    expect(evs.at(-1)?.exitCode).toBe(137);
  });

  it("Podman 4.3: a restart policy emits restart between die and start", () => {
    const kinds = byName("lc-restart").map((e) => (e.kind === "exit" ? `exit ${e.exitCode}` : e.kind));
    expect(kinds).toEqual(["create", "start", "exit 5", "restart", "start", "exit 5", "restart", "start", "exit 5"]);
  });

  it("Podman 4.3: health status comes from the top-level HealthStatus field", () => {
    const h = byName("lc-health").filter((e) => e.kind === "health");
    expect(h.map((e) => e.health)).toEqual(["starting", "unhealthy", "unhealthy"]);
  });

  it("Docker (API docs shape): oom, die 137, kill with its signal, health in the Action", () => {
    const evs = toLifecycleEvents(parseEvents(fixture("docker-lifecycle.ndjson"), "docker events"), "docker");
    expect(evs.map((e) => e.kind)).toEqual([
      "create",
      "start",
      "health",
      "health",
      "oom",
      "exit",
      "start",
      "kill",
      "exit",
      "stop",
      "start",
      "restart",
    ]);
    expect(evs.filter((e) => e.kind === "health").map((e) => e.health)).toEqual(["healthy", "unhealthy"]);
    expect(evs.filter((e) => e.kind === "exit").map((e) => e.exitCode)).toEqual([137, 143]);
    expect(evs.find((e) => e.kind === "kill")?.signal).toBe(15);
    expect(evs[0]?.sources).toEqual(["docker"]);
  });

  it("checkpoint and restore (constructed: CRIU cannot run here) keep their kinds", () => {
    const nd = ["checkpoint", "restore"]
      .map((a, i) =>
        JSON.stringify({
          Type: "container",
          Action: a,
          Actor: { ID: "abc", Attributes: { name: "m" } },
          time: 1700000000 + i,
        }),
      )
      .join("\n");
    expect(toLifecycleEvents(parseEvents(nd, "x"), "podman").map((e) => [e.kind, e.at])).toEqual([
      ["checkpoint", 1700000000000],
      ["restore", 1700000001000],
    ]);
  });

  it("a malformed exit code is left out rather than guessed", () => {
    const nd = JSON.stringify({
      Type: "container",
      Action: "die",
      Actor: { ID: "a", Attributes: { exitCode: "1e99" } },
      time: 1,
    });
    expect(toLifecycleEvents(parseEvents(nd, "x"), "docker")[0]?.exitCode).toBeUndefined();
  });
});

describe("Podman pod events", () => {
  it("Type pod lines parse only when pod events are asked for, as 'pod' lifecycle events", () => {
    const text = fixture("podman-4.3-pod-events.ndjson");
    const pods = parseEvents(text, "pod events", "pod");
    expect(pods.map((e) => e.action)).toEqual(["destroy", "create", "stop"]);
    expect(podLifecycleEvents(pods).map((e) => [e.kind, e.reason])).toEqual([
      ["pod", "pod lc-pod destroy"],
      ["pod", "pod lc-pod create"],
      ["pod", "pod lc-pod stop"],
    ]);
    // The default (container) parse keeps them out, and shows the pod's containers with their podId.
    const containers = parseEvents(text, "events");
    expect(containers.every((e) => e.containerId !== pods[0]?.containerId)).toBe(true);
    expect([...containers].reverse().find((e) => e.name === "lc-pod-app")?.attributes.podId).toMatch(/^3d1e1d8239e4/);
  });
});
