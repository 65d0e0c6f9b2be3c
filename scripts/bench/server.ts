// Sightline under test: `next start` on the production build, bound to 127.0.0.1, pointed at
// the bench mock servers (the production code path), with Node's inspector open on loopback so
// the bench can take a CPU profile of the server when a server figure misses its budget.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { WebSocket } from "ws";
import type { CpuProfile } from "./profile";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface SightlineServer {
  origin: string;
  child: ChildProcess;
  inspectorUrl: Promise<string>;
  stop(): Promise<void>;
}

/** The production server's V8 flags (scripts/lib.mjs SERVER_NODE_FLAGS; node-flags.test.ts keeps them equal). */
/**
 * A bench Sightline's environment: the mock backends' URLs (Jaeger through `jaegerUrl`, the
 * side-by-side stand-in), no demo world, the bench pages on.
 */
export function benchBackendsEnv(
  urls: { prometheus?: string; loki?: string; engine?: string },
  jaegerUrl: string,
): Record<string, string> {
  return {
    PROMETHEUS_URL: urls.prometheus ?? "",
    LOKI_URL: urls.loki ?? "",
    JAEGER_URL: jaegerUrl,
    ENGINE_URLS: urls.engine ?? "",
    SIGHTLINE_DEMO: "",
    SIGHTLINE_BENCH: "1",
  };
}

export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];

/** Polls /api/health every 250 ms until it answers 200 (true) or `ms` have passed (false). */
export async function waitForHealth(origin: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${origin}/api/health`);
      if (r.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function startSightline(
  root: string,
  env: Record<string, string>,
  logFile: string,
): Promise<SightlineServer> {
  const port = await freePort();
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      ...SERVER_NODE_FLAGS,
      "--inspect=127.0.0.1:0",
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.pipe(log);
  let resolveUrl: (u: string) => void = () => {};
  const inspectorUrl = new Promise<string>((r) => (resolveUrl = r));
  let buf = "";
  child.stderr?.on("data", (d: Buffer) => {
    log.write(d);
    buf += d.toString();
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(buf);
    if (m?.[1]) resolveUrl(m[1]);
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    origin: `http://127.0.0.1:${port}`,
    child,
    inspectorUrl,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(t);
      }
      log.end();
    },
  };
}

/** A minimal CDP client over the inspector WebSocket of a Node process. */
export class NodeInspector {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error) w?.reject(new Error(msg.error.message));
      else w?.resolve(msg.result);
    });
  }

  static async connect(url: string): Promise<NodeInspector> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new NodeInspector(ws);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async profile(during: () => Promise<void>): Promise<CpuProfile> {
    await this.send("Profiler.enable");
    await this.send("Profiler.setSamplingInterval", { interval: 200 });
    await this.send("Profiler.start");
    let failure: unknown;
    try {
      await during();
    } catch (err) {
      failure = err;
    }
    const { profile } = await this.send<{ profile: CpuProfile }>("Profiler.stop");
    await this.send("Profiler.disable");
    if (failure) throw failure;
    return profile;
  }

  close(): void {
    this.ws.close();
  }
}
