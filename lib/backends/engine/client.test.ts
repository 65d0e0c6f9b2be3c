import { readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { EngineEndpoint } from "../../config";
import { BackendError } from "../../model/errors";
import { millis } from "../../model/time";
import { createEngineBackend } from "./client";

const FIX = new URL("../../../../shared/fixtures/podman-4.3/", import.meta.url);
const PAYMENTS = "30d8c784ea3faa934ab3758eddc153fc88b24e01e137ffeb1389ec2083c1c43c";
/** The recording machine's clock when events_since_until_now was taken (until = now). */
const RECORDED_NOW_S = 1795300632;
const OPTS = { timeoutMs: 2000, maxBytes: 1 << 20 };

const metaSchema = z.object({
  response: z.object({
    status: z.number(),
    headers: z.array(z.tuple([z.string(), z.string()])),
    body_file: z.string().nullable(),
  }),
});

function meta(name: string) {
  const raw: unknown = JSON.parse(readFileSync(new URL(`${name}.meta.json`, FIX), "utf8"));
  const r = metaSchema.parse(raw).response;
  return { status: r.status, headers: r.headers, bodyFile: r.body_file };
}

/** Writes the recorded status, headers (framing headers left to node) and body of a fixture. */
function replay(res: http.ServerResponse, name: string, head = false) {
  const m = meta(name);
  const headers = m.headers.filter(([k]) => !/^(transfer-encoding|content-length|date)$/i.test(k));
  res.writeHead(m.status, Object.fromEntries(headers));
  res.end(head || !m.bodyFile ? undefined : readFileSync(new URL(m.bodyFile, FIX)));
}

const PAYMENTS_REFS = new Set([PAYMENTS, PAYMENTS.slice(0, 12), "shop-payments-1"]);

/** Podman 4.3 as recorded: every route answers from a fixture with its recorded headers. */
function podmanHandler(seen: URL[]): http.RequestListener {
  return (req, res) => {
    const u = new URL(req.url ?? "/", "http://d");
    seen.push(u);
    const p = u.pathname;
    const ref = /^\/v1\.41\/containers\/([^/]+)\/(json|stats)$/.exec(p);
    if (p === "/_ping") return replay(res, req.method === "HEAD" ? "ping_head" : "ping", req.method === "HEAD");
    if (p === "/v1.41/version") return replay(res, "version");
    if (p === "/v4.0.0/libpod/containers/json") return replay(res, "libpod_containers_json_all");
    if (p === "/v1.41/containers/json")
      return replay(res, u.searchParams.has("filters") ? "containers_json_filter_label" : "containers_json_all");
    if (ref?.[1] && PAYMENTS_REFS.has(decodeURIComponent(ref[1])))
      return replay(res, ref[2] === "json" ? "container_inspect_payments" : "container_stats_payments");
    if (ref) return replay(res, "error_container_not_found");
    if (p === "/v1.41/events")
      return replay(res, Number(u.searchParams.get("until")) > RECORDED_NOW_S ? "events" : "events_since_until_now");
    res.writeHead(404).end();
  };
}

async function listen(server: http.Server, where: string | number): Promise<void> {
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    if (typeof where === "string") server.listen(where, ok);
    else server.listen(where, "127.0.0.1", ok);
  });
}

const sockPath = path.join(os.tmpdir(), `sightline-engine-${process.pid}-${Date.now()}.sock`);
const seen: URL[] = [];
const sockServer = http.createServer(podmanHandler(seen));
const tcpServer = http.createServer(podmanHandler(seen));
let tcpPort = 0;

