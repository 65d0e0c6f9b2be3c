// A mock backend that forwards to a REAL backend (the test environment's Loki): with no fault it
// is a transparent reverse proxy (HTTP and the tail WebSocket), so the fault switch of the mock
// servers (hang, html500, truncated, badjson, huge, refuse) also works in front of a real server.
import type { IncomingMessage } from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { http, type RequestHandler } from "msw";
import type { Fault } from "./faults";

const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

/** One catch-all handler: same method, path, query, headers (X-Scope-OrgID…) and body upstream. */
export function upstreamHandlers(baseUrl: string, upstream: string): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, "");
  const up = upstream.replace(/\/+$/, "");
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const u = new URL(request.url);
      const headers = new Headers();
      request.headers.forEach((v, k) => {
        if (!HOP.has(k)) headers.set(k, v);
      });
      const hasBody = request.method !== "GET" && request.method !== "HEAD";
      const res = await fetch(`${up}${u.pathname}${u.search}`, {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
        signal: request.signal,
        redirect: "manual",
      });
      const out = new Headers();
      res.headers.forEach((v, k) => {
        if (!HOP.has(k) && k !== "content-encoding") out.set(k, v);
      });
      return new Response(await res.arrayBuffer(), { status: res.status, statusText: res.statusText, headers: out });
    }),
  ];
}

/**
 * WebSocket upgrades (Loki's /loki/api/v1/tail) are piped byte for byte to the upstream; under a
 * fault the socket is handled like the HTTP requests are (refused, hung, or a 500).
 */
export function upstreamUpgrade(upstream: string) {
  const target = new URL(upstream);
  return (req: IncomingMessage, socket: Duplex, head: Buffer, fault: Fault): void => {
    if (fault.mode === "hang") return;
    if (fault.mode !== "none" && fault.mode !== "slow") {
      socket.end("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n");
      return;
    }
    const conn = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const k = req.rawHeaders[i] ?? "";
        lines.push(`${k}: ${k.toLowerCase() === "host" ? target.host : (req.rawHeaders[i + 1] ?? "")}`);
      }
      conn.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length) conn.write(head);
      socket.pipe(conn).pipe(socket);
    });
    const drop = () => {
      conn.destroy();
      socket.destroy();
    };
    conn.on("error", drop);
    socket.on("error", drop);
    socket.on("close", () => conn.destroy());
    conn.on("close", () => socket.destroy());
  };
}
