// Shared by the hostile-data and heavy-load figures (#13; s6-hostile.ts, s7-load.ts, and the CI
// entry point load.ts): the demo world (seed 7) with two containers whose last hour holds exactly
// 1,000 lines (one with ten 256 KB adversarial lines), its mock backends on loopback, Loki behind
// a counting TCP proxy (tail WebSockets open = Loki tail connections), and Sightline under
// `next start` with Node's inspector (server heap, the live-tail hub's figures, CPU profiles).
import { writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Ctx } from "./context";
import { summarize } from "./profile";
import { NodeInspector, type SightlineServer, startSightline } from "./server";
import { type Budget, type Figure, makeFigure, type Unit } from "./stats";

export { LINES } from "./load-world";

/** Loki tail connections, counted by a TCP proxy in front of the mock Loki. */
async function countingProxy(target: string) {
  const u = new URL(target);
  let active = 0;
  let total = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(Number(u.port), u.hostname);
    sockets.add(client);
    sockets.add(up);
    let tail = false;
    client.once("data", (chunk: Buffer) => {
      if (chunk.toString("latin1", 0, 300).includes("/loki/api/v1/tail")) {
        tail = true;
        active++;
        total++;
      }
      up.write(chunk);
      client.pipe(up);
      up.pipe(client);
    });
    const done = () => {
      if (tail) {
        tail = false;
        active--;
      }
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on("close", done);
    up.on("close", done);
    client.on("error", done);
    up.on("error", done);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    active: () => active,
    total: () => total,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Nearest-rank quantile (p99 of the probes is one of them). */
export const q = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
};
export const median = (xs: number[]) => q(xs, 0.5);

/** Polls /api/health every 50 ms until stopped; returns the latencies. */
export function healthProbe(origin: string) {
  const lat: number[] = [];
  /** [sent, answered] of each probe (performance.now()), in order, beside `lat`. */
  const spans: [number, number][] = [];
  const errors: string[] = [];
  let on = true;
  const run = (async () => {
    while (on) {
      const t = performance.now();
      try {
        const r = await fetch(`${origin}/api/health`);
        await r.arrayBuffer();
        if (!r.ok) errors.push(`health ${r.status}`);
      } catch (e) {
        errors.push(`health ${(e as Error).message}`);
      }
      const end = performance.now();
      lat.push(end - t);
      spans.push([t, end]);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    lat,
    spans,
    errors,
    async stop() {
      on = false;
      await run;
    },
  };
}

/** One row of the hostile/load table; `toFigure` turns it into a bench figure. */
export interface LoadRow {
  id: string;
  row: string;
  /** Human text of the value (with its context: probes, counts). */
  value: string;
  budget: string;
  /** undefined: a reference row without a budget. */
  ok?: boolean;
  unit: Unit;
  runs: number[];
  size: string;
}

export interface LoadResult {
  rows: LoadRow[];
  /** What the CI version asserts (independent of the machine's speed). */
  failures: string[];
}

export function toFigure(r: LoadRow, scenario: string): Figure {
  const budget: Budget | undefined =
    r.ok === undefined ? undefined : { kind: "max", value: Number.NaN, text: r.budget };
  return {
    ...makeFigure({
      id: r.id,
      scenario,
      figure: r.row,
      size: r.size,
      unit: r.unit,
      runs: r.runs,
      budget,
      note: r.value,
    }),
    withinBudget: r.ok,
  };
}

export function tableOf(rows: LoadRow[]): string {
  return [
    "| row | value | budget | within |",
    "|---|---|---|---|",
    ...rows.map(
      (r) => `| ${r.row} | ${r.value} | ${r.budget} | ${r.ok === undefined ? "–" : r.ok ? "yes" : "**no**"} |`,
    ),
  ].join("\n");
}

export type LoadEnv = Awaited<ReturnType<typeof startLoadEnv>>;

interface MocksStarted {
  urls: Partial<Record<string, string>>;
  names: string[];
  plain: string;
  hostile: string;
  endMs: number;
}

/** Mocks, the counting Loki proxy and Sightline (production build), ready and warmed up. */
export async function startLoadEnv(root: string, logFile: string) {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
  };
  try {
    // The mocks run in a child process (load-mocks-worker.ts): their work must not delay the
    // clients and the health probe in this one.
    const child = fork(fileURLToPath(new URL("./load-mocks-worker.ts", import.meta.url)), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    cleanups.push(async () => {
      if (child.connected) child.send("close");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    });
    const started = await new Promise<MocksStarted>((resolve, reject) => {
      child.once("message", (m) => resolve(m as MocksStarted));
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`mock process exited with ${code}`)));
    });
    const mocks = { urls: started.urls };
    const w = { names: started.names, plain: started.plain, hostile: started.hostile, endMs: started.endMs };
    const lokiProxy = await countingProxy(mocks.urls.loki ?? "");
    cleanups.push(() => lokiProxy.close());
    const server: SightlineServer = await startSightline(
      root,
      {
        PROMETHEUS_URL: mocks.urls.prometheus ?? "",
        LOKI_URL: lokiProxy.url,
        JAEGER_URL: mocks.urls.jaeger ?? "",
        ENGINE_URLS: mocks.urls.engine ?? "",
        SIGHTLINE_DEMO: "",
        SIGHTLINE_BENCH: "",
        // The simulated clients stand behind a proxy on loopback that says who they are
        // (X-Forwarded-For): the per-client live-tail cap counts them one by one.
        SIGHTLINE_TRUSTED_PROXIES: "127.0.0.1/32,::1/128",
      },
      logFile,
    );
    cleanups.push(() => server.stop());
    const origin = server.origin;
    let up = false;
    for (let i = 0; i < 240 && !up; i++) {
      up = await fetch(`${origin}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!up) await new Promise((r) => setTimeout(r, 250));
    }
    if (!up) throw new Error(`Sightline did not answer /api/health within 60 s (log: ${logFile})`);
    const inspector = await NodeInspector.connect(
      await Promise.race([
        server.inspectorUrl,
        new Promise<string>((_r, j) => setTimeout(() => j(new Error("no inspector URL")), 10_000)),
      ]),
    );
    cleanups.push(async () => inspector.close());
    const evalJson = async <T>(expr: string): Promise<T> => {
      const r = await inspector.send<{ result: { value?: string } }>("Runtime.evaluate", {
        expression: `JSON.stringify(${expr})`,
        returnByValue: true,
      });
      return JSON.parse(r.result.value ?? "null") as T;
    };
    const heap = async (gc: boolean) => {
      if (gc) await inspector.send("HeapProfiler.collectGarbage");
      const h = await inspector.send<{ usedSize: number }>("Runtime.getHeapUsage");
      return h.usedSize;
    };
    const hourAgo = w.endMs - 3_600_000;
    // `bust` moves the range's end by that many ms (the same lines): a new request that no shared
    // answer of the logs API can serve, so the figure is Sightline's work on the lines.
    const logsUrl = (c: string, bust = 0) =>
      `${origin}/api/containers/${c}/logs?from=${hourAgo}&to=${w.endMs + bust}&limit=1000`;
    // Warm-up: routes compiled, detection cached.
    for (const c of [w.plain, w.hostile]) for (let i = 0; i < 2; i++) await (await fetch(logsUrl(c))).arrayBuffer();
    return { w, mocks, lokiProxy, server, origin, inspector, evalJson, heap, hourAgo, logsUrl, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A CPU profile of this env's Sightline while `fn` runs, filed with the bench's profiles. */
export async function profileInto(
  ctx: Ctx,
  env: LoadEnv,
  figureIds: string[],
  title: string,
  fn: () => Promise<void>,
): Promise<void> {
  const p = await env.inspector.profile(fn);
  const slug = `${String(ctx.profiles.length + 1).padStart(2, "0")}-${figureIds[0]}-server`.replace(
    /[^a-z0-9_.-]+/gi,
    "-",
  );
  const file = path.join(ctx.outDir, "profiles", `${slug}.cpuprofile`);
  writeFileSync(file, JSON.stringify(p));
  ctx.profiles.push({
    figureIds,
    summary: summarize(`${title} — Sightline server (Node)`, p),
    file: path.relative(ctx.outDir, file),
  });
}
