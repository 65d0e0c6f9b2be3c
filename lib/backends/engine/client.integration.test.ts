// The engine adapter against the real Podman 4.3 API service of scripts/testenv: detection,
// list/inspect/stats through libpod + compat, and a container started and stopped mid-test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  containerId,
  type EnvControls,
  engineEndpoint,
  engineFor,
  envControls,
  pollUntil,
  SHOP_NAMES,
  testEnv,
} from "../../../scripts/testenv/vitest-env";
import { COMPOSE_PROJECT, COMPOSE_SERVICE } from "../../model/container";
import { millis } from "../../model/time";

const env = testEnv();
const engine = engineFor(env);
// Unique per run: a leftover of a killed run must not collide with this one.
const EXTRA = `shop-itest-${process.pid}`;

let controls: EnvControls;
let extraStarted = false;

beforeAll(async () => {
  controls = await envControls();
});

afterAll(() => {
  if (extraStarted) controls.removeContainer(EXTRA);
});

describe("engine adapter on real Podman", () => {
  it("ENGINE_URLS=unix://… parses to the environment's socket path", () => {
    const ep = engineEndpoint(env);
    expect(ep).toEqual({ raw: env.engineUrl, socketPath: env.podman.socket });
    expect(engine.endpoint).toBe(env.podman.socket);
  });

  it("info() detects Podman 4.3", async () => {
    const info = await engine.info();
    expect(info.kind).toBe("podman");
    expect(info.version).toMatch(/^4\.3\./);
    expect(info.endpoint).toBe(env.podman.socket);
  });

  it("list() has the four shop containers, running, with compose labels", async () => {
    const list = await engine.list();
    for (const name of SHOP_NAMES) {
      const c = list.find((x) => x.name === name);
      expect(c, name).toBeDefined();
      expect(c?.id).toBe(containerId(env, name));
      expect(c?.state).toBe("running");
      expect(c?.engine).toBe("podman");
      expect(c?.labels[COMPOSE_PROJECT]).toBe("shop");
      expect(c?.compose?.project).toBe("shop");
    }
    expect(list.find((x) => x.name === "shop-cart-1")?.labels[COMPOSE_SERVICE]).toBe("cart");
  });

  it("inspect() of shop-payments-1 has the 64 MiB limit and its hostname", async () => {
    const c = await engine.inspect("shop-payments-1");
    expect(c).toBeDefined();
    expect(c?.limits?.memoryBytes).toBe(64 * 1024 * 1024);
    // The env runs it with --hostname payments, as compose does (service name, not the short id).
    expect(c?.hostname).toBe("payments");
    expect(c?.shortId).toBe(containerId(env, "shop-payments-1").slice(0, 12));
    expect(c?.startedAt).toBeGreaterThan(0);
    // By short id too, as the UI links do.
    expect((await engine.inspect(c?.shortId ?? ""))?.name).toBe("shop-payments-1");
  });

  it("inspect() of an unknown container is undefined, not an error", async () => {
    expect(await engine.inspect("no-such-container-xyz")).toBeUndefined();
  });

  it("stats() of a running container has CPU time and memory", async () => {
    const s = await engine.stats("shop-cart-1");
    expect(s.cpuSeconds).toBeGreaterThan(0);
    expect(s.memoryBytes).toBeGreaterThan(0);
    expect(Math.abs(s.at - Date.now())).toBeLessThan(60_000);
    const p = await engine.stats("shop-payments-1");
    expect(p.memoryLimitBytes).toBe(64 * 1024 * 1024);
    expect(p.memoryBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});

describe("engine adapter sees changes made during the test", () => {
  let since = 0;
  let extraId = "";

  it("a container started now is listed and has a start event", async () => {
    // Podman's events carry whole seconds in `time`: start the window a second early.
    since = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const started = controls.startExtraContainer(EXTRA, { service: "itest" });
    extraStarted = true;
    extraId = started.id;

    const listed = (await engine.list()).find((c) => c.name === EXTRA);
    expect(listed?.id).toBe(extraId);
    expect(listed?.state).toBe("running");
    expect(listed?.compose).toEqual({ project: "shop", service: "itest" });

    // The event log is written asynchronously: poll briefly instead of trusting one read.
    const events = await pollUntil(
      () => engine.events(millis(since), millis(Date.now())),
      (evs) => evs.some((e) => e.containerId === extraId && e.action === "start"),
      { timeoutMs: 15_000 },
    );
    const start = events.find((e) => e.containerId === extraId && e.action === "start");
    expect(start, JSON.stringify(events.map((e) => [e.name, e.action]))).toBeDefined();
    expect(start?.name).toBe(EXTRA);
    expect(start?.at).toBeGreaterThanOrEqual(since);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
  });

  it("a container stopped now is exited in list() and inspect(), with a die event", async () => {
    expect(extraId).not.toBe("");
    const stopAt = Math.floor(Date.now() / 1000) * 1000 - 1000;
    controls.stopContainer(EXTRA, { timeoutS: 1 });

    const listed = (await engine.list()).find((c) => c.id === extraId);
    expect(listed?.state).toBe("exited");
    const inspected = await engine.inspect(EXTRA);
    expect(inspected?.state).toBe("exited");
    // The shell ignores SIGTERM, so podman kills it after the 1 s timeout: 128 + 9.
    expect(inspected?.exitCode).toBe(137);
    expect(inspected?.finishedAt).toBeGreaterThanOrEqual(stopAt);

    const events = await pollUntil(
      () => engine.events(millis(stopAt), millis(Date.now())),
      (evs) => evs.some((e) => e.containerId === extraId && e.action === "die"),
      { timeoutMs: 15_000 },
    );
    expect(events.filter((e) => e.containerId === extraId).map((e) => e.action)).toContain("die");
  });

  it("the shop containers kept running meanwhile", async () => {
    const list = await engine.list();
    for (const name of SHOP_NAMES) expect(list.find((c) => c.name === name)?.state, name).toBe("running");
  });
});
