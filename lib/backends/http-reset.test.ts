// A backend that resets the connection (a kept-alive socket closed by its idle timeout just as
// it is reused, seen under load as "connection reset" 502s): a read-only request is sent once
// more; anything else, or a second reset, is the clear "unreachable" error.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "./http";

let server: http.Server;
let base = "";
let resets = 0;
let seen = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen++;
    if (resets > 0) {
      resets--;
      req.socket.destroy(); // no answer: the client sees the connection reset
      return;
    }
    res.setHeader("Content-Type", "application/json");
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const t = () => ({ backend: "jaeger" as const, baseUrl: base, timeoutMs: 2000, maxBytes: 1024 });

describe("a reset connection", () => {
  it("a GET is sent once more and succeeds", async () => {
    resets = 1;
    seen = 0;
    const r = await request(t(), { path: "/api/services" });
    expect(r.status).toBe(200);
    expect(seen).toBe(2);
  });
  it("only once: two resets in a row are 'unreachable'", async () => {
    resets = 2;
    seen = 0;
    await expect(request(t(), { path: "/api/services/x" })).rejects.toThrow(/cannot reach .*connection reset/);
    expect(seen).toBe(2);
  });
  it("a POST is not repeated", async () => {
    resets = 1;
    seen = 0;
    await expect(request(t(), { path: "/api/v1/query", form: { query: "up" } })).rejects.toThrow(/connection reset/);
    expect(seen).toBe(1);
  });
});
