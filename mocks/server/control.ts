// The control server: switch faults over HTTP while a test or a demo is running.
//   POST {control}/faults/{backend}  {"mode": "...", "delayMs"?: n}   → 200 {backend, fault}
//   GET  {control}/faults                                             → {backend: fault, …}
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type BackendKind, FAULT_MODES, type Fault, isBackend, isFaultMode } from "./faults";

export interface FaultTarget {
  faults(): Partial<Record<BackendKind, Fault>>;
  setFault(backend: BackendKind, fault: Fault): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

export function parseFault(v: unknown): Fault | string {
  if (typeof v !== "object" || v === null) return "body must be a JSON object";
  const mode = "mode" in v ? v.mode : undefined;
  if (!isFaultMode(mode)) return `mode must be one of ${FAULT_MODES.join(", ")}`;
  const delayMs = "delayMs" in v ? v.delayMs : undefined;
  if (delayMs !== undefined && (typeof delayMs !== "number" || !(delayMs >= 0))) return "delayMs must be a number ≥ 0";
  return delayMs === undefined ? { mode } : { mode, delayMs };
}

export async function startControl(target: FaultTarget, host: string, port: number) {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const m = /^\/faults(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!m) return reply(res, 404, { error: `no route ${url.pathname}` });
    if (req.method === "GET" && !m[1]) return reply(res, 200, target.faults());
    if (req.method !== "POST" || !m[1]) return reply(res, 405, { error: "use GET /faults or POST /faults/{backend}" });
    const backend = m[1];
    if (!isBackend(backend)) return reply(res, 404, { error: `unknown backend ${backend}` });
    readJson(req)
      .then(async (body) => {
        const fault = parseFault(body);
        if (typeof fault === "string") return reply(res, 400, { error: fault });
        if (!target.faults()[backend]) return reply(res, 404, { error: `backend ${backend} is not running` });
        await target.setFault(backend, fault);
        reply(res, 200, { backend, fault });
      })
      .catch((err: unknown) => reply(res, 400, { error: err instanceof Error ? err.message : String(err) }));
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
