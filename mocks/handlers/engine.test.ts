import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { oomKillsIn } from "../world/oom";
import { makeSchedule } from "../world/schedule";
import { DEFAULT_SEED, createWorld } from "../world/world";
import { engineHandlers } from "./engine";

const FIX = fileURLToPath(new URL("../../../shared/fixtures/podman-4.3/", import.meta.url));
const fixture = (p: string): unknown => JSON.parse(readFileSync(`${FIX}${p}`, "utf8"));
const fixtureHeaders = (p: string): string[] =>
  (fixture(p) as { response: { headers: [string, string][] } }).response.headers
    .map(([k]) => k.toLowerCase())
    .filter((k) => !["date", "content-length", "transfer-encoding"].includes(k))
    .sort();

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const BASE = "http://engine.test";
const world = createWorld({ now: () => NOW });
const src = world.engineSource();

/** Key paths with network names normalised ("podman" in the fixtures, "shop_default" here). */
function paths(v: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v && typeof v === "object")
    for (const [k0, x] of Object.entries(v)) {
      const k = prefix.endsWith("Networks") ? "<net>" : k0;
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      paths(x, p, out);
    }
  return out;
}
const sorted = (s: Set<string>) => [...s].sort();

async function call(path: string, flavor: "podman" | "docker" = "podman", method = "GET", source = src) {
  const res = await getResponse(engineHandlers(BASE, source, { flavor }), new Request(`${BASE}${path}`, { method }));
  if (!res) throw new Error(`unhandled ${path}`);
  return res;
}

const payments = () => {
  const c = world.containers().find((x) => x.name === "shop-payments-1");
  if (!c) throw new Error("no payments");
  return c;
};

