import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createWorld } from "../world/world";
import { type MockServers, startMockServers } from "./start";

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const t0 = Date.now();
// A clock that moves, so tails and held-open streams see new data.
const world = createWorld({ now: () => NOW + (Date.now() - t0) });
let m: MockServers;

beforeAll(async () => {
  m = await startMockServers({
    prometheus: world.promSource(),
    loki: world.lokiSource(),
    jaeger: world.jaegerSource(),
    engine: world.engineSource(),
    now: world.now,
  });
});
afterAll(async () => {
  await m?.close();
});

function url(kind: "prometheus" | "loki" | "jaeger" | "engine", path: string): string {
  const base = m.urls[kind];
  if (!base) throw new Error(`${kind} not started`);
  return `${base}${path}`;
}

// A pinned evaluation time, so two answers are byte-identical.
const PROM_UP = `/api/v1/query?query=up&time=${NOW / 1000}`;

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    const err = e as { name?: string; cause?: { code?: string } };
    return err.cause?.code ?? err.name;
  }
}

async function control(path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(
    `${m.control}${path}`,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
  );
  return { status: r.status, json: await r.json() };
}

describe("mock servers", () => {
  it("serve every backend on 127.0.0.1 through the MSW handlers", async () => {
    for (const u of Object.values(m.urls)) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const up = (await (await fetch(url("prometheus", PROM_UP))).json()) as {
      status: string;
      data: { result: unknown[] };
    };
    expect(up.status).toBe("success");
    expect(up.data.result.length).toBeGreaterThanOrEqual(5);
    const labels = (await (await fetch(url("loki", "/loki/api/v1/labels"))).json()) as { data: string[] };
    expect(labels.data).toContain("compose_service");
    expect(await (await fetch(url("jaeger", "/api/v3/services"))).json()).toEqual({
      services: ["cart", "frontend", "payments", "worker"],
    });
    const ping = await fetch(url("engine", "/_ping"));
    expect(await ping.text()).toBe("OK");
    expect(ping.headers.get("libpod-api-version")).toBe("4.3.1");
    expect(ping.headers.get("content-length")).toBe("2");
    expect((await fetch(url("engine", "/nope"))).status).toBe(404);
  });

  it("switches faults over the control API and reports them", async () => {
    expect((await control("/faults")).json).toEqual({
      prometheus: { mode: "none" },
      loki: { mode: "none" },
      jaeger: { mode: "none" },
      engine: { mode: "none" },
    });
    expect((await control("/faults/jaeger", { mode: "html500" })).status).toBe(200);
    const r = await fetch(url("jaeger", "/api/v3/services"));
    expect(r.status).toBe(500);
    expect(r.headers.get("content-type")).toBe("text/html");
    expect(await r.text()).toContain("<center>nginx/1.22.1</center>");
    expect((await control("/faults")).json).toMatchObject({ jaeger: { mode: "html500" } });
    expect((await control("/faults/jaeger", { mode: "sideways" })).status).toBe(400);
    expect((await control("/faults/kafka", { mode: "none" })).status).toBe(404);
    await control("/faults/jaeger", { mode: "none" });
    expect((await fetch(url("jaeger", "/api/v3/services"))).status).toBe(200);
  });

  it("truncated cuts the body in half; badjson sends valid JSON of the wrong shape", async () => {
    const full = await (await fetch(url("prometheus", PROM_UP))).text();
    await m.setFault("prometheus", "truncated");
    const cut = await (await fetch(url("prometheus", PROM_UP))).text();
    expect(cut.length).toBe(Math.floor(full.length / 2));
    expect(() => JSON.parse(cut)).toThrow();
    await m.setFault("prometheus", "badjson");
    const bad = (await (await fetch(url("prometheus", PROM_UP))).json()) as Record<string, unknown>;
    expect(bad.status).toBeUndefined();
    await m.setFault("prometheus", "none");
  });

  it("huge sends about 80 MB", async () => {
    await m.setFault("loki", "huge");
    const r = await fetch(url("loki", "/loki/api/v1/labels"));
    let bytes = 0;
    const reader = r.body?.getReader();
    for (;;) {
      const c = await reader?.read();
      if (!c || c.done) break;
      bytes += c.value.length;
    }
    expect(bytes).toBeGreaterThan(80 * 1024 * 1024);
    await m.setFault("loki", "none");
  }, 30_000);

  it("slow delays and hang never answers", async () => {
    await m.setFault("engine", { mode: "slow", delayMs: 400 });
    const s = Date.now();
    expect((await fetch(url("engine", "/_ping"))).status).toBe(200);
    expect(Date.now() - s).toBeGreaterThanOrEqual(390);
    await m.setFault("engine", "hang");
    expect(await errorCode(fetch(url("engine", "/_ping"), { signal: AbortSignal.timeout(300) }))).toBe("TimeoutError");
    await m.setFault("engine", "none");
    expect((await fetch(url("engine", "/_ping"))).status).toBe(200);
  });

  it("stall sends the first half of an answer, pauses, then the rest (a big answer from a busy backend)", async () => {
    const full = Buffer.from(await (await fetch(url("prometheus", PROM_UP))).arrayBuffer());
    await m.setFault("prometheus", { mode: "stall", delayMs: 400 });
    const r = await fetch(url("prometheus", PROM_UP));
    expect(r.headers.get("content-length")).toBe(String(full.length));
    const reader = r.body!.getReader();
    const chunks: Uint8Array[] = [];
    let got = 0;
    while (got < Math.floor(full.length / 2)) {
      const c = await reader.read();
      if (c.done) break;
      chunks.push(c.value);
      got += c.value.length;
    }
    // The first half is here and the rest is not: it comes after the pause.
    expect(got).toBe(Math.floor(full.length / 2));
    const halfAt = Date.now();
    for (;;) {
      const c = await reader.read();
      if (c.done) break;
      chunks.push(c.value);
    }
    expect(Date.now() - halfAt).toBeGreaterThanOrEqual(300);
    expect(Buffer.concat(chunks).equals(full)).toBe(true);
    await m.setFault("prometheus", "none");
  });

  it("refuse closes the listener and none listens again on the same port", async () => {
    const before = m.urls.jaeger;
    await control("/faults/jaeger", { mode: "refuse" });
    expect(await errorCode(fetch(url("jaeger", "/api/v3/services")))).toBe("ECONNREFUSED");
    await control("/faults/jaeger", { mode: "none" });
    expect(m.urls.jaeger).toBe(before);
    expect((await fetch(url("jaeger", "/api/v3/services"))).status).toBe(200);
  });
});

