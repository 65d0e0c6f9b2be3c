// Server page renders at once (issue #13): beyond SIGHTLINE_MAX_CONCURRENT_PAGES a page request
// waits in order for a render slot; beyond SIGHTLINE_PAGE_QUEUE, or after waiting
// SIGHTLINE_PAGE_QUEUE_TIMEOUT_MS, it is refused with 503, a message and Retry-After. API calls,
// health and assets are not held; refusals are counted in /metrics.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installHttpHook, isPageRequest, setPageLimits } from "./http-hook";
import { selfMetrics } from "./metrics";
import { routeMatcher } from "./routes";

let app: http.Server;
let url = "";
/** Page requests that reached the app, in order. */
let reached: string[] = [];
let release: () => void = () => {};
let gate = Promise.resolve();

beforeAll(async () => {
  installHttpHook({
    route: routeMatcher([]),
    write: () => {},
    pages: { concurrency: 1, queue: 1, queueTimeoutMs: 400 },
  });
  app = http.createServer(async (req, res) => {
    reached.push(req.url ?? "");
    if (req.url?.includes("slow")) await gate;
    res.end("ok");
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(() => {
  setPageLimits({ concurrency: Number.POSITIVE_INFINITY, queue: 0, queueTimeoutMs: 1000 });
  return new Promise((r) => app.close(r));
});

async function shed(reason: string): Promise<number> {
  const m = await selfMetrics().requestsShed.get();
  return m.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 5));
};

describe("page render gate", () => {
  it("knows pages from API calls, probes and assets", () => {
    expect(isPageRequest("GET", "/containers/x")).toBe(true);
    expect(isPageRequest("HEAD", "/traces/abc")).toBe(true);
    expect(isPageRequest("GET", "/")).toBe(true);
    for (const p of ["/api/containers", "/api/health", "/livez", "/metrics", "/_next/static/a.js"])
      expect(isPageRequest("GET", p)).toBe(false);
    expect(isPageRequest("POST", "/containers/x")).toBe(false);
  });

  it("renders one page at a time, queues the next in order, refuses beyond the queue; APIs pass", async () => {
    reached = [];
    gate = new Promise((r) => (release = r));
    const fullBefore = await shed("page_queue_full");
    const first = fetch(`${url}/containers/slow-1`);
    await until(() => reached.length === 1);
    const second = fetch(`${url}/containers/slow-2`);
    // Let the second one reach the queue before the third arrives.
    await new Promise((r) => setTimeout(r, 50));
    const third = await fetch(`${url}/containers/x`, { headers: { Accept: "text/html" } });
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("2");
    expect(await third.text()).toContain("Sightline is busy: 1 pages are being rendered and 1 are waiting");
    expect(await shed("page_queue_full")).toBe(fullBefore + 1);
    // An API call is not a render: served while the pages wait.
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
    expect(reached).toEqual(["/containers/slow-1", "/api/containers"]);
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(reached).toEqual(["/containers/slow-1", "/api/containers", "/containers/slow-2"]);
  });

  it("refuses a page that waited longer than the queue timeout, with a message", async () => {
    reached = [];
    gate = new Promise((r) => (release = r));
    const before = await shed("page_queue_timeout");
    const first = fetch(`${url}/containers/slow-1`);
    await until(() => reached.length === 1);
    const waited = await fetch(`${url}/containers/y`);
    expect(waited.status).toBe(503);
    expect(await waited.json()).toEqual({
      error: {
        kind: "busy",
        message:
          "Sightline is busy: 1 pages are being rendered and 0 are waiting (no render slot came free within 0.4 s); try again in a moment",
      },
    });
    expect(await shed("page_queue_timeout")).toBe(before + 1);
    release();
    expect((await first).status).toBe(200);
    // The slot is free again.
    expect((await fetch(`${url}/containers/z`)).status).toBe(200);
  });

  it("gives the slot of a page whose client left while it waited to the next one", async () => {
    reached = [];
    gate = new Promise((r) => (release = r));
    const first = fetch(`${url}/containers/slow-1`);
    await until(() => reached.length === 1);
    const ac = new AbortController();
    const gone = fetch(`${url}/containers/gone`, { signal: ac.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    await gone;
    await new Promise((r) => setTimeout(r, 50));
    release();
    expect((await first).status).toBe(200);
    // The one that left was never rendered, and the slot is free.
    expect((await fetch(`${url}/containers/next`)).status).toBe(200);
    expect(reached).toEqual(["/containers/slow-1", "/containers/next"]);
  });
});