describe("podman flavour imitates the 4.3 fixtures", () => {
  it("pings with Podman's headers", async () => {
    const r = await call("/_ping");
    expect(await r.text()).toBe("OK");
    expect([...r.headers.keys()].sort()).toEqual(fixtureHeaders("ping.meta.json"));
    const head = await call("/_ping", "podman", "HEAD");
    expect([...head.headers.keys()].sort()).toEqual(fixtureHeaders("ping_head.meta.json"));
  });

  it("lists containers with the compat and libpod shapes", async () => {
    const compat = (await (await call("/v1.41/containers/json?all=true")).json()) as { Names: string[] }[];
    expect(compat).toHaveLength(7);
    const fx = fixture("containers_json_all.json") as unknown[];
    const pay = compat.find((c) => c.Names[0] === "/shop-payments-1");
    expect(sorted(paths(pay))).toEqual(sorted(paths(fx[0])));
    const running = (await (await call("/v1.41/containers/json")).json()) as unknown[];
    expect(running).toHaveLength(6);
    const libpod = (await (await call("/v4.0.0/libpod/containers/json?all=true")).json()) as Record<string, unknown>[];
    const lfx = fixture("libpod_containers_json_all.json") as Record<string, unknown>[];
    const item = libpod.find((c) => (c.Names as string[])[0] === "shop-payments-1");
    expect(Object.keys(item ?? {})).toEqual(Object.keys(lfx[3] ?? {}));
    expect(item?.ExitedAt).toBe(-62135596800);
    expect(item?.Status).toBe("");
    expect(String(item?.Created)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it("filters by label like containers_json_filter_label.json", async () => {
    const f = encodeURIComponent(JSON.stringify({ label: ["com.docker.compose.service=payments"] }));
    const r = (await (await call(`/v1.41/containers/json?filters=${f}`)).json()) as { Id: string; Names: string[] }[];
    expect(r.map((c) => c.Names)).toEqual([["/shop-payments-1"]]);
  });

  it("inspects by full id, short id prefix or name", async () => {
    const c = payments();
    const fx = fixture("container_inspect_payments.json");
    for (const ref of [c.id, c.id.slice(0, 12), c.id.slice(0, 5), c.name, `/${c.name}`]) {
      const r = await call(`/v1.41/containers/${encodeURIComponent(ref)}/json`);
      expect(r.status).toBe(200);
      const j = (await r.json()) as { Id: string; HostConfig: { Memory: number }; Config: { Hostname: string } };
      expect(j.Id).toBe(c.id);
      expect(j.HostConfig.Memory).toBe(256 * 1024 * 1024);
      expect(j.Config.Hostname).toBe(c.id.slice(0, 12));
      const ours = paths(j);
      const missing = sorted(paths(fx)).filter((p) => !ours.has(p) && !p.includes("Ulimits[]"));
      expect(missing).toEqual([]);
    }
  });

  it("answers 404 with cause/message/response", async () => {
    const r = await call("/v1.41/containers/does-not-exist/json");
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual(fixture("error_container_not_found.json"));
  });

  it("sends stats without a Content-Type, in Podman's compat shape", async () => {
    const r = await call(`/v1.41/containers/${payments().id}/stats?stream=false`);
    expect(r.headers.get("content-type")).toBeNull();
    const j = JSON.parse(await r.text()) as { memory_stats: { limit: number }; networks: object };
    expect(sorted(paths(j))).toEqual(sorted(paths(fixture("container_stats_payments.json"))).map((p) => p));
    expect(j.memory_stats.limit).toBe(256 * 1024 * 1024);
    expect(Object.keys(j.networks)).toEqual(["network"]);
    const l = await call(
      "/v4.0.0/libpod/containers/stats?stream=false&containers=shop-frontend-1&containers=shop-payments-1",
    );
    expect(l.headers.get("content-type")).toBeNull();
    const lj = JSON.parse(await l.text()) as { Stats: unknown[] };
    expect(lj.Stats).toHaveLength(2);
    expect(sorted(paths(lj))).toEqual(sorted(paths(fixture("libpod_containers_stats.json"))));
  });

  it("streams logs as multiplexed frames with whole-second timestamps", async () => {
    const r = await call(`/v1.41/containers/${payments().id}/logs?stdout=1&stderr=1&tail=5&timestamps=1`);
    expect(r.headers.get("content-type")).toBe("application/octet-stream");
    const buf = new Uint8Array(await r.arrayBuffer());
    const lines: string[] = [];
    for (let off = 0; off < buf.length; ) {
      expect(buf[off]).toBe(1);
      const len = new DataView(buf.buffer, off + 4, 4).getUint32(0);
      lines.push(new TextDecoder().decode(buf.subarray(off + 8, off + 8 + len)));
      off += 8 + len;
    }
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ .*\n$/);
  });

  it("answers events with an empty body when until is not in the future", async () => {
    const since = Math.floor(NOW / 1000) - 3600;
    const r = await call(`/v1.41/events?since=${since}&until=${Math.floor(NOW / 1000)}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(await r.text()).toBe("");
  });

  it("holds events open until `until` and sends NDJSON like events.ndjson", async () => {
    const t0 = Date.now();
    const moving = createWorld({ now: () => NOW + (Date.now() - t0) }).engineSource();
    const since = Math.floor(NOW / 1000) - 120;
    const r = await call(`/v1.41/events?since=${since}&until=${(NOW + 1200) / 1000}`, "podman", "GET", moving);
    const text = await r.text();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    const events = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.length).toBeGreaterThan(2);
    // Podman 4.3's health_status carries a top-level HealthStatus (recorded in lifecycle.ndjson).
    const recorded = readFileSync(
      new URL("../../lib/backends/engine/__fixtures__/podman-4.3-lifecycle.ndjson", import.meta.url),
      "utf8",
    )
      .split("\n")
      .filter((l) => l.includes('"Action":"health_status"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const fx = recorded[0] ?? {};
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(Object.keys(fx).sort());
    expect(events[0]).toMatchObject({
      Type: "container",
      Action: "health_status",
      scope: "local",
      HealthStatus: "healthy",
    });
    expect(text).toMatch(/"timeNano":\d{19}[,}]/);
  });
});

describe("docker flavour", () => {
  it("differs where Docker differs", async () => {
    const ping = await call("/_ping", "docker");
    expect(ping.headers.get("libpod-api-version")).toBeNull();
    expect(ping.headers.get("server")).toMatch(/^Docker\//);
    const nf = await call("/v1.41/containers/nope/json", "docker");
    expect(await nf.json()).toEqual({ message: "No such container: nope" });
    const list = (await (await call("/v1.41/containers/json", "docker")).json()) as Record<string, unknown>[];
    expect(list[0]).not.toHaveProperty("AdjustCPUShares");
    expect(list[0]).toHaveProperty("HostConfig");
    const stats = (await (
      await call(`/v1.41/containers/${payments().id}/stats?stream=false`, "docker")
    ).json()) as Record<string, unknown>;
    expect(stats).toHaveProperty("id");
    expect(Object.keys(stats.networks as object)).toEqual(["eth0"]);
    expect((await call("/v4.0.0/libpod/containers/json", "docker")).status).toBe(404);
    const since = Math.floor(NOW / 1000) - 3600;
    const ev = await (await call(`/v1.41/events?since=${since}&until=${Math.floor(NOW / 1000)}`, "docker")).text();
    expect(ev.trim().split("\n").length).toBeGreaterThan(100);
    expect(ev).toContain('"Action":"health_status: healthy"');
  });
});

describe("the worker's OOM kill", () => {
  const kill = oomKillsIn(makeSchedule(DEFAULT_SEED), NOW - 3_600_000, NOW)[0];
  type Ev = { Action: string; HealthStatus?: string; Actor: { Attributes: Record<string, string> } };
  const read = async (r: Response) =>
    (await r.text())
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Ev);
  const filters = encodeURIComponent(JSON.stringify({ container: ["shop-worker-1"] }));

  it("happens once in every hour: oom, die 137 and start from Docker", async () => {
    if (!kill) throw new Error("no kill in the last hour");
    const since = Math.floor(kill.killMs / 1000) - 5;
    const until = Math.floor(kill.restartMs / 1000) + 5;
    const evs = await read(await call(`/v1.41/events?since=${since}&until=${until}&filters=${filters}`, "docker"));
    expect(evs.map((e) => e.Action)).toEqual(["oom", "die", "start"]);
    expect(evs[1]?.Actor.Attributes.exitCode).toBe("137");
  });

  it("Podman has no oom event: die 137 (exitCode and containerExitCode), then start", async () => {
    if (!kill) throw new Error("no kill in the last hour");
    const t0 = Date.now();
    const moving = createWorld({ now: () => NOW + (Date.now() - t0) }).engineSource();
    const since = Math.floor(kill.killMs / 1000) - 5;
    const r = await call(
      `/v1.41/events?since=${since}&until=${(NOW + 1100) / 1000}&filters=${filters}`,
      "podman",
      "GET",
      moving,
    );
    const evs = (await read(r)).filter((e) => e.Action !== "health_status");
    expect(evs.map((e) => e.Action)).toEqual(["die", "start"]);
    expect(evs[0]?.Actor.Attributes).toMatchObject({ exitCode: "137", containerExitCode: "137" });
  });

  it("the engine list says the worker restarted, started at the restart", () => {
    const worker = world.containers().find((c) => c.name === "shop-worker-1");
    expect(worker?.restartCount).toBeGreaterThan(0);
    expect(worker?.startedMs).toBe(kill?.restartMs);
    expect(worker?.memoryLimitBytes).toBe(256 * 1024 * 1024);
  });
});

describe("generate kube", () => {
  it("Podman answers YAML as application/x-tar like 4.3, an unknown name a 500; Docker has no such route", async () => {
    const r = await call("/v4.0.0/libpod/generate/kube?names=shop-payments-1");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/x-tar");
    const yaml = await r.text();
    const recorded = readFileSync(
      new URL("../../lib/backends/engine/__fixtures__/podman-4.3-generate-kube-web1.yaml", import.meta.url),
      "utf8",
    );
    expect(yaml.split("\n").slice(0, 6)).toEqual(recorded.split("\n").slice(0, 6));
    expect(yaml).toContain("  name: shop-payments-1-pod");
    expect(yaml).toContain(`        memory: ${256 * 1024 * 1024}`);
    const nf = await call("/v4.0.0/libpod/generate/kube?names=nope");
    expect(nf.status).toBe(500);
    expect(await nf.json()).toMatchObject({ cause: 'name or ID "nope" not found', response: 500 });
    expect((await call("/v4.0.0/libpod/generate/kube?names=shop-payments-1", "docker")).status).toBe(404);
  });
});
