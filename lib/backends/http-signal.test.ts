// A backend call's abort signal (issue #13): the call's own timeout and the caller leaving
// both end it, with the right error, and nothing of it stays attached to the caller's signal.
import { getEventListeners } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendError } from "../model/errors";
import { request } from "./http";

let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const wait = Number(new URL(req.url ?? "/", "http://x").searchParams.get("wait") ?? 0);
    const t = setTimeout(() => {
      res.setHeader("Content-Type", "application/json");
      res.end('{"ok":true}');
    }, wait);
    res.on("close", () => clearTimeout(t));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const t = (timeoutMs: number) => ({ backend: "jaeger" as const, baseUrl: base, timeoutMs, maxBytes: 1024 });

describe("a backend call's signal", () => {
  it("times out with the backend's 'timeout' error", async () => {
    const err = await request(t(100), { path: "/slow", query: { wait: "2000" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("timeout");
    expect((err as BackendError).message).toMatch(/no answer within 100 ms/);
  });

  it("ends when the caller leaves, without calling it a backend failure", async () => {
    const ac = new AbortController();
    const p = request(t(5000), { path: "/slow2", query: { wait: "2000" }, signal: ac.signal });
    setTimeout(() => ac.abort(new Error("the client went away")), 50);
    await expect(p).rejects.toThrow("the client went away");
  });

  it("leaves no listener on the caller's signal once answered", async () => {
    const ac = new AbortController();
    const r = await request(t(5000), { path: "/fast", signal: ac.signal });
    expect(r.status).toBe(200);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });
});
