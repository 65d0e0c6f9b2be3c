import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { millis } from "../../model/time";
import { parseWith } from "../zod-error";
import { parseEvents } from "./events";
import {
  errorBodySchema,
  inspectSchema,
  libpodListSchema,
  libpodStatsSchema,
  listSchema,
  statsSchema,
  versionSchema,
} from "./schemas";
import { fromInspect, fromLibpodItem, fromListItem, type MapContext, toStats } from "./to-model";

const FIX = new URL("../../../../shared/fixtures/podman-4.3/", import.meta.url);
const text = (name: string) => readFileSync(new URL(name, FIX), "utf8");
const load = (name: string): unknown => JSON.parse(text(name));

const PODMAN: MapContext = { engine: "podman", host: "/run/podman/podman.sock" };
const DOCKER: MapContext = { engine: "docker", host: "/var/run/docker.sock" };
const PAYMENTS = "30d8c784ea3faa934ab3758eddc153fc88b24e01e137ffeb1389ec2083c1c43c";
const NOW = millis(1795300700000);

function catchErr(f: () => unknown): BackendError {
  try {
    f();
  } catch (e) {
    if (e instanceof BackendError) return e;
    throw e;
  }
  throw new Error("expected a BackendError");
}

describe("podman-4.3 fixtures", () => {
  it("containers_json_all.json: compat list, names without '/', Created seconds, compose labels", () => {
    const cs = parseWith("engine", "list", listSchema, load("containers_json_all.json")).map((c) =>
      fromListItem(c, PODMAN),
    );
    expect(cs.map((c) => c.name)).toEqual(["shop-payments-1", "web1", "shop-frontend-1", "shop-cart-1"]);
    expect(cs[0]).toEqual({
      id: PAYMENTS,
      shortId: "30d8c784ea3f",
      name: "shop-payments-1",
      engine: "podman",
      host: "/run/podman/podman.sock",
      image: "localhost/bb:latest",
      state: "running",
      status: "Up 4 minutes",
      createdAt: 1795300314000,
      exitCode: undefined,
      labels: {
        "com.docker.compose.container-number": "1",
        "com.docker.compose.oneoff": "False",
        "com.docker.compose.project": "shop",
        "com.docker.compose.service": "payments",
        "com.docker.compose.version": "2.24.6",
        "org.opencontainers.image.title": "shop-payments",
      },
      compose: { project: "shop", service: "payments" },
      pod: undefined,
      source: "engine",
    });
    expect(cs[1]?.compose).toEqual({ project: "shop", service: "web" });
  });

  it("containers_json_filter_label.json: the one payments container", () => {
    const cs = parseWith("engine", "list", listSchema, load("containers_json_filter_label.json"));
    expect(cs.map((c) => fromListItem(c, PODMAN).compose?.service)).toEqual(["payments"]);
  });

  it("libpod_containers_json_all.json: RFC3339 Created, StartedAt seconds, Go zero ExitedAt, empty pod", () => {
    const cs = parseWith("engine", "libpod list", libpodListSchema, load("libpod_containers_json_all.json")).map((c) =>
      fromLibpodItem(c, PODMAN),
    );
    expect(cs.map((c) => c.name)).toEqual(["web1", "shop-frontend-1", "shop-cart-1", "shop-payments-1"]);
    const web = cs[0];
    expect(web).toMatchObject({
      id: "4cf251ecf139dfb42d1eb85ed925855cea7019a6afd34f27500e6bb31cc7f735",
      shortId: "4cf251ecf139",
      state: "running",
      status: undefined, // libpod sends "" here
      createdAt: Date.parse("2026-11-21T22:23:28.743Z"),
      startedAt: 1795299808000,
      finishedAt: undefined,
      exitCode: undefined,
      pod: undefined,
      compose: { project: "shop", service: "web" },
    });
  });

  it("libpod list: pod fields, and exit data only for stopped containers", () => {
    const [c] = parseWith("engine", "libpod list", libpodListSchema, [
      {
        Id: "a".repeat(64),
        Names: ["job"],
        State: "exited",
        Exited: true,
        ExitCode: 3,
        ExitedAt: 1795300000,
        StartedAt: 1795299000,
        Created: 1795298000,
        Pod: "959a0a3530db",
        PodName: "mypod",
        Labels: null,
      },
    ]);
    if (!c) throw new Error("no item");
    expect(fromLibpodItem(c, PODMAN)).toMatchObject({
      state: "exited",
      exitCode: 3,
      finishedAt: 1795300000000,
      createdAt: 1795298000000,
      pod: { name: "mypod", id: "959a0a3530db" },
      labels: {},
    });
  });

  it("container_inspect_payments.json: hostname, memory limit, RFC3339Nano times, zero FinishedAt", () => {
    const c = fromInspect(
      parseWith("engine", "inspect", inspectSchema, load("container_inspect_payments.json")),
      PODMAN,
    );
    expect(c).toMatchObject({
      id: PAYMENTS,
      name: "shop-payments-1",
      image: "localhost/bb:latest", // Config.Image, not the sha256 in Image
      state: "running",
      createdAt: Date.parse("2026-11-21T22:31:54.048Z"),
      startedAt: Date.parse("2026-11-21T22:31:54.151Z"),
      finishedAt: undefined,
      exitCode: undefined,
      hostname: "payments",
      restartCount: 0,
      limits: { memoryBytes: 67108864 },
      compose: { project: "shop", service: "payments" },
    });
  });

  it("container_stats_payments.json: no memory breakdown, networks keyed 'network', CPU seconds", () => {
    const s = toStats(parseWith("engine", "stats", statsSchema, load("container_stats_payments.json")), NOW);
    expect(s).toEqual({
      at: Date.parse("2026-11-21T22:36:43.872Z"),
      cpuSeconds: 0.948751677,
      memoryBytes: 4796416,
      memoryLimitBytes: 67108864,
      networkRxBytes: 936,
      networkTxBytes: 2506,
      pids: 2,
    });
  });

  it("libpod_containers_stats.json: accepted by the libpod stats schema", () => {
    const s = parseWith("engine", "libpod stats", libpodStatsSchema, load("libpod_containers_stats.json"));
    expect(s.Stats?.map((x) => [x.Name, x.CPUNano, x.MemUsage])).toEqual([
      ["shop-frontend-1", 710461650, 512000],
      ["shop-cart-1", 68295372550, 1081344],
      ["shop-payments-1", 948751677, 4796416],
    ]);
  });

  it("error_container_not_found.json: Podman's {cause,message,response}", () => {
    expect(errorBodySchema.parse(load("error_container_not_found.json"))).toMatchObject({
      cause: "no such container",
      message: 'no container with name or ID "does-not-exist" found: no such container',
      response: 404,
    });
  });

  it("events.ndjson: container events only, Podman action names mapped to Docker's", () => {
    const evs = parseEvents(text("events.ndjson"), "events");
    expect(evs).toHaveLength(18); // 20 lines, 2 of them image pulls
    expect(evs.map((e) => e.action).slice(0, 10)).toEqual([
      "exec",
      "exec_died",
      "exec_died",
      "create",
      "init",
      "start",
      "attach",
      "die",
      "destroy", // Podman compat says "remove"
      "exec",
    ]);
    expect(evs[3]).toMatchObject({
      containerId: "9f79553550c2ce81148175d17111d94b09f9811a3144fe395cfa8553d59e1aba",
      name: "shop-migrate-run-1",
      at: 1795300604081.7307, // 1795300604081730795 ns as a double
    });
    expect(evs[3]?.attributes["com.docker.compose.service"]).toBe("migrate");
  });

  it("events_since_until_now.ndjson: an empty body is no events", () => {
    expect(text("events_since_until_now.ndjson")).toBe("");
    expect(parseEvents(text("events_since_until_now.ndjson"), "events")).toEqual([]);
  });

  it("version.json: Podman components", () => {
    const v = parseWith("engine", "version", versionSchema, load("version.json"));
    expect([v.Version, v.ApiVersion, v.Components?.[0]?.Name]).toEqual(["4.3.1", "1.41", "Podman Engine"]);
  });
});

