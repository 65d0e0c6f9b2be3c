// Hostile data and heavy load (issue #13), against the production build (`next start`) and the
// demo world's mock backends on loopback:
//
//   node --import tsx scripts/bench/load.ts --ci      ≤ 30 s; asserts what does not depend on the
//                                                     machine's speed (exit 1 on failure)
//   node --import tsx scripts/bench/load.ts           bench rows with budgets (Markdown table)
//
// Rows: (1) hostile lines: the logs API over 1,000 lines incl. ten 256 KB adversarial lines vs
// 1,000 ordinary lines, and /api/health p99 meanwhile; (2) load: C clients for T s mixing page
// loads, API calls and live tails: errors other than 429/503, health p99, heap between the
// second and the last 10 s, and Loki tail connections vs distinct tailed queries.
// Needs `next build` first (run it under `flock /tmp/heavy.lock`).
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { LokiEntry, LokiSource, LokiStreamSource, LokiStreamWalker } from "../../mocks/sources";
import { startMockServers } from "../../mocks/server/start";
import { createWorld } from "../../mocks/world/world";
import { NodeInspector, startSightline } from "./server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values: args } = parseArgs({
  options: {
    ci: { type: "boolean", default: false },
    seconds: { type: "string" },
    clients: { type: "string" },
    tails: { type: "string" },
    "skip-hostile": { type: "boolean", default: false },
  },
});
const CI = Boolean(args.ci);
const SECONDS = Number(args.seconds ?? (CI ? 20 : 60));
const CLIENTS = Number(args.clients ?? (CI ? 40 : 200));
const TAILS = Number(args.tails ?? (CI ? 16 : 50));

// ---------------------------------------------------------------------------------------
// The world: the demo world, plus two containers whose last hour holds exactly 1,000 lines:
// one ordinary, one with ten 256 KB adversarial lines among them.

const LINES = 1000;
const SPACING_MS = 3000;
const KB256 = 256 * 1024;

function ordinary(i: number, atMs: number): string {
  return `ts=${new Date(atMs).toISOString()} level=info logger=api msg="GET /cart/${i} 200" duration_ms=${i % 97} trace_id=${(0x1000 + i).toString(16).padStart(32, "0")}`;
}

/** What made the old logfmt regex backtrack: word runs, an unterminated quote, a long User-Agent. */
function adversarial(n: number): string {
  switch (n % 4) {
    case 0:
      return "a".repeat(KB256);
    case 1:
      return `level=warn msg="${"x".repeat(KB256)}`;
    case 2:
      return `127.0.0.1 - - [05/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "Mozilla/5.0 ${"A".repeat(KB256 - 80)}"`;
    default:
      return `${"k.".repeat(KB256 / 2)}`;
  }
}

class FixedStream implements LokiStreamSource, LokiStreamWalker {
  private readonly entries: LokiEntry[];
  constructor(
    readonly labels: Record<string, string>,
    endMs: number,
    hostile: boolean,
  ) {
    this.entries = Array.from({ length: LINES }, (_, i) => {
      const at = endMs - (LINES - i) * SPACING_MS;
      const line = hostile && i % 100 === 50 ? adversarial(i / 100) : ordinary(i, at);
      return { ns: `${BigInt(at) * 1_000_000n}`, line };
    });
  }
  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[] {
    return this.entries.filter((e) => BigInt(e.ns) >= fromNs && BigInt(e.ns) < toNs);
  }
  *walk(fromNs: bigint, toNs: bigint, direction: "forward" | "backward"): Generator<LokiEntry> {
    const list = this.entriesIn(fromNs, toNs);
    if (direction === "backward") list.reverse();
    yield* list;
  }
}

function loadWorld() {
  const world = createWorld({ seed: 7 });
  const base = world.lokiSource();
  const names = [...new Set(base.streams().map((s) => s.labels.container ?? ""))].filter(Boolean).sort();
  const plain = names[0] ?? "";
  const hostile = names[1] ?? "";
  const endMs = world.now();
  const fixed = new Map<string, FixedStream>();
  const loki: LokiSource = {
    streams() {
      return base.streams().map((s) => {
        const c = s.labels.container;
        if (c !== plain && c !== hostile) return s;
        let f = fixed.get(c);
        if (!f) {
          f = new FixedStream(s.labels, endMs, c === hostile);
          fixed.set(c, f);
        }
        return f;
      });
    },
  };
  return { world, loki, plain, hostile, names, endMs };
}

