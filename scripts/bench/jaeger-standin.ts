// One Jaeger stand-in for both UIs: it serves Jaeger UI's static build (the anchor) as a
// single-page app, answers Jaeger UI's `/api/traces/{id}` (v1 JSON) and Sightline's
// `/api/v3/traces/{id}` (OTLP JSON) for the same generated trace, and passes every other
// `/api/…` request to the bench's mock Jaeger. Trace bodies are generated once by the mock
// and then served from memory (`prepare`), so neither UI pays for the mock's generation.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";

export const JAEGER_UI_DIR = process.env.JAEGER_UI_DIR || "/work/shared/anchors/jaeger-ui-v2.20.0";

export interface JaegerUiBuild {
  dir: string;
  /** e.g. "Jaeger UI v2.20.0 (static build, main chunk index-BWt5Qh6C.js)". */
  label: string;
}

export function jaegerUiBuild(dir = JAEGER_UI_DIR): JaegerUiBuild | undefined {
  if (!existsSync(path.join(dir, "index.html"))) return undefined;
  const main = readdirSync(path.join(dir, "static")).find((f) => /^index-.*\.js$/.test(f)) ?? "?";
  const version = /jaeger-ui-(v[\d.]+)/.exec(dir)?.[1] ?? path.basename(dir);
  return { dir, label: `Jaeger UI ${version} (static build in ${dir}, main chunk static/${main})` };
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

export interface StandIn {
  origin: string;
  /** The Jaeger UI build served at `/`, when there is one. */
  ui: JaegerUiBuild | undefined;
  /** Fetch both wire forms of a trace from the mock once and keep them in memory. */
  prepare(traceId: string, only?: "v3"): Promise<{ v1Bytes: number; v3Bytes: number; ms: number }>;
  /** Drop a prepared trace (memory). */
  forget(traceId: string): void;
  close(): Promise<void>;
}

const TRACE_PATH = /^\/api(\/v3)?\/traces\/([0-9a-fA-F]{1,32})$/;

export async function startStandIn(upstream: string, ui: JaegerUiBuild | undefined): Promise<StandIn> {
  const bodies = new Map<string, Buffer>(); // "/api/traces/<id>" | "/api/v3/traces/<id>" → body
  const files = new Map<string, Buffer>();
  const file = (rel: string): Buffer | undefined => {
    if (!ui) return undefined;
    let b = files.get(rel);
    if (!b) {
      const p = path.join(ui.dir, rel);
      if (!p.startsWith(ui.dir) || !existsSync(p)) return undefined;
      b = readFileSync(p);
      files.set(rel, b);
    }
    return b;
  };

  const proxy = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const r = await fetch(`${upstream}${req.url}`, { method: req.method, headers: { accept: "application/json" } });
      const body = Buffer.from(await r.arrayBuffer());
      res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" });
      res.end(body);
    } catch (err) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`stand-in: upstream failed: ${(err as Error).message}`);
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const p = url.pathname;
    const m = TRACE_PATH.exec(p);
    if (m) {
      const body = bodies.get(`${m[1] ? "/api/v3" : "/api"}/traces/${m[2]!.toLowerCase()}`);
      if (body) {
        res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
        res.end(body);
        return;
      }
    }
    if (p.startsWith("/api/")) {
      void proxy(req, res);
      return;
    }
    const rel = p.startsWith("/static/") ? p.slice(1) : "index.html";
    const b = file(rel);
    if (!b) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(rel)] ?? "application/octet-stream",
      "content-length": b.length,
      "cache-control": rel === "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
    });
    res.end(b);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  const origin = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;

  return {
    origin,
    ui,
    async prepare(traceId, only) {
      const t = performance.now();
      const id = traceId.toLowerCase();
      const get = async (p: string) => {
        const r = await fetch(`${upstream}${p}`);
        if (!r.ok) throw new Error(`stand-in: mock Jaeger answered ${r.status} for ${p}`);
        const b = Buffer.from(await r.arrayBuffer());
        bodies.set(p, b);
        return b.length;
      };
      const v1Bytes = only === "v3" ? 0 : await get(`/api/traces/${id}`);
      const v3Bytes = await get(`/api/v3/traces/${id}`);
      return { v1Bytes, v3Bytes, ms: performance.now() - t };
    },
    forget(traceId) {
      const id = traceId.toLowerCase();
      bodies.delete(`/api/traces/${id}`);
      bodies.delete(`/api/v3/traces/${id}`);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
