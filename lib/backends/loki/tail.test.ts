// The tail against a ws WebSocketServer that sends the recorded frames.
import type http from "node:http";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import type { LogTailFrame } from "../../model/logs";
import { asNanosString, millis } from "../../model/time";
import type { Transport } from "../http";
import { closedPort, readFixtureJson, readFixtureText, startFakeServer } from "../prometheus/fixture-server";
import { createLokiBackend } from "./client";
import { tailUrl } from "./tail";

const FRAMES = z.array(z.unknown()).parse(readFixtureJson("loki-2.8", "tail_websocket.messages.json"));
const START = millis(1795300588_694);

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function wsServer(onConnection: (ws: WebSocket) => void): Promise<{ t: Transport; seen: Seen[] }> {
  const seen: Seen[] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  wss.on("connection", (ws, req) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    onConnection(ws);
  });
  const addr = wss.address();
  if (!addr || typeof addr === "string") throw new Error("unexpected address");
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  );
  const t: Transport = {
    backend: "loki",
    baseUrl: `http://127.0.0.1:${addr.port}`,
    timeoutMs: 2_000,
    maxBytes: 5_000_000,
    auth: { bearerToken: "tok", headers: { "X-Scope-OrgID": "tenant-a" } },
  };
  return { t, seen };
}

/** Run a tail until it closes; `stopAfter` frames makes the client close it. */
function runTail(t: Transport, stopAfter = Number.POSITIVE_INFINITY) {
  const frames: LogTailFrame[] = [];
  const errors: Error[] = [];
  let closes = 0;
  return new Promise<{ frames: LogTailFrame[]; errors: Error[]; closes: number }>((resolve) => {
    const tail = createLokiBackend(t).tail('{compose_project="shop"}', START, 10, {
      onFrame(f) {
        frames.push(f);
        if (frames.length >= stopAfter) tail.close();
      },
      onError: (e) => errors.push(e),
      onClose() {
        closes++;
        // Let any late events arrive so "exactly once" is really checked.
        setTimeout(() => resolve({ frames, errors, closes }), 50);
      },
    });
  });
}

describe("loki tail over WebSocket", () => {
  it("tailUrl maps http→ws and https→wss and keeps a path prefix", () => {
    const p = { query: '{a="b"}', start: asNanosString("1"), limit: 10 };
    expect(tailUrl("http://loki:3100", p)).toMatch(
      /^ws:\/\/loki:3100\/loki\/api\/v1\/tail\?query=%7Ba%3D%22b%22%7D&limit=10&start=1$/,
    );
    expect(tailUrl("https://gw.example/loki-a/", p)).toMatch(/^wss:\/\/gw\.example\/loki-a\/loki\/api\/v1\/tail\?/);
  });

  it("replays the recorded frames in order, with auth and tenant headers", async () => {
    const { t, seen } = await wsServer((ws) => {
      for (const f of FRAMES) ws.send(JSON.stringify(f));
    });
    const r = await runTail(t, FRAMES.length);
    expect(r.errors).toEqual([]);
    expect(r.closes).toBe(1);
    expect(r.frames.map((f) => f.lines.length)).toEqual([10, 2, 7, 4, 8]);
    expect(r.frames[0]?.lines[0]?.ts).toBe("1795300590000000001");
    expect(r.frames.every((f) => f.dropped.length === 0)).toBe(true);
    const q = new URL(seen[0]?.url ?? "", "ws://x").searchParams;
    expect(Object.fromEntries(q)).toEqual({
      query: '{compose_project="shop"}',
      limit: "10",
      start: "1795300588694000000",
    });
    expect(seen[0]?.headers["x-scope-orgid"]).toBe("tenant-a");
    expect(seen[0]?.headers.authorization).toBe("Bearer tok");
  });

  it("dropped_entries become LogTailFrame.dropped; null is accepted too", async () => {
    const dropped = { labels: { container: "web1" }, timestamp: "1795300600000000000" };
    const { t } = await wsServer((ws) => {
      ws.send(JSON.stringify({ streams: [], dropped_entries: [dropped] }));
      ws.send(JSON.stringify({ streams: [], dropped_entries: null }));
    });
    const r = await runTail(t, 2);
    expect(r.frames.map((f) => f.dropped)).toEqual([
      [{ labels: { container: "web1" }, ts: "1795300600000000000" }],
      [],
    ]);
  });

  it("a malformed frame is one parse error naming the field path, then close", async () => {
    const { t } = await wsServer((ws) => {
      ws.send(JSON.stringify({ streams: [{ stream: {}, values: [[1795300600, "x"]] }] }));
      ws.send(JSON.stringify(FRAMES[0]));
    });
    const r = await runTail(t);
    expect(r.frames).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/^loki: tail frame: unexpected response at streams\.0\.values\.0\.0: /);
    expect(r.closes).toBe(1);
  });

  it("a close frame with an error reason is reported", async () => {
    const { t } = await wsServer((ws) => ws.close(1011, "rpc error: code = Canceled"));
    const r = await runTail(t);
    expect(r.errors.map((e) => e.message)).toEqual(["loki: tail: rpc error: code = Canceled"]);
    expect(r.closes).toBe(1);
  });

  it("a refused upgrade (400 text body) is a query error with Loki's text", async () => {
    const text = readFixtureText("loki-2.8", "error_logql_parse.txt");
    const srv = await startFakeServer(() => ({
      status: 400,
      contentType: "application/json; charset=UTF-8",
      body: text,
    }));
    // Node hands Upgrade requests to 'upgrade' listeners; answer them like Loki does, with a plain 400.
    srv.server.on("upgrade", (_req: http.IncomingMessage, socket) => {
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
    });
    cleanups.push(() => srv.close());
    const r = await runTail({ backend: "loki", baseUrl: srv.baseUrl, timeoutMs: 2_000, maxBytes: 1_000_000 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ kind: "query", status: 400 });
    expect(r.errors[0]?.message).toBe(`loki: tail: ${text}`);
    expect(r.closes).toBe(1);
  });

  it("an upgrade that never completes is a timeout", async () => {
    const srv = await startFakeServer(() => "hang");
    const held: Duplex[] = [];
    srv.server.on("upgrade", (_req: http.IncomingMessage, socket: Duplex) => held.push(socket)); // never answer
    // Upgraded sockets leave the server's bookkeeping, so they are destroyed here.
    cleanups.push(() => {
      for (const s of held) s.destroy();
      return srv.close();
    });
    const r = await runTail({ backend: "loki", baseUrl: srv.baseUrl, timeoutMs: 100, maxBytes: 1_000 });
    expect(r.errors.map((e) => e.message)).toEqual(["loki: tail: no answer within 100 ms"]);
    expect(r.errors[0]).toMatchObject({ kind: "timeout" });
    expect(r.closes).toBe(1);
  });

  it("connection refused is one unreachable error, then close", async () => {
    const port = await closedPort();
    const r = await runTail({
      backend: "loki",
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 2_000,
      maxBytes: 1_000,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ kind: "unreachable" });
    expect(r.errors[0]?.message).toContain("connection refused");
    expect(r.closes).toBe(1);
  });
});