// ---------------------------------------------------------------------------------------
// Loki tail connections, counted by a TCP proxy in front of the mock Loki.

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

// ---------------------------------------------------------------------------------------

const q = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
};
const median = (xs: number[]) => q(xs, 0.5);

/** Polls /api/health until stopped; returns the latencies. */
function healthProbe(origin: string) {
  const lat: number[] = [];
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
      lat.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    lat,
    errors,
    async stop() {
      on = false;
      await run;
    },
  };
}

interface Row {
  row: string;
  value: string;
  budget: string;
  ok: boolean;
}

async function main(): Promise<number> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    process.stderr.write("load: no production build; run `flock /tmp/heavy.lock npx next build` first\n");
    return 2;
  }
  const rows: Row[] = [];
  const failures: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const w = loadWorld();
    const mocks = await startMockServers({
      prometheus: w.world.promSource(),
      loki: w.loki,
      jaeger: w.world.jaegerSource(),
      engine: w.world.engineSource(),
      now: w.world.now,
    });
    cleanups.push(() => mocks.close());
    const lokiProxy = await countingProxy(mocks.urls.loki ?? "");
    cleanups.push(() => lokiProxy.close());
    const server = await startSightline(
      root,
      {
        PROMETHEUS_URL: mocks.urls.prometheus ?? "",
        LOKI_URL: lokiProxy.url,
        JAEGER_URL: mocks.urls.jaeger ?? "",
        ENGINE_URLS: mocks.urls.engine ?? "",
        SIGHTLINE_DEMO: "",
      },
      path.join(os.tmpdir(), `sightline-load-${process.pid}.log`),
    );
    cleanups.push(() => server.stop());
    const origin = server.origin;
    for (let i = 0; i < 240; i++) {
      const ok = await fetch(`${origin}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const inspector = await NodeInspector.connect(await server.inspectorUrl);
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
    const logsUrl = (c: string) => `${origin}/api/containers/${c}/logs?from=${hourAgo}&to=${w.endMs}&limit=1000`;
    // Warm-up: routes compiled, detection cached.
    for (const c of [w.plain, w.hostile]) for (let i = 0; i < 2; i++) await (await fetch(logsUrl(c))).arrayBuffer();

    // ---- hostile lines ----
    if (!args["skip-hostile"]) {
      const timeLogs = async (c: string) => {
        const t = performance.now();
        const r = await fetch(logsUrl(c));
        const body = (await r.json()) as { lines?: { lineLength?: number }[] };
        if (!r.ok) throw new Error(`${c} logs → ${r.status}`);
        return {
          ms: performance.now() - t,
          lines: body.lines?.length ?? 0,
          cut: body.lines?.filter((l) => l.lineLength).length ?? 0,
        };
      };
      const runs = CI ? 3 : 7;
      const plain: number[] = [];
      const hostile: number[] = [];
      const probe = healthProbe(origin);
      let cut = 0;
      let n = 0;
      for (let i = 0; i < runs; i++) {
        plain.push((await timeLogs(w.plain)).ms);
        const h = await timeLogs(w.hostile);
        hostile.push(h.ms);
        cut = h.cut;
        n = h.lines;
      }
      await probe.stop();
      const ratio = median(hostile) / median(plain);
      if (n !== LINES) failures.push(`hostile logs: ${n} lines, expected ${LINES}`);
      if (cut !== 10) failures.push(`hostile logs: ${cut} lines marked cut, expected 10`);
      rows.push({
        row: "hostile lines: logs API, 1,000 lines incl. ten 256 KB adversarial / 1,000 ordinary (median)",
        value: `${median(hostile).toFixed(0)} ms / ${median(plain).toFixed(0)} ms = ${ratio.toFixed(2)}×`,
        budget: "≤ 2×",
        ok: ratio <= 2,
      });
      rows.push({
        row: "hostile lines: /api/health p99 meanwhile",
        value: `${q(probe.lat, 0.99).toFixed(0)} ms (${probe.lat.length} probes)`,
        budget: "≤ 50 ms",
        ok: q(probe.lat, 0.99) <= 50,
      });
      failures.push(...probe.errors);
      // The same page straight from the mock Loki (same LogQL): what the backend itself costs.
      const direct = async (c: string) => {
        const { query } = (await (await fetch(logsUrl(c))).json()) as { query: string };
        const u = `${mocks.urls.loki}/loki/api/v1/query_range?${new URLSearchParams({
          query,
          start: `${hourAgo}000000`,
          end: `${w.endMs}000000`,
          limit: "1000",
          direction: "backward",
        })}`;
        const ms: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await (await fetch(u)).arrayBuffer();
          ms.push(performance.now() - t);
        }
        return median(ms);
      };
      const [dPlain, dHostile] = [await direct(w.plain), await direct(w.hostile)];
      rows.push({
        row: "hostile lines: the same page straight from the mock Loki, hostile / ordinary (for reference)",
        value: `${dHostile.toFixed(0)} ms / ${dPlain.toFixed(0)} ms; Sightline's own share: ${(median(hostile) - dHostile).toFixed(0)} ms / ${(median(plain) - dPlain).toFixed(0)} ms`,
        budget: "–",
        ok: true,
      });
    }

    // ---- load ----
    const containers = w.names;
    // Tail only containers Sightline maps to Loki streams (others answer 409 with the reason).
    const mapped: string[] = [];
    for (const c of containers) {
      const r = await fetch(`${origin}/api/containers/${c}/logs?from=${hourAgo}&to=${w.endMs}&limit=1`);
      const body = (await r.json()) as { reason?: unknown };
      if (r.ok && !body.reason) mapped.push(c);
    }
    const tailed = mapped.slice(0, 8);
    const errors: string[] = [];
    const refused = { 429: 0, 503: 0 };
    let requests = 0;
    const stopAt = Date.now() + SECONDS * 1000;
    const check = async (r: Response, what: string) => {
      requests++;
      if (r.status === 429 || r.status === 503) {
        const text = await r.text();
        if (!/"message":"[^"]{10,}/.test(text)) errors.push(`${what}: ${r.status} without a message`);
        refused[r.status]++;
        return;
      }
      const text = await r.text();
      if (!r.ok) errors.push(`${what}: HTTP ${r.status} ${text.slice(0, 300)}`);
    };
    const rel = `from=now-1h&to=now`;
    const abs = `from=${hourAgo}&to=${w.endMs}`;
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)] as T;
    const mix = (): string => {
      const c = pick(containers);
      return pick([
        `/containers/${c}?${rel}`,
        `/traces/${"4bf92f3577b34da6a3ce929d0e0e4736"}`,
        `/api/containers`,
        `/api/containers/${c}`,
        `/api/containers/${c}/metrics?${abs}`,
        `/api/containers/${c}/logs?${abs}&limit=200`,
        `/api/containers/${c}/traces?${abs}`,
        `/api/sparklines?${abs}`,
        `/api/health`,
      ]);
    };
    const heapSamples: { t: number; used: number }[] = [];
    const t0 = Date.now();
    const sampler = setInterval(() => {
      heap(false).then(
        (used) => heapSamples.push({ t: (Date.now() - t0) / 1000, used }),
        () => {},
      );
    }, 1000);
    const probe = healthProbe(origin);
    const tailAborts: AbortController[] = [];
    const tailStatus: number[] = [];
    /** Containers with at least one live tail the server accepted (200). */
    const streaming = new Set<string>();
    let tailBytes = 0;
    const tailClients = Array.from({ length: TAILS }, async (_, i) => {
      const ac = new AbortController();
      tailAborts.push(ac);
      const c = tailed[i % tailed.length] ?? "";
      try {
        const r = await fetch(`${origin}/api/containers/${c}/logs/tail`, {
          signal: ac.signal,
          headers: { "X-Forwarded-For": `10.0.${i >> 8}.${i & 255}` },
        });
        tailStatus.push(r.status);
        if (r.status !== 200) return check(r, `tail ${c}`);
        streaming.add(c);
        requests++;
        const reader = r.body?.getReader();
        for (;;) {
          const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
          if (done) break;
          tailBytes += value?.byteLength ?? 0;
        }
      } catch (e) {
        if (!ac.signal.aborted) errors.push(`tail ${c}: ${(e as Error).message}`);
      }
    });
    const others = Array.from({ length: Math.max(0, CLIENTS - TAILS) }, async (_, i) => {
      while (Date.now() < stopAt) {
        const p = mix();
        try {
          await check(await fetch(`${origin}${p}`, { headers: { "X-Forwarded-For": `10.1.${i >> 8}.${i & 255}` } }), p);
        } catch (e) {
          errors.push(`${p}: ${(e as Error).message}`);
        }
      }
    });
    // Mid-run: Loki tail connections vs distinct tailed queries, and the hub's buffers.
    await new Promise((r) => setTimeout(r, Math.min(SECONDS * 500, 10_000)));
    const hub = await evalJson<{ tails: number; subscribers: number; maxQueued: number } | null>(
      "globalThis.__sightlineTailHub?.stats()",
    );
    const lokiTails = lokiProxy.active();
    const distinct = streaming.size;
    await Promise.all(others);
    for (const ac of tailAborts) ac.abort();
    await Promise.all(tailClients);
    clearInterval(sampler);
    await probe.stop();
    const heapSecond = heapSamples.filter((s) => s.t >= 10 && s.t < 20).map((s) => s.used);
    const heapLast = heapSamples.filter((s) => s.t >= SECONDS - 10).map((s) => s.used);
    const heapDrift = median(heapLast) / median(heapSecond) - 1;
    const heapAfter = await heap(true);

    failures.push(...errors.slice(0, 20));
    if (errors.length > 20) failures.push(`… and ${errors.length - 20} more errors`);
    if (lokiTails !== distinct)
      failures.push(`Loki tail connections ${lokiTails} ≠ distinct tailed queries ${distinct}`);
    // No hub yet means no tail was ever opened.
    if ((hub?.tails ?? 0) !== distinct)
      failures.push(`tail hub reports ${hub?.tails ?? 0} tails, expected ${distinct}`);
    if (hub && hub.maxQueued > 2000) failures.push(`a live-tail queue holds ${hub.maxQueued} lines (cap 2,000)`);
    const heapCap = 512 * 1024 * 1024;
    if (heapAfter > heapCap) failures.push(`server heap after GC ${(heapAfter / 2 ** 20).toFixed(0)} MiB > 512 MiB`);

    rows.push({
      row: `load: ${CLIENTS} clients × ${SECONDS} s (${TAILS} live tails): errors other than 429/503`,
      value: `${errors.length} of ${requests} (429: ${refused[429]}, 503: ${refused[503]})`,
      budget: "0",
      ok: errors.length === 0,
    });
    rows.push({
      row: "load: /api/health p99",
      value: `${q(probe.lat, 0.99).toFixed(0)} ms (${probe.lat.length} probes)`,
      budget: "≤ 100 ms",
      ok: q(probe.lat, 0.99) <= 100,
    });
    rows.push({
      row: "load: server heap, last 10 s vs second 10 s (median)",
      value: Number.isFinite(heapDrift)
        ? `${heapDrift >= 0 ? "+" : ""}${(heapDrift * 100).toFixed(1)} % (${(median(heapLast) / 2 ** 20).toFixed(0)} MiB)`
        : "n/a (run ≥ 30 s)",
      budget: "±10 %",
      ok: Number.isFinite(heapDrift) && Math.abs(heapDrift) <= 0.1,
    });
    rows.push({
      row: "load: Loki tail connections / distinct tailed queries",
      value: `${lokiTails} / ${distinct} (hub: ${hub?.tails} tails, ${hub?.subscribers} viewers, max queue ${hub?.maxQueued}; ${(tailBytes / 2 ** 20).toFixed(1)} MiB streamed)`,
      budget: "equal",
      ok: lokiTails === distinct,
    });
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }

  const table = [
    "| row | value | budget | within |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.row} | ${r.value} | ${r.budget} | ${r.ok ? "yes" : "**no**"} |`),
  ].join("\n");
  process.stdout.write(
    `\n${table}\n\n${os.availableParallelism()} cores, load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}\n`,
  );
  if (failures.length) process.stderr.write(`\n✗ ${failures.length} failures:\n  ${failures.join("\n  ")}\n`);
  // CI asserts only what does not depend on the machine's speed; timings are bench figures.
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✗ load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
