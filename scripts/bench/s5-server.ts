// 5. Server: Sightline's API latency against the same request made straight to the mock backend
// (overhead = the difference, p50 and p99), and requests/s at 50 concurrent clients for 20 s
// (autocannon, loopback).
import { spawn } from "node:child_process";
import path from "node:path";
import type { Ctx, ProfileTools } from "./context";
import { type CpuShare, cpuShare, cpuSnapshot, describeShare, sumShares } from "./cpu";
import { makeFigure, maxMs, quantile } from "./stats";
import { DEEP_LINK_CONTAINER } from "./world";
import { syntheticTraceId } from "./s3-traces";

const LOAD_SECONDS = 20;
const CONNECTIONS = 50;
const FLOOR_SECONDS = 10;

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(url);
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`${url} → HTTP ${r.status}`);
  return performance.now() - t;
}

interface Pair {
  /** Figure ids: 5-<key>-p50 … */
  key: string;
  name: string;
  size: string;
  /** The n-th request's URL (a fresh one per request where nothing may be reused). */
  sightline: (n: number) => string;
  direct: (n: number) => string;
  perBatch: number;
  /** Budget of the p50 overhead (#15: ≤ 5 ms for the logs API). */
  budgetMs?: number;
  note: string;
}

async function pairs(ctx: Ctx): Promise<Pair[]> {
  const { from, to } = ctx.range;
  const logsUrl = `${ctx.origin}/api/containers/${DEEP_LINK_CONTAINER}/logs?from=${from}&to=${to}&limit=100`;
  const body = (await (await fetch(logsUrl)).json()) as { query?: string };
  if (!body.query) throw new Error("logs API gave no LogQL query");
  const lokiUrl = (end: number) =>
    `${ctx.mocks.urls.loki}/loki/api/v1/query_range?${new URLSearchParams({
      query: body.query ?? "",
      start: `${from}000000`,
      end: `${end}000000`,
      limit: "100",
      direction: "backward",
    })}`;
  // A range ending 1 ms earlier per request: a new question every time, so nothing Sightline
  // keeps can answer it (the cost of a request that does reach Loki).
  let fresh = 0;
  const freshTo = () => to - 1 - (fresh++ % 600_000);
  const trace = syntheticTraceId(1000);
  return [
    {
      key: "logs",
      name: "logs",
      size: "100 lines, 1 h",
      sightline: () => logsUrl,
      direct: () => lokiUrl(to),
      perBatch: 60,
      budgetMs: 5,
      note: "Sightline: /api/containers/…/logs, the same request each time (answered from its shared answer after the first); direct: Loki query_range with the same LogQL",
    },
    (() => {
      let end = to;
      return {
        key: "logs-fresh",
        name: "logs, uncached",
        size: "100 lines, 1 h",
        sightline: () => {
          end = freshTo();
          return `${ctx.origin}/api/containers/${DEEP_LINK_CONTAINER}/logs?from=${from}&to=${end}&limit=100`;
        },
        direct: () => lokiUrl(end),
        perBatch: 60,
        note: "a new range end per request: Sightline resolves, queries Loki (lines and the volume beside it), decodes, serialises; direct: Loki query_range with the same LogQL and range",
      } satisfies Pair;
    })(),
    {
      key: "trace",
      name: "trace",
      size: "1,000 spans",
      sightline: () => `${ctx.origin}/api/traces/${trace}`,
      direct: () => `${ctx.mocks.urls.jaeger}/api/v3/traces/${trace}`,
      perBatch: 30,
      budgetMs: 10,
      note: "Sightline: /api/traces/{id} (also matches spans to the container inventory); direct: Jaeger /api/v3/traces/{id}",
    },
  ];
}

export async function apiOverhead(ctx: Ctx): Promise<void> {
  for (const p of await pairs(ctx)) {
    for (let i = 0; i < 10; i++) {
      await timed(p.sightline(i));
      await timed(p.direct(i));
    }
    const o50: number[] = [];
    const o99: number[] = [];
    const s50: number[] = [];
    const d50: number[] = [];
    for (let b = 0; b < ctx.runs; b++) {
      const s: number[] = [];
      const d: number[] = [];
      // Interleaved so both see the same machine state.
      for (let i = 0; i < p.perBatch; i++) {
        s.push(await timed(p.sightline(i)));
        d.push(await timed(p.direct(i)));
      }
      s50.push(quantile(s, 0.5));
      d50.push(quantile(d, 0.5));
      o50.push(quantile(s, 0.5) - quantile(d, 0.5));
      o99.push(quantile(s, 0.99) - quantile(d, 0.99));
    }
    const profiler = async (tools: ProfileTools) => {
      await tools.server(`API ${p.name}: ${p.perBatch} sequential requests`, async () => {
        for (let i = 0; i < p.perBatch; i++) await timed(p.sightline(i));
      });
    };
    const size = `${p.size}, ${p.perBatch} req/run`;
    ctx.add(
      makeFigure({
        id: `5-${p.key}-p50`,
        scenario: "5 Server",
        figure: `API overhead p50 (${p.name})`,
        size,
        unit: "ms",
        runs: o50,
        budget: p.budgetMs === undefined ? undefined : maxMs(p.budgetMs),
        note: p.note,
      }),
      profiler,
    );
    ctx.add(
      makeFigure({
        id: `5-${p.key}-p99`,
        scenario: "5 Server",
        figure: `API overhead p99 (${p.name})`,
        size,
        unit: "ms",
        runs: o99,
      }),
    );
    ctx.add(
      makeFigure({
        id: `5-${p.key}-s50`,
        scenario: "5 Server",
        figure: `Sightline API p50 (${p.name})`,
        size,
        unit: "ms",
        runs: s50,
      }),
    );
    ctx.add(
      makeFigure({
        id: `5-${p.key}-d50`,
        scenario: "5 Server",
        figure: `mock backend direct p50 (${p.name})`,
        size,
        unit: "ms",
        runs: d50,
      }),
    );
  }
}

