// One health check serves every caller for a second, and never hides a failure seen since.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "../config";
import { checkHealth, HEALTH_FRESH_MS, HEALTH_STALE_MS } from "./health";

let server: http.Server;
let base = "";
const saved = { ...process.env };
/** Requests per path; `down` makes Prometheus answer 503. */
const hits = new Map<string, number>();
let down = false;
/** `junk` makes it answer 200 with a body that is not its API (a decode error, not a failed call). */
let junk = false;
let slowMs = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    setTimeout(() => {
      if (down) {
        res.writeHead(503, { "Content-Type": "text/plain" });
        res.end("down");
        return;
      }
      if (junk) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end('{"status":"succ');
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: "success", data: { version: "2.42.0" } }));
    }, slowMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.PROMETHEUS_URL = base;
  delete process.env.LOKI_URL;
  delete process.env.JAEGER_URL;
  delete process.env.TEMPO_URL;
  delete process.env.ENGINE_URLS;
  delete process.env.SIGHTLINE_DEMO;
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
});

afterAll(async () => {
  process.env = saved;
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  (globalThis as { __sightlineHealth?: unknown }).__sightlineHealth = undefined;
  hits.clear();
  down = false;
  junk = false;
  slowMs = 0;
  vi.restoreAllMocks();
});

const buildinfo = () => hits.get("/api/v1/status/buildinfo") ?? 0;
const prom = (r: Awaited<ReturnType<typeof checkHealth>>) => r.backends.find((b) => b.backend === "prometheus");

describe("checkHealth", () => {
  it("answers concurrent and repeated callers within a second from one check", async () => {
    slowMs = 50;
    const all = await Promise.all(Array.from({ length: 20 }, () => checkHealth()));
    expect(all.every((r) => prom(r)?.ok === true && prom(r)?.version === "2.42.0")).toBe(true);
    await checkHealth();
    expect(buildinfo()).toBe(1);
  });

  it("checks again once the result is a second old", async () => {
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now").mockReturnValue(t0);
    await checkHealth();
    now.mockReturnValue(t0 + HEALTH_FRESH_MS - 1);
    await checkHealth();
    expect(buildinfo()).toBe(1);
    now.mockReturnValue(t0 + HEALTH_FRESH_MS);
    const stale = await checkHealth();
    await vi.waitFor(() => expect(buildinfo()).toBe(2));
    // Done when the new report is the one served.
    await vi.waitFor(async () => expect(await checkHealth()).not.toBe(stale));
  });

  it("answers with the last report while the next check runs, then with the new one", async () => {
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now").mockReturnValue(t0);
    const first = await checkHealth();
    slowMs = 300;
    now.mockReturnValue(t0 + HEALTH_FRESH_MS + 10);
    // The backend is slow now: callers get the last report at once, one check runs.
    const checks = buildinfo();
    const during = await Promise.all(Array.from({ length: 5 }, () => checkHealth()));
    for (const r of during) expect(r).toBe(first);
    await vi.waitFor(() => expect(buildinfo()).toBe(checks + 1));
    // Once it is done, its report is the one served (fresh again for a second).
    await vi.waitFor(async () => expect(await checkHealth()).not.toBe(first));
    expect(prom(await checkHealth())?.ok).toBe(true);
    expect(buildinfo()).toBe(checks + 1);
  });

  it("waits for a new check when the last report is too old to answer with", async () => {
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now").mockReturnValue(t0);
    const first = await checkHealth();
    const checks = buildinfo();
    now.mockReturnValue(t0 + HEALTH_STALE_MS);
    const later = await checkHealth();
    expect(later).not.toBe(first);
    expect(buildinfo()).toBe(checks + 1);
  });

  it("never reports a backend up from memory after a call to any backend failed", async () => {
    expect(prom(await checkHealth())?.ok).toBe(true);
    down = true;
    // The failing check is itself a failed backend call: the next caller checks again too.
    expect(prom(await checkHealth())?.ok).toBe(true); // still the remembered answer: nothing failed yet
    expect(buildinfo()).toBe(1);
    const { getBackends } = await import("./backends");
    const b = await getBackends();
    await expect(b.metrics?.buildInfo({})).rejects.toThrow();
    const after = await checkHealth();
    expect(prom(after)?.ok).toBe(false);
    expect(prom(after)?.error).toMatch(/503/);
  });

  it("never answers from memory a report older than a second that shows a backend down", async () => {
    const t0 = Date.now();
    const now = vi.spyOn(Date, "now").mockReturnValue(t0);
    junk = true;
    expect(prom(await checkHealth())?.ok).toBe(false);
    junk = false;
    now.mockReturnValue(t0 + HEALTH_FRESH_MS + 10);
    // Back up: the next caller waits for a new check instead of getting the old "down".
    expect(prom(await checkHealth())?.ok).toBe(true);
  });

  it("one caller leaving does not cancel the check the others wait for", async () => {
    slowMs = 100;
    const ac = new AbortController();
    const leaving = checkHealth(ac.signal);
    const staying = checkHealth();
    ac.abort(new Error("client left"));
    await expect(leaving).rejects.toThrow("client left");
    expect(prom(await staying)?.ok).toBe(true);
    expect(buildinfo()).toBe(1);
  });
});