beforeAll(async () => {
  await listen(sockServer, sockPath);
  await listen(tcpServer, 0);
  tcpPort = (tcpServer.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((ok) => sockServer.close(ok));
  await new Promise((ok) => tcpServer.close(ok));
  rmSync(sockPath, { force: true });
});

const endpoints: [string, () => EngineEndpoint][] = [
  ["unix socket", () => ({ raw: `unix://${sockPath}`, socketPath: sockPath })],
  ["TCP", () => ({ raw: `http://127.0.0.1:${tcpPort}`, baseUrl: `http://127.0.0.1:${tcpPort}` })],
];

describe.each(endpoints)("Podman replay over %s", (_label, ep) => {
  const pinned = () => RECORDED_NOW_S * 1000;

  it("info(): Libpod-Api-Version on /_ping ⇒ podman; cached", async () => {
    const e = createEngineBackend(ep(), OPTS);
    const before = seen.filter((u) => u.pathname === "/_ping").length;
    const info = await e.info();
    expect(info).toEqual({ kind: "podman", version: "4.3.1", apiVersion: "1.41", endpoint: e.endpoint });
    await e.info();
    expect(seen.filter((u) => u.pathname === "/_ping").length).toBe(before + 1);
    expect(e.endpoint).toBe(ep().socketPath ?? `127.0.0.1:${tcpPort}`);
  });

  it("list(): the libpod list, with host = endpoint display name", async () => {
    const e = createEngineBackend(ep(), OPTS);
    const cs = await e.list();
    expect(seen.at(-1)?.pathname).toBe("/v4.0.0/libpod/containers/json");
    expect(seen.at(-1)?.searchParams.get("all")).toBe("true");
    expect(cs.map((c) => [c.name, c.engine, c.host, c.startedAt !== undefined])).toEqual([
      ["web1", "podman", e.endpoint, true],
      ["shop-frontend-1", "podman", e.endpoint, true],
      ["shop-cart-1", "podman", e.endpoint, true],
      ["shop-payments-1", "podman", e.endpoint, true],
    ]);
  });

  it("inspect(): full id, short id, name and '/name' resolve; unknown → undefined", async () => {
    const e = createEngineBackend(ep(), OPTS);
    for (const ref of [PAYMENTS, "30d8c784ea3f", "shop-payments-1", "/shop-payments-1"]) {
      const c = await e.inspect(ref);
      expect(c).toMatchObject({ id: PAYMENTS, name: "shop-payments-1", hostname: "payments", engine: "podman" });
    }
    expect(await e.inspect("does-not-exist")).toBeUndefined();
    expect(await e.inspect("  ")).toBeUndefined();
  });

  it("stats(): body without Content-Type still parses", async () => {
    const e = createEngineBackend(ep(), OPTS);
    const s = await e.stats("shop-payments-1");
    expect(s).toMatchObject({ cpuSeconds: 0.948751677, memoryBytes: 4796416, networkRxBytes: 936, pids: 2 });
    const u = seen.at(-1);
    expect([u?.searchParams.get("stream"), u?.searchParams.get("one-shot")]).toEqual(["false", "true"]);
    await expect(e.stats("nope")).rejects.toMatchObject({ backend: "engine", kind: "not-found", status: 404 });
    await expect(e.stats("nope")).rejects.toThrow('HTTP 404: no container with name or ID "does-not-exist" found');
  });

  it("events(): Podman gets `until` a little in the future, the result is trimmed to the window", async () => {
    const e = createEngineBackend(ep(), { ...OPTS, now: pinned });
    const evs = await e.events(millis(1795300572000), millis(1795300629000));
    const u = seen.at(-1);
    expect(u?.searchParams.get("since")).toBe("1795300572");
    expect(Number(u?.searchParams.get("until"))).toBeGreaterThan(RECORDED_NOW_S);
    expect(JSON.parse(u?.searchParams.get("filters") ?? "null")).toEqual({ type: ["container"] });
    // The second exec round starts at 629.9 s: outside the window.
    expect(evs.map((x) => x.action)).toEqual([
      "exec",
      "exec_died",
      "exec_died",
      "create",
      "init",
      "start",
      "attach",
      "die",
      "destroy",
    ]);
    expect(evs.every((x, i) => i === 0 || (evs[i - 1]?.at ?? 0) <= x.at)).toBe(true);
  });
});

describe("a Docker engine (hand-written answers from APIS.md §5)", () => {
  const ID = "aa86eacf".padEnd(64, "1");
  let server: http.Server;
  let ep: EngineEndpoint;
  const auth: (string | undefined)[] = [];
  const asked: URL[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://d");
      asked.push(u);
      auth.push(req.headers.authorization);
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "Content-Type": "application/json", "Api-Version": "1.47" }).end(JSON.stringify(body));
      if (u.pathname === "/_ping")
        return res.writeHead(200, { "Api-Version": "1.47", "Content-Type": "text/plain" }).end("OK");
      if (u.pathname === "/v1.41/version")
        return json(200, {
          Version: "27.3.1",
          ApiVersion: "1.47",
          Components: [{ Name: "Engine", Version: "27.3.1" }],
        });
      if (u.pathname === "/v1.41/containers/json")
        return json(200, [
          {
            Id: ID,
            Names: ["/shop-web-1"],
            Image: "nginx:1.27",
            Created: 1739811096,
            State: "running",
            Status: "Up 4 days",
            Labels: {},
          },
        ]);
      if (u.pathname === "/v1.41/events") return res.writeHead(200, { "Content-Type": "application/json" }).end();
      if (u.pathname.startsWith("/v1.41/containers/")) return json(404, { message: "No such container: x" });
      json(500, { message: "boom" });
    });
    await listen(server, 0);
    const port = (server.address() as AddressInfo).port;
    ep = { raw: `http://ops:s%3Acret@127.0.0.1:${port}`, baseUrl: `http://ops:s%3Acret@127.0.0.1:${port}` };
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  it("no Libpod header ⇒ docker; compat list; credentials become basic auth and never show", async () => {
    const e = createEngineBackend(ep, OPTS);
    expect(e.endpoint).not.toContain("ops");
    expect(await e.info()).toMatchObject({ kind: "docker", version: "27.3.1", apiVersion: "1.47" });
    const [c] = await e.list({ all: false });
    expect(asked.at(-1)?.pathname).toBe("/v1.41/containers/json");
    expect(asked.at(-1)?.searchParams.get("all")).toBe("false");
    expect(c).toMatchObject({ id: ID, name: "shop-web-1", engine: "docker", createdAt: 1739811096000 });
    expect(auth.at(-1)).toBe(`Basic ${Buffer.from("ops:s:cret").toString("base64")}`);
    expect(await e.inspect("gone")).toBeUndefined();
  });

  it("events: an empty body is an empty list; a past `until` is sent as is for Docker", async () => {
    const e = createEngineBackend(ep, OPTS);
    expect(await e.events(millis(1700000000000), millis(1700000060500))).toEqual([]);
    expect(asked.at(-1)?.searchParams.get("until")).toBe("1700000061");
  });
});

