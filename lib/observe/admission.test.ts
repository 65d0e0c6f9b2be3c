// Admission (issue #13): beyond SIGHTLINE_MAX_CONCURRENT_REQUESTS page and API requests are
// refused at once with 503, a message and Retry-After, so the server keeps answering within its
// means; health, probes, metrics, assets and live tails are never refused.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exemptFromAdmission, installHttpHook, setMaxInFlight } from "./http-hook";
import { routeMatcher } from "./routes";

let app: http.Server;
let url = "";
let release: () => void = () => {};
let gate = Promise.resolve();

beforeAll(async () => {
  installHttpHook({ route: routeMatcher([]), write: () => {} });
  setMaxInFlight(2);
  app = http.createServer(async (req, res) => {
    if (req.url?.startsWith("/api/slow")) await gate;
    res.end("ok");
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(() => {
  setMaxInFlight(Number.POSITIVE_INFINITY);
  return new Promise((r) => app.close(r));
});

describe("admission", () => {
  it("refuses page and API requests beyond the cap with 503 and a message, never health or tails", async () => {
    gate = new Promise((r) => (release = r));
    const slow = [fetch(`${url}/api/slow/1`), fetch(`${url}/api/slow/2`)];
    await new Promise((r) => setTimeout(r, 100));
    const api = await fetch(`${url}/api/containers`);
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("1");
    expect(await api.json()).toEqual({
      error: { kind: "busy", message: "Sightline is busy: 2 requests are being served; try again in a moment" },
    });
    const page = await fetch(`${url}/containers/x`, { headers: { Accept: "text/html,*/*" } });
    expect(page.status).toBe(503);
    const text = await page.text();
    expect(text).toMatch(/<p>Sightline is busy/);
    // It reloads itself after Retry-After (a deep link opens once the load has passed).
    expect(text).toContain(`<meta http-equiv="refresh" content="${page.headers.get("retry-after")}">`);
    for (const p of [
      "/api/health",
      "/livez",
      "/readyz",
      "/metrics",
      "/_next/static/x.js",
      "/api/containers/x/logs/tail",
    ])
      expect((await fetch(`${url}${p}`)).status, p).toBe(200);
    release();
    for (const r of await Promise.all(slow)) expect(r.status).toBe(200);
    // The slots are free again.
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
  });

  it("a client that leaves frees its slot", async () => {
    gate = new Promise((r) => (release = r));
    const acs = [new AbortController(), new AbortController()];
    const gone = acs.map((ac, i) => fetch(`${url}/api/slow/${i}`, { signal: ac.signal }).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${url}/api/containers`)).status).toBe(503);
    for (const ac of acs) ac.abort();
    await Promise.all(gone);
    await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(`${url}/api/containers`)).status).toBe(200);
    release();
  });

  it("exempts exactly the probes, assets, login and live tails", () => {
    expect(exemptFromAdmission("/api/containers")).toBe(false);
    expect(exemptFromAdmission("/containers/shop-cart-1")).toBe(false);
    expect(exemptFromAdmission("/api/containers/x/logs")).toBe(false);
    expect(exemptFromAdmission("/auth/callback")).toBe(true);
  });
});
