// setResponseStatus: a server-rendered page's own status (the embed's 404), applied by the
// HTTP hook when the head goes out — and only while it has not. requestSignal: a page's abort
// signal, aborted when its client goes away.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installHttpHook } from "./http-hook";
import { requestSignal, setResponseStatus } from "./request-context";
import { routeMatcher } from "./routes";

let app: http.Server;
let url = "";
const applied: Record<string, boolean> = {};
const signals: Record<string, AbortSignal | undefined> = {};
let slowEnded: (aborted: boolean) => void = () => {};

beforeAll(async () => {
  installHttpHook({ route: routeMatcher([]), write: () => {} });
  app = http.createServer(async (req, res) => {
    const path = req.url ?? "/";
    await new Promise((r) => setTimeout(r, 2)); // across an await, like a page's render
    if (path === "/implicit") {
      applied[path] = setResponseStatus(404);
      res.setHeader("Content-Type", "text/html");
      res.end("<p>No container “x”.</p>"); // no writeHead: Node's implicit head
    } else if (path === "/explicit") {
      applied[path] = setResponseStatus(404);
      res.writeHead(200, "OK", { "Content-Type": "text/html" });
      res.end("<p>gone</p>");
    } else if (path === "/late") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("streaming…");
      applied[path] = setResponseStatus(404);
      res.end();
    } else if (path === "/slow") {
      // A page waiting on a slow backend with the request's signal.
      const signal = requestSignal();
      signals[path] = signal;
      const aborted = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 5000);
        signal?.addEventListener("abort", () => {
          clearTimeout(t);
          resolve(true);
        });
      });
      slowEnded(aborted);
      if (!res.destroyed) res.end("late");
    } else {
      signals[path] = requestSignal();
      res.end("plain");
    }
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => app.close(r)));

describe("setResponseStatus", () => {
  it("sets the status of a response whose head has not gone out, with its body", async () => {
    for (const p of ["/implicit", "/explicit"]) {
      const r = await fetch(`${url}${p}`);
      expect(r.status).toBe(404);
      expect(r.headers.get("content-type")).toBe("text/html");
      expect(await r.text()).toMatch(/<p>/);
      expect(applied[p]).toBe(true);
    }
  });
  it("says so and changes nothing once the head is out, or for another request", async () => {
    const r = await fetch(`${url}/late`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("streaming…");
    expect(applied["/late"]).toBe(false);
    expect((await fetch(`${url}/other`)).status).toBe(200);
  });
  it("is a no-op outside a request", () => {
    expect(setResponseStatus(404)).toBe(false);
  });
});

describe("requestSignal", () => {
  it("aborts when the client goes away before the answer", async () => {
    const ended = new Promise<boolean>((r) => (slowEnded = r));
    const ac = new AbortController();
    const got = fetch(`${url}/slow`, { signal: ac.signal }).catch(() => "aborted");
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    expect(await got).toBe("aborted");
    expect(await ended).toBe(true);
    expect(signals["/slow"]?.reason).toMatchObject({ name: "AbortError" });
  });
  it("stays quiet for a request answered in full, and is undefined outside a request", async () => {
    expect(await (await fetch(`${url}/quick`)).text()).toBe("plain");
    await new Promise((r) => setTimeout(r, 20));
    expect(signals["/quick"]?.aborted).toBe(false);
    expect(requestSignal()).toBeUndefined();
  });
});