interface Autocannon {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function autocannon(root: string, url: string, seconds: number): Promise<Autocannon> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, "node_modules/autocannon/autocannon.js"),
        "-c",
        String(CONNECTIONS),
        "-d",
        String(seconds),
        "-t",
        "10",
        "-j",
        url,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    const kill = setTimeout(() => child.kill("SIGKILL"), (seconds + 30) * 1000);
    child.on("exit", (code) => {
      clearTimeout(kill);
      try {
        resolve(JSON.parse(out) as Autocannon);
      } catch {
        reject(new Error(`autocannon exited ${code}: ${err.slice(-500)}`));
      }
    });
  });
}

export async function throughput(ctx: Ctx): Promise<void> {
  const { from, to } = ctx.range;
  const url = `${ctx.origin}/api/containers/${DEEP_LINK_CONTAINER}/logs?from=${from}&to=${to}&limit=100`;
  await autocannon(ctx.root, url, 2); // warm-up
  const rs: Autocannon[] = [];
  const shares: CpuShare[] = [];
  const pid = ctx.server.child.pid;
  for (let i = 0; i < ctx.runs; i++) {
    const before = cpuSnapshot(pid);
    const r = await autocannon(ctx.root, url, LOAD_SECONDS);
    // autocannon has exited and been reaped: its CPU is in the bench's children's time.
    const share = cpuShare(before, cpuSnapshot(pid));
    rs.push(r);
    shares.push(share);
    ctx.log(
      `autocannon run ${i + 1}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors; CPU: ${describeShare(share, "autocannon")}`,
    );
  }
  const profiler = async (tools: ProfileTools) => {
    await tools.server(`API logs under load: ${CONNECTIONS} connections, 5 s`, async () => {
      await autocannon(ctx.root, url, 5);
    });
  };
  const bad = rs.reduce((s, r) => s + r.non2xx + r.errors, 0); // autocannon counts timeouts among errors
  ctx.add(
    makeFigure({
      id: "5-rps",
      scenario: "5 Server",
      figure: `requests/s, ${CONNECTIONS} connections × ${LOAD_SECONDS} s (autocannon)`,
      size: "logs API, 100 lines",
      unit: "req/s",
      runs: rs.map((r) => r.requests.average),
      budget: { kind: "min", value: 1000, text: "≥ 1,000 req/s" },
      note: `latency under load p50 ${rs.map((r) => r.latency.p50).join("/")} ms, p99 ${rs.map((r) => r.latency.p99).join("/")} ms; ${bad} non-2xx or failed (incl. 10 s timeouts) of ${rs.reduce((s, r) => s + r.requests.total, 0)} requests. The repeated request's kept answer is sent by the request hook before Next.js (lib/server/logs-early.ts: same checks, same bytes); the first request and each one after the answer's 2 s lifetime go through Next (5-rps-floor: Next's own cost)`,
    }),
    profiler,
  );
  // The floor under any API route: Next.js and proxy.ts around a handler that does nothing
  // (/livez), same load, same CPU accounting.
  const floorBefore = cpuSnapshot(pid);
  const floor = await autocannon(ctx.root, `${ctx.origin}/livez`, FLOOR_SECONDS);
  const floorCpu = cpuShare(floorBefore, cpuSnapshot(pid));
  ctx.add(
    makeFigure({
      id: "5-rps-floor",
      scenario: "5 Server",
      figure: `requests/s on /livez, ${CONNECTIONS} connections × ${FLOOR_SECONDS} s (Next.js + proxy.ts, a handler that does nothing)`,
      size: "floor",
      unit: "req/s",
      runs: [floor.requests.average],
      note: `Sightline CPU per request ${((1000 * floorCpu.sightline) / Math.max(1, floor.requests.total)).toFixed(2)} ms; alone ${Math.round((floor.requests.total / floorCpu.sightline) * floorCpu.cores)} req/s (× ${floorCpu.cores} cores). ${describeShare(floorCpu, "autocannon")}`,
    }),
  );
  // What Sightline alone would do: its requests per CPU-second of its own, times the cores
  // (one Node process uses about one core for JavaScript: the × cores figure assumes one
  // instance per core, e.g. two behind a balancer).
  const total = sumShares(shares);
  const perCpuS = rs.map((r, i) => r.requests.total / (shares[i]?.sightline ?? Number.NaN));
  const cpuNote = `CPU over the ${rs.length} runs: ${describeShare(total, "autocannon")}`;
  ctx.add(
    makeFigure({
      id: "5-rps-cpu",
      scenario: "5 Server",
      figure: "Sightline CPU per request under load",
      size: "logs API, 100 lines",
      unit: "ms",
      runs: perCpuS.map((x) => 1000 / x),
      note: cpuNote,
    }),
  );
  ctx.add(
    makeFigure({
      id: "5-rps-alone",
      scenario: "5 Server",
      figure: `requests/s Sightline alone would do (requests ÷ its CPU-s × ${total.cores} cores)`,
      size: "logs API, 100 lines",
      unit: "req/s",
      runs: perCpuS.map((x) => x * total.cores),
      note: `${Math.round(perCpuS.reduce((a, b) => a + b, 0) / Math.max(1, perCpuS.length))} req per CPU-second of the server process; mocks and autocannon excluded. ${cpuNote}`,
    }),
  );
}