function tail(query: string, limit: number): { ws: WebSocket; frames: Promise<Record<string, unknown>[]> } {
  const start = BigInt(world.now() - 60_000) * 1_000_000n;
  const u = `${url("loki", "/loki/api/v1/tail").replace("http", "ws")}?query=${encodeURIComponent(query)}&limit=${limit}&start=${start}`;
  const ws = new WebSocket(u);
  const got: Record<string, unknown>[] = [];
  const frames = new Promise<Record<string, unknown>[]>((resolve, reject) => {
    ws.on("message", (d) => {
      got.push(JSON.parse(String(d)) as Record<string, unknown>);
      if (got.length >= 2) resolve(got);
    });
    ws.on("error", reject);
    setTimeout(() => resolve(got), 6000);
  });
  return { ws, frames };
}

describe("loki tail websocket", () => {
  it("replays `limit` entries, then sends new ones, one entry per stream object", async () => {
    const { ws, frames } = tail('{compose_project="shop"}', 10);
    const f = await frames;
    ws.close();
    expect(f.length).toBe(2);
    const first = f[0]?.streams as { stream: Record<string, string>; values: string[][] }[];
    expect(first).toHaveLength(10);
    for (const s of first) {
      expect(s.values).toHaveLength(1);
      expect(s.stream.compose_project).toBe("shop");
    }
    expect(f[0]).not.toHaveProperty("dropped_entries");
  }, 10_000);

  it("reports dropped_entries under the dropped fault", async () => {
    await m.setFault("loki", "dropped");
    const { ws, frames } = tail('{compose_service="frontend"}', 9);
    const f = await frames;
    ws.close();
    await m.setFault("loki", "none");
    const dropped = f[0]?.dropped_entries as { labels: Record<string, string>; timestamp: string }[];
    expect(dropped).toHaveLength(3);
    expect(dropped[0]?.labels.compose_service).toBe("frontend");
    expect(f[0]?.streams).toHaveLength(6);
  }, 10_000);
});

describe("close", () => {
  it("frees every port", async () => {
    const s = await startMockServers({ jaeger: world.jaegerSource(), engine: world.engineSource(), now: world.now });
    await s.setFault("engine", "hang");
    const hung = fetch(`${s.urls.engine}/_ping`).catch(() => "dropped");
    await new Promise((r) => setTimeout(r, 50));
    await s.close();
    expect(await hung).toBe("dropped");
    expect(await errorCode(fetch(`${s.urls.jaeger}/api/v3/services`))).toBe("ECONNREFUSED");
    expect(await errorCode(fetch(`${s.urls.engine}/_ping`))).toBe("ECONNREFUSED");
    expect(await errorCode(fetch(`${s.control}/faults`))).toBe("ECONNREFUSED");
  });
});
