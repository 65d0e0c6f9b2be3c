// One mock backend: a real node:http server on 127.0.0.1 answering through MSW handlers,
// with a fault switch. "refuse" really closes the listener (ECONNREFUSED) and "none" listens
// again on the same port, so clients see exactly what a restarting backend looks like.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { RequestHandler } from "msw";
import { answer, send, toRequest } from "./http-bridge";
import { DEFAULT_SLOW_MS, type Fault, delay, sendBadJson, sendHtml500, sendHuge } from "./faults";

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, fault: Fault) => void;

export class BackendServer {
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private fault: Fault = { mode: "none" };
  private handlers: RequestHandler[] = [];
  port = 0;

  constructor(
    readonly name: string,
    readonly host: string,
    private readonly upgrade?: UpgradeHandler,
  ) {}

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  get currentFault(): Fault {
    return this.fault;
  }

  /** Handlers need the final URL, which exists only after listen (port 0). */
  setHandlers(h: RequestHandler[]): void {
    this.handlers = h;
  }

  async listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        if (!res.destroyed) res.end(`mock ${this.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.once("close", () => this.sockets.delete(s));
    });
    if (this.upgrade) {
      const up = this.upgrade;
      server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => up(req, socket, head, this.fault));
    }
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const addr = server.address();
    this.port = typeof addr === "object" && addr ? addr.port : port;
    this.server = server;
  }

  /** Stops listening and drops every open connection (hung requests included). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    server.closeAllConnections();
    await closed;
  }

  async setFault(f: Fault): Promise<void> {
    const was = this.fault.mode;
    this.fault = f;
    if (f.mode === "refuse" && was !== "refuse") await this.stop();
    if (f.mode !== "refuse" && !this.server) await this.listen(this.port);
    // Connections held by "hang" are released when the mode changes.
    if (was === "hang" && f.mode !== "hang") for (const s of this.sockets) if (hung.has(s)) s.destroy();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const f = this.fault;
    const ac = new AbortController();
    res.once("close", () => ac.abort());
    switch (f.mode) {
      case "hang":
        hung.add(req.socket);
        return; // never answer
      case "html500":
        return sendHtml500(res);
      case "badjson":
        return sendBadJson(res);
      case "huge":
        return sendHuge(res);
      case "slow":
        await delay(f.delayMs ?? DEFAULT_SLOW_MS, ac.signal);
        if (ac.signal.aborted) return;
        break;
      default:
        break;
    }
    const request = await toRequest(req, this.url, ac.signal);
    const response = await answer(this.handlers, request);
    await send(res, response, {
      head: req.method === "HEAD",
      truncate: f.mode === "truncated",
      // A big answer from a busy backend: its first half, a pause, then the rest.
      stall: f.mode === "stall" ? { ms: f.delayMs ?? DEFAULT_SLOW_MS, signal: ac.signal } : undefined,
    });
  }
}

const hung = new WeakSet<Socket>();
