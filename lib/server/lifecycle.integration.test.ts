// The lifecycle timeline against the real Podman 4.3 and Prometheus of scripts/testenv: a
// container that exits with a code, one killed for memory, one restarted by its restart
// policy, one whose health check fails, and a stop/start seen by Prometheus' start time.
import { truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFor, type EnvControls, envControls, pollUntil, testEnv } from "../../scripts/testenv/vitest-env";
import { createBackends } from "../backends/factory";
import type { Container } from "../model/container";
import type { LifecycleResponse } from "../model/lifecycle";
import { millis } from "../model/time";
import { containerLifecycle } from "./lifecycle";

const env = testEnv();
const b = createBackends(configFor(env));
const engine = b.engines[0];
const tag = process.pid;
const N = {
  exit: `lc-exit-${tag}`,
  oom: `lc-oom-${tag}`,
  restart: `lc-restart-${tag}`,
  health: `lc-health-${tag}`,
};
/** Engine times are exact; Prometheus knows start times to the second. */
const TOL_MS = 2500;

let controls: EnvControls;
let podman: (args: string[], opts?: { check?: boolean }) => string;
const t0 = Date.now() - 5000;
const started: string[] = [];

async function inspect(name: string): Promise<Container> {
  const c = await engine?.inspect(name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

async function lifecycle(name: string): Promise<LifecycleResponse> {
  return containerLifecycle(b, await inspect(name), { from: millis(t0), to: millis(Date.now()) }, undefined, []);
}

function run(name: string, script: string, flags: string[] = []) {
  controls.startExtraContainer(name, { script, flags });
  started.push(name);
}

beforeAll(async () => {
  controls = await envControls();
  const lib = (await import(/* @vite-ignore */ new URL("../../scripts/testenv/lib.mjs", import.meta.url).href)) as {
    podman(state: unknown, args: string[], opts?: { check?: boolean }): string;
  };
  const envMod = (await import(/* @vite-ignore */ new URL("../../scripts/testenv/env.mjs", import.meta.url).href)) as {
    readState(): unknown;
  };
  podman = (args, opts) => lib.podman(envMod.readState(), args, opts);
  run(N.exit, "echo bye; sleep 3; exit 3");
  // Fill most of 16 MiB in tmpfs (counted against the cgroup), long enough for a few scrapes, then grow past it.
  run(
    N.oom,
    "head -c 15300000 /dev/zero > /dev/shm/fill; echo filled; sleep 8; x=$(head -c 64000000 /dev/zero | tr '\\0' a); echo survived",
    ["--memory", "16m", "--memory-swap", "16m"],
  );
  run(N.restart, "echo try; sleep 3; exit 5", ["--restart", "on-failure:2"]);
  run(N.health, "while true; do echo alive; sleep 1; done", [
    "--health-cmd",
    "exit 1",
    "--health-interval",
    "60s",
    "--health-retries",
    "1",
  ]);
  // Podman 4.3 runs health checks from systemd timers, absent here: run them by hand.
  await new Promise((r) => setTimeout(r, 2000));
  podman(["healthcheck", "run", N.health], { check: false });
  await new Promise((r) => setTimeout(r, 1500));
  podman(["healthcheck", "run", N.health], { check: false });
  // Let every container finish its story and Prometheus scrape it (2 s interval).
  await pollUntil(
    async () => (await inspect(N.restart)).state,
    (s) => s === "exited",
    { timeoutMs: 40_000, intervalMs: 1000 },
  );
  await pollUntil(
    async () => (await inspect(N.oom)).state,
    (s) => s === "exited",
    { timeoutMs: 30_000, intervalMs: 1000 },
  );
}, 120_000);

afterAll(() => {
  for (const n of started) controls.removeContainer(n);
});

describe("lifecycle on real Podman 4.3", () => {
  it("an exit with a code: die 3 at the engine's FinishedAt, explained as an error exit", async () => {
    const c = await inspect(N.exit);
    const r = await lifecycle(N.exit);
    expect(r.exits).toHaveLength(1);
    const x = r.exits[0];
    expect(x?.exitCode).toBe(3);
    expect(x?.label).toBe("exit 3");
    expect(Math.abs((x?.at ?? 0) - (c.finishedAt ?? 0))).toBeLessThan(TOL_MS);
    expect(r.events.find((e) => e.kind === "exit")?.sources).toContain("podman");
    expect(r.summary.restarts).toBe(0);
    console.log(
      `[events] ${N.exit}:`,
      r.events.map((e) => `${e.kind}${e.exitCode !== undefined ? ` ${e.exitCode}` : ""} [${e.sources}]`).join(", "),
    );
  });

  it("killed for memory: exit 137 (Podman sends no oom event); memory at the limit makes it an OOM kill", async () => {
    const c = await inspect(N.oom);
    const r = await lifecycle(N.oom);
    const x = r.exits.at(-1);
    expect(x?.exitCode).toBe(137);
    expect(Math.abs((x?.at ?? 0) - (c.finishedAt ?? 0))).toBeLessThan(TOL_MS);
    expect(r.events.some((e) => e.kind === "oom")).toBe(false);
    console.log(
      `[events] ${N.oom}:`,
      r.events.map((e) => `${e.kind}${e.exitCode !== undefined ? ` ${e.exitCode}` : ""} [${e.sources}]`).join(", "),
      "|",
      x?.evidence.join("; "),
    );
    expect(x?.evidence.join(" | ")).toMatch(/memory reached 9\d% of its 16\.0 MiB limit/);
    expect(x?.label).toBe("likely OOM killed");
    expect(x?.oom).toBe(true);
  });

  it("a restart policy: three exits with 5, two restarts, starts confirmed by Prometheus' start time", async () => {
    const c = await inspect(N.restart);
    const r = await lifecycle(N.restart);
    console.log(
      `[events] ${N.restart}:`,
      r.events.map((e) => `${e.kind}${e.exitCode !== undefined ? ` ${e.exitCode}` : ""} [${e.sources}]`).join(", "),
    );
    expect(r.exits.map((x) => x.exitCode)).toEqual([5, 5, 5]);
    expect(r.summary.restarts).toBe(2);
    expect(r.summary.text).toBe("restarted 2× in this range, last: exit 5");
    expect(r.events.filter((e) => e.kind === "restart" && e.sources.includes("podman"))).toHaveLength(2);
    // Each restart's start comes right after a restart event, within a second or two.
    for (const at of r.summary.restartsAt) {
      const restartEv = r.events.find((e) => e.kind === "restart" && at - e.at >= 0 && at - e.at < TOL_MS);
      expect(restartEv, `restart event before the start at ${at}`).toBeDefined();
    }
    // Prometheus scraped at least one of the runs (3 s each, scraped every 2 s).
    const seen = r.events.filter((e) => e.kind === "start" && e.sources.includes("prometheus"));
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s.sources).toContain("podman");
    expect(Math.abs((r.exits.at(-1)?.at ?? 0) - (c.finishedAt ?? 0))).toBeLessThan(TOL_MS);
  });

  it("a failing health check: health_status events with Podman's HealthStatus, unhealthy on the timeline", async () => {
    const r = await lifecycle(N.health);
    const h = r.events.filter((e) => e.kind === "health");
    console.log(
      `[events] ${N.health}:`,
      r.events.map((e) => `${e.kind}${e.health ? ` ${e.health}` : ""} [${e.sources}]`).join(", "),
    );
    expect(h.length).toBe(2);
    expect(h.at(-1)?.health).toBe("unhealthy");
    expect(r.exits).toHaveLength(0);
  });

  it("a stop and start of shop-cart-1: die 137 after the stop timeout, the new start seen by engine and Prometheus", async () => {
    const before = Date.now();
    controls.stopContainer("shop-cart-1", { timeoutS: 1 });
    controls.startContainer("shop-cart-1");
    const c = await inspect("shop-cart-1");
    const r = await pollUntil(
      () => containerLifecycle(b, c, { from: millis(before - 1000), to: millis(Date.now()) }, undefined, []),
      (x) => x.events.some((e) => e.kind === "start" && e.sources.includes("prometheus")),
      { timeoutMs: 20_000, intervalMs: 2000 },
    );
    console.log(
      "[events] shop-cart-1:",
      r.events.map((e) => `${e.kind}${e.exitCode !== undefined ? ` ${e.exitCode}` : ""} [${e.sources}]`).join(", "),
    );
    const start = r.events.find((e) => e.kind === "start");
    expect(start?.sources).toEqual(["podman", "prometheus"]);
    expect(Math.abs((start?.at ?? 0) - (c.startedAt ?? 0))).toBeLessThan(TOL_MS);
    const x = r.exits[0];
    expect(x?.exitCode).toBe(137);
    expect(r.summary.restarts).toBe(1);
  }, 60_000);

  // Last: it wipes the engine's event history, as a daemon reset or a rotated events file does.
  it("an engine that forgot: Prometheus' start time still shows the restart, and the gap is said", async () => {
    const before = Date.now();
    controls.stopContainer("shop-frontend-1", { timeoutS: 1 });
    controls.startContainer("shop-frontend-1");
    const c = await inspect("shop-frontend-1");
    const range = () => ({ from: millis(before - 1000), to: millis(Date.now()) });
    await pollUntil(
      () => containerLifecycle(b, c, range(), undefined, []),
      (x) => x.events.some((e) => e.kind === "start" && e.sources.includes("prometheus")),
      { timeoutMs: 20_000, intervalMs: 2000 },
    );
    // Podman reads /events from its events file (events_logger=file): empty it.
    truncateSync(join(env.tmpDir, "libpod-tmp", "events.log"));
    const r = await containerLifecycle(b, c, range(), undefined, []);
    console.log("[events] shop-frontend-1 after the wipe:", r.events.map((e) => `${e.kind} [${e.sources}]`).join(", "));
    const start = r.events.find((e) => e.kind === "start");
    expect(start?.sources).toEqual(["prometheus"]);
    expect(Math.abs((start?.at ?? 0) - (c.startedAt ?? 0))).toBeLessThan(TOL_MS);
    expect(r.events.find((e) => e.kind === "exit")?.reason).toMatch(/^inferred/);
    expect(r.gaps.map((g) => g.kind)).toContain("engine-forgot");
    expect(r.summary.restarts).toBe(1);
  }, 60_000);
});