describe("events with `until` in the future", () => {
  it("waits past the transport timeout until the engine closes the stream", async () => {
    const line = (t: number) =>
      `${JSON.stringify({ Type: "container", Action: "start", Actor: { ID: "abc", Attributes: { name: "w" } }, time: Math.floor(t / 1000), timeNano: t * 1e6 })}\n`;
    const server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://d");
      if (u.pathname === "/_ping") return res.writeHead(200).end("OK");
      if (u.pathname === "/v1.41/version") return res.writeHead(200).end('{"Version":"27.0.0","ApiVersion":"1.46"}');
      // Like Docker: events now, then hold the stream open until `until`.
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write(line(Date.now()));
      const until = Number(u.searchParams.get("until")) * 1000;
      setTimeout(() => res.end(), Math.max(0, until - Date.now()));
    });
    await listen(server, 0);
    const port = (server.address() as AddressInfo).port;
    const e = createEngineBackend(
      { raw: "tcp", baseUrl: `http://127.0.0.1:${port}` },
      { timeoutMs: 300, maxBytes: 1 << 20 },
    );
    const t0 = Date.now();
    const evs = await e.events(millis(t0 - 60_000), millis(t0 + 1200));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(evs.map((x) => [x.action, x.name])).toEqual([["start", "w"]]);
    await new Promise((ok) => server.close(ok));
  });
});

describe("unreachable engines", () => {
  it("a missing socket → unreachable, 'socket not found'", async () => {
    const missing = path.join(os.tmpdir(), `sightline-missing-${process.pid}.sock`);
    const err = await createEngineBackend({ raw: `unix://${missing}`, socketPath: missing }, OPTS)
      .list()
      .catch((x: unknown) => x);
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ backend: "engine", kind: "unreachable" });
    expect(String(err)).toContain(`engine: cannot reach unix://${missing}: socket not found`);
  });

  it("connection refused on TCP → unreachable", async () => {
    const s = http.createServer();
    await listen(s, 0);
    const port = (s.address() as AddressInfo).port;
    await new Promise((ok) => s.close(ok));
    const err = await createEngineBackend({ raw: "x", baseUrl: `http://127.0.0.1:${port}` }, OPTS)
      .info()
      .catch((x: unknown) => x);
    expect(err).toMatchObject({ backend: "engine", kind: "unreachable" });
    expect(String(err)).toContain("connection refused");
  });

  it("a malformed list over the wire names engine and the field path", async () => {
    const s = http.createServer((req, res) => {
      if (req.url === "/_ping") return res.writeHead(200).end("OK");
      if (req.url === "/v1.41/version") return res.writeHead(200).end('{"Version":"27.0.0"}');
      res.writeHead(200, { "Content-Type": "application/json" }).end('[{"Id":"x","Names":"/not-a-list"}]');
    });
    await listen(s, 0);
    const port = (s.address() as AddressInfo).port;
    const err = await createEngineBackend({ raw: "x", baseUrl: `http://127.0.0.1:${port}` }, OPTS)
      .list()
      .catch((x: unknown) => x);
    expect(String(err)).toMatch(
      /^BackendError: engine: GET \/v1\.41\/containers\/json: unexpected response at 0\.Names: /,
    );
    await new Promise((ok) => s.close(ok));
  });
});