describe("Docker-shaped responses (hand-written from APIS.md §5)", () => {
  const ID = "aa86eacf".padEnd(64, "0");

  it("list: leading '/', link aliases, Created number, exit code from the status line, k8s pod labels", () => {
    const [c] = parseWith("engine", "list", listSchema, [
      {
        Id: ID,
        Names: ["/other/web-alias", "/shop-web-1"],
        Image: "nginx:1.27",
        ImageID: "sha256:abc",
        Command: "nginx -g 'daemon off;'",
        Created: 1739811096,
        State: "exited",
        Status: "Exited (137) 5 minutes ago",
        Labels: { "io.kubernetes.pod.name": "web-0", "io.kubernetes.pod.namespace": "shop" },
        Ports: [],
      },
    ]);
    if (!c) throw new Error("no item");
    expect(fromListItem(c, DOCKER)).toMatchObject({
      name: "shop-web-1",
      engine: "docker",
      createdAt: 1739811096000,
      state: "exited",
      exitCode: 137,
      pod: { name: "web-0", namespace: "shop" },
      compose: undefined,
    });
  });

  it("inspect: exited with exit code and finish time; NanoCpus or CpuQuota/CpuPeriod", () => {
    const body = {
      Id: ID,
      Name: "/shop-web-1",
      Created: "2025-02-17T16:51:36.123456789Z",
      Image: "sha256:abc",
      State: {
        Status: "exited",
        Running: false,
        ExitCode: 137,
        StartedAt: "2025-02-17T16:51:37.5Z",
        FinishedAt: "2025-02-18T08:00:00.25Z",
      },
      Config: { Image: "nginx:1.27", Hostname: "aa86eacf0000", Labels: {} },
      HostConfig: { Memory: 0, NanoCpus: 1500000000, CpuQuota: 0, CpuPeriod: 0 },
      RestartCount: 2,
    };
    const c = fromInspect(parseWith("engine", "inspect", inspectSchema, body), DOCKER);
    expect(c).toMatchObject({
      name: "shop-web-1",
      image: "nginx:1.27",
      exitCode: 137,
      finishedAt: Date.parse("2025-02-18T08:00:00.25Z"),
      hostname: "aa86eacf0000",
      restartCount: 2,
      limits: { cpus: 1.5 },
    });
    const quota = { ...body, HostConfig: { Memory: 268435456, NanoCpus: 0, CpuQuota: 50000, CpuPeriod: 100000 } };
    expect(fromInspect(parseWith("engine", "inspect", inspectSchema, quota), DOCKER).limits).toEqual({
      memoryBytes: 268435456,
      cpus: 0.5,
    });
  });

  it("stats: `id` key, working set = usage − inactive_file, all interfaces summed", () => {
    const body = {
      read: "2025-02-18T08:00:00.123456789Z",
      preread: "2025-02-18T07:59:59.1Z",
      id: ID,
      name: "/shop-web-1",
      cpu_stats: {
        cpu_usage: { total_usage: 2500000000, usage_in_kernelmode: 1, usage_in_usermode: 2 },
        system_cpu_usage: 9e12,
        online_cpus: 4,
      },
      precpu_stats: { cpu_usage: { total_usage: 2400000000 } },
      memory_stats: { usage: 104857600, limit: 2147483648, stats: { inactive_file: 31457280, active_file: 1 } },
      networks: { eth0: { rx_bytes: 100, tx_bytes: 200 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      pids_stats: { current: 7 },
    };
    expect(toStats(parseWith("engine", "stats", statsSchema, body), NOW)).toEqual({
      at: Date.parse("2025-02-18T08:00:00.123Z"),
      cpuSeconds: 2.5,
      memoryBytes: 73400320,
      memoryLimitBytes: 2147483648,
      networkRxBytes: 101,
      networkTxBytes: 202,
      pids: 7,
    });
    // cgroup v1 reports total_inactive_file; stopped containers send a zero `read`.
    const v1 = {
      ...body,
      read: "0001-01-01T00:00:00Z",
      memory_stats: { usage: 1000, stats: { total_inactive_file: 400, cache: 900 } },
    };
    expect(toStats(parseWith("engine", "stats", statsSchema, v1), NOW)).toMatchObject({ at: NOW, memoryBytes: 600 });
  });

  it("events: 'health_status: healthy' splits into action and detail; legacy lines without Type", () => {
    const nd = [
      '{"Type":"container","Action":"health_status: healthy","Actor":{"ID":"abc","Attributes":{"name":"shop-web-1"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}',
      '{"status":"die","id":"def","from":"nginx","time":1700000001}',
      '{"Type":"network","Action":"connect","Actor":{"ID":"net1"},"time":1700000002}',
      "",
    ].join("\n");
    expect(parseEvents(nd, "events")).toEqual([
      {
        at: 1700000000123.4568,
        containerId: "abc",
        name: "shop-web-1",
        action: "health_status",
        attributes: { name: "shop-web-1", "action.detail": "healthy" },
      },
      { at: 1700000001000, containerId: "def", name: undefined, action: "die", attributes: {} },
    ]);
  });
});

describe("malformed engine responses", () => {
  it("a list item without Id names engine and the path", () => {
    const bad = load("containers_json_all.json");
    if (!Array.isArray(bad)) throw new Error("fixture");
    const err = catchErr(() =>
      parseWith("engine", "GET /v1.41/containers/json", listSchema, [bad[0], { Names: ["/x"] }]),
    );
    expect(err.message).toMatch(/^engine: GET \/v1\.41\/containers\/json: unexpected response at 1\.Id: /);
  });

  it("stats with a string total_usage", () => {
    const err = catchErr(() =>
      parseWith("engine", "stats", statsSchema, { cpu_stats: { cpu_usage: { total_usage: "948751677" } } }),
    );
    expect(err.message).toContain("engine: stats: unexpected response at cpu_stats.cpu_usage.total_usage");
  });

  it("a broken NDJSON line names the line", () => {
    const err = catchErr(() =>
      parseEvents('{"Type":"container","Actor":{"ID":"a"},"time":1}\n{"Type":', "GET /v1.41/events"),
    );
    expect(err.kind).toBe("parse");
    expect(err.message).toMatch(/^engine: GET \/v1\.41\/events line 2: expected JSON/);
    const err2 = catchErr(() => parseEvents('{"Type":"container","Actor":{"ID":7}}', "GET /v1.41/events"));
    expect(err2.message).toContain("line 1: unexpected response at Actor.ID");
  });
});
