import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendError } from "../model/errors";
import { coalesce, Governor, governorFor, inflightCount } from "./governor";
import { request, type Transport } from "./http";

describe("Governor", () => {
  it("runs at most `concurrency` at once, queues the rest, refuses beyond the queue as busy", async () => {
    const g = new Governor("loki", { concurrency: 2, queue: 1, queueTimeoutMs: 60_000 });
    const r1 = await g.acquire();
    const r2 = await g.acquire();
    let third = false;
    const p3 = g.acquire().then((r) => {
      third = true;
      return r;
    });
    await expect(g.acquire()).rejects.toMatchObject({ kind: "busy", message: expect.stringMatching(/try again/) });
    expect(g.stats()).toEqual({ active: 2, waiting: 1 });
    expect(third).toBe(false);
    r1();
    r1(); // releasing twice frees one slot only
    const r3 = await p3;
    expect(g.stats()).toEqual({ active: 2, waiting: 0 });
    r2();
    r3();
    expect(g.stats()).toEqual({ active: 0, waiting: 0 });
  });

  it("a queued request fails busy after the queue timeout, or leaves when its caller aborts", async () => {
    const g = new Governor("jaeger", { concurrency: 1, queue: 5, queueTimeoutMs: 10 });
    const r = await g.acquire();
    const err = await g.acquire().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("busy");
    const ac = new AbortController();
    const waiting = g.acquire(ac.signal);
    ac.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    expect(g.stats().waiting).toBe(0);
    r();
  });
});

describe("coalesce", () => {
  it("identical concurrent calls share one run; it is aborted only when every caller has gone", async () => {
    let runs = 0;
    let sharedSignal: AbortSignal | undefined;
    const fn = (s: AbortSignal) => {
      runs++;
      sharedSignal = s;
      return new Promise<string>((resolve) => setTimeout(() => resolve("v"), 30));
    };
    const a = new AbortController();
    const b = new AbortController();
    const pa = coalesce("k", a.signal, fn);
    const pb = coalesce("k", b.signal, fn);
    expect(runs).toBe(1);
    a.abort(new Error("a left"));
    await expect(pa).rejects.toThrow("a left");
    expect(sharedSignal?.aborted).toBe(false);
    await expect(pb).resolves.toBe("v");
    expect(inflightCount()).toBe(0);

    const c = new AbortController();
    const pc = coalesce("k2", c.signal, fn);
    c.abort(new Error("c left"));
    await expect(pc).rejects.toThrow("c left");
    expect(sharedSignal?.aborted).toBe(true);
  });
});

describe("request through the governor", () => {
  let server: http.Server;
  let hits = 0;
  let t: Transport;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      setTimeout(() => res.end(JSON.stringify({ url: req.url })), 20);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    t = {
      backend: "prometheus",
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeoutMs: 5000,
      maxBytes: 1 << 20,
    };
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("ten identical requests reach the backend once; different ones each once", async () => {
    // Before: every panel's identical query was its own backend request.
    hits = 0;
    const same = await Promise.all(
      Array.from({ length: 10 }, () => request(t, { path: "/api/v1/x", query: { q: "1" } })),
    );
    expect(new Set(same.map((r) => r.text)).size).toBe(1);
    expect(hits).toBe(1);
    await Promise.all([1, 2, 3].map((i) => request(t, { path: "/api/v1/x", query: { q: i } })));
    expect(hits).toBe(4);
    expect(governorFor("prometheus", t.baseUrl).stats()).toEqual({ active: 0, waiting: 0 });
  });

  it("a health check (priority) is answered while every slot is taken; others wait", async () => {
    const g = governorFor("prometheus", t.baseUrl);
    const held = await Promise.all(Array.from({ length: g.limits.concurrency }, () => g.acquire()));
    const queued = request(t, { path: "/queued" });
    await new Promise((r) => setTimeout(r, 10));
    expect(g.stats().waiting).toBe(1);
    const health = await request(t, { path: "/api/v1/status/buildinfo", priority: true });
    expect(health.status).toBe(200);
    expect(g.stats().waiting).toBe(1);
    for (const r of held) r();
    expect((await queued).status).toBe(200);
  });
});
