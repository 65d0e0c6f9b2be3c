// The whole lifecycle chain on the demo world over real HTTP: the worker's hourly OOM kill
// must come back as a restart with an explanation, its evidence and its last log lines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServers, type MockServers } from "../../mocks/server/start";
import { lastOomKill } from "../../mocks/world/oom";
import { makeSchedule } from "../../mocks/world/schedule";
import { createWorld, DEFAULT_SEED } from "../../mocks/world/world";
import { type Backends, createBackends } from "../backends/factory";
import { getConfig } from "../config";
import type { Container } from "../model/container";
import type { LifecycleResponse } from "../model/lifecycle";
import { millis } from "../model/time";
import { containerLifecycle, type LifecycleSource } from "./lifecycle";

let servers: MockServers;
let b: Backends;
let worker: Container;
const world = createWorld();

async function setup(flavor: "podman" | "docker") {
  servers = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    engine: world.engineSource(),
    engineFlavor: flavor,
  });
  const u = servers.urls;
  const cfg = getConfig();
  b = createBackends({
    ...cfg,
    demo: false,
    prometheus: { url: u.prometheus ?? "", timeoutMs: 15_000, auth: { headers: {} } },
    loki: { url: u.loki ?? "", timeoutMs: 15_000, auth: { headers: {} } },
    jaeger: undefined,
    engines: [{ raw: u.engine ?? "", baseUrl: u.engine ?? "" }],
  });
  const engine = b.engines[0];
  const found = (await engine?.list())?.find((c) => c.name === "shop-worker-1");
  if (!found) throw new Error("no worker");
  worker = { ...found, ...(await engine?.inspect(found.id)) };
}

const hour = () => ({ from: millis(Date.now() - 3_600_000), to: millis(Date.now()) });
const kill = () => lastOomKill(makeSchedule(DEFAULT_SEED), Date.now());

describe("containerLifecycle on the demo world (Podman flavour)", () => {
  let r: LifecycleResponse;
  beforeAll(async () => {
    await setup("podman");
    r = await containerLifecycle(b, worker, hour(), undefined, []);
  }, 30_000);
  afterAll(() => servers.close());

  it("finds the OOM kill from exit 137 and memory at the limit (Podman sends no oom event)", () => {
    const x = r.exits.at(-1);
    expect(Math.floor(x?.at ?? 0)).toBe(kill().killMs);
    expect(x?.exitCode).toBe(137);
    expect(x?.label).toBe("likely OOM killed");
    expect(x?.evidence.join(" | ")).toMatch(/memory reached (9\d|100)% of its 256 MiB limit/);
    expect(Math.floor(x?.restartedAt ?? 0)).toBe(kill().restartMs);
  });

  it("the restart is seen by the engine and by Prometheus' start time", () => {
    const start = r.events.find((e) => e.kind === "start" && Math.abs(e.at - kill().restartMs) < 1500);
    expect(start?.sources).toEqual(["podman", "prometheus"]);
    expect(r.summary.restarts).toBe(1);
    expect(r.summary.text).toBe("restarted 1× in this range, last: likely OOM killed");
    expect(r.summary.last?.href).toMatch(/^\/containers\/shop-worker-1\?from=\d+&to=\d+$/);
  });

  it("the last log lines before the exit, oldest first, and a link to them", () => {
    const x = r.exits.at(-1);
    const lines = x?.lastLogs ?? [];
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => /WARNING worker\.consumer: memory high rss_mib=255/.test(l.line))).toBe(true);
    expect(lines.every((l, i) => i === 0 || BigInt(lines[i - 1]?.ts ?? 0) < BigInt(l.ts))).toBe(true);
    expect(BigInt(lines.at(-1)?.ts ?? 0) / 1_000_000n).toBeLessThanOrEqual(BigInt(kill().killMs));
    expect(x?.logsHref).toMatch(/tab=logs/);
    expect(r.errors).toEqual([]);
  });

  it("a registered source's events merge in, and a failing one is listed without blanking the rest", async () => {
    const k8s: LifecycleSource = {
      name: "kubernetes",
      covers: () => true,
      events: async () => ({
        events: [{ at: millis(kill().killMs + 300), kind: "exit", sources: ["kubernetes"], reason: "OOMKilled" }],
      }),
    };
    const broken: LifecycleSource = {
      name: "kubernetes",
      covers: () => true,
      events: () => Promise.reject(new Error("403")),
    };
    const withK8s = await containerLifecycle(b, worker, hour(), undefined, [k8s]);
    expect(withK8s.exits.at(-1)).toMatchObject({ label: "OOM killed", oom: true });
    const withBroken = await containerLifecycle(b, worker, hour(), undefined, [broken]);
    expect(withBroken.errors).toEqual([{ source: "kubernetes", message: "403" }]);
    expect(withBroken.exits).toHaveLength(1);
  }, 30_000);
});

describe("containerLifecycle on the demo world (Docker flavour)", () => {
  beforeAll(() => setup("docker"), 30_000);
  afterAll(() => servers.close());

  it("Docker's oom event makes it a certain OOM kill", async () => {
    const r = await containerLifecycle(b, worker, hour(), undefined, []);
    expect(r.events.filter((e) => Math.abs(e.at - kill().killMs) < 100).map((e) => e.kind)).toEqual(["oom", "exit"]);
    expect(r.exits.at(-1)).toMatchObject({ label: "OOM killed", oom: true, exitCode: 137 });
  }, 30_000);
});
