// Diagnostics for the load row (#13), not a bench figure: runs the load mix once and reports
// the server's event-loop delay over time (monitorEventLoopDelay read over the inspector), the
// request log's server-side /api/health durations against the client's, and a sampling heap
// profile of what was allocated after the second 10 s and is still live at the end (by stack).
//   node --import tsx scripts/bench/diag-load.ts [--seconds 60] [--clients 200] [--tails 50]
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { q, startLoadEnv } from "./load-env";
import type { CpuProfile, HeapNode, SamplingHeapProfile } from "./profile";
import { runLoad } from "./s7-load";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values: a } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    clients: { type: "string", default: "200" },
    tails: { type: "string", default: "50" },
    heap: { type: "boolean", default: true },
  },
});
const seconds = Number(a.seconds);
const logFile = path.join(os.tmpdir(), `sightline-diag-${process.pid}.log`);
async function main() {
  const env = await startLoadEnv(root, logFile);
  const t0 = Date.now();
  try {
    await env.inspector.send("Runtime.evaluate", {
      expression: `globalThis.__diagH = process.mainModule.require("node:perf_hooks").monitorEventLoopDelay({ resolution: 10 }); globalThis.__diagH.enable(); 1`,
    });
    const lagRows: string[] = [];
    const lagTimer = setInterval(async () => {
      const r = await env.evalJson<{ p50: number; p99: number; max: number; mean: number }>(
        `(() => { const h = globalThis.__diagH; const r = { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, mean: h.mean / 1e6 }; h.reset(); return r; })()`,
      );
      const extra = await env.evalJson<unknown>(
        "[globalThis.__sightlineAdmission, globalThis.__sightlineShed?.stats?.(), globalThis.__sightlineLogsCache?.totalBytes, globalThis.__sightlineTraceStore?.bytes, process.memoryUsage().heapUsed >> 20]",
      );
      lagRows.push(
        `${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s  loop delay p50 ${r.p50.toFixed(0)} p99 ${r.p99.toFixed(0)} max ${r.max.toFixed(0)} ms  ${JSON.stringify(extra)}`,
      );
    }, 5000);
    let heapProfile: SamplingHeapProfile | undefined;
    const heapJob = a.heap
      ? (async () => {
          await new Promise((r) => setTimeout(r, 12_000));
          await env.inspector.send("HeapProfiler.enable");
          await env.inspector.send("HeapProfiler.collectGarbage");
          await env.inspector.send("HeapProfiler.startSampling", { samplingInterval: 8192 });
          await new Promise((r) => setTimeout(r, (seconds - 6) * 1000 - 12_000));
          await env.inspector.send("HeapProfiler.collectGarbage");
          heapProfile = (await env.inspector.send<{ profile: SamplingHeapProfile }>("HeapProfiler.getSamplingProfile"))
            .profile;
          await env.inspector.send("HeapProfiler.stopSampling");
        })()
      : Promise.resolve();
    // GC pauses (PerformanceObserver in the server) and a CPU profile from 20 s to 35 s, cut
    // into tasks at the (idle) samples: what the longest stretches without idle were doing.
    await env.inspector.send("Runtime.evaluate", {
      expression: `(() => { const { PerformanceObserver } = process.mainModule.require("node:perf_hooks"); const s = globalThis.__diagGc = { n: 0, ms: 0, max: 0, over50: 0, kinds: {} }; new PerformanceObserver((l) => { for (const e of l.getEntries()) { s.n++; s.ms += e.duration; s.max = Math.max(s.max, e.duration); if (e.duration > 50) s.over50++; const k = e.detail?.kind ?? e.kind; s.kinds[k] = (s.kinds[k] ?? 0) + e.duration; } }).observe({ entryTypes: ["gc"] }); return 1; })()`,
    });
    let cpu: CpuProfile | undefined;
    const cpuJob = (async () => {
      await new Promise((r) => setTimeout(r, 20_000));
      cpu = await env.inspector.profile(() => new Promise((r) => setTimeout(r, 15_000)));
    })();
    // This process's own loop (the clients and the probe share it): its delay is in every probe.
    const own = monitorEventLoopDelay({ resolution: 10 });
    own.enable();
    const r = await runLoad(env, { seconds, clients: Number(a.clients), tails: Number(a.tails) });
    own.disable();
    console.log(
      `bench process loop delay: p50 ${(own.percentile(50) / 1e6).toFixed(0)} p99 ${(own.percentile(99) / 1e6).toFixed(0)} max ${(own.max / 1e6).toFixed(0)} ms`,
    );
    await heapJob;
    await cpuJob;
    console.log(`gc: ${JSON.stringify(await env.evalJson("globalThis.__diagGc"))}`);
    if (cpu) longTasks(cpu);
    clearInterval(lagTimer);
    for (const row of r.rows) console.log(`${row.id}: ${row.value}`);
    // Backend calls by operation and the caches' hits, from the server's own /metrics.
    const metrics = await (await fetch(`${env.origin}/metrics`)).text();
    for (const line of metrics.split("\n"))
      if (/^sightline_(backend_request_duration_seconds_count|cache_requests_total)/.test(line)) console.log(line);
    for (const f of r.failures.slice(0, 10)) console.log(`failure: ${f}`);
    console.log(lagRows.join("\n"));
    // Server-side health durations (request event → finish) from the request log.
    const server: number[] = [];
    const byRoute = new Map<string, { n: number; s503: number }>();
    for (const line of readFileSync(logFile, "utf8").split("\n")) {
      if (!line.startsWith("{")) continue;
      try {
        const j = JSON.parse(line) as { route?: string; durationMs?: number; status?: number };
        if (j.route === "/api/health" && j.durationMs !== undefined) server.push(j.durationMs);
        const k = j.route ?? "?";
        const e = byRoute.get(k) ?? { n: 0, s503: 0 };
        e.n++;
        if (j.status === 503) e.s503++;
        byRoute.set(k, e);
      } catch {}
    }
    console.log(
      `health server-side: n ${server.length} p50 ${q(server, 0.5)} p90 ${q(server, 0.9)} p99 ${q(server, 0.99)} max ${Math.max(...server)} ms`,
    );
    console.log([...byRoute].map(([k, v]) => `${k}: ${v.n} (503: ${v.s503})`).join("\n"));
    if (heapProfile) {
      // Live bytes allocated after 12 s, by the first three app frames of the allocation stack.
      const agg = new Map<string, number>();
      let total = 0;
      const visit = (n: HeapNode, stack: string[]) => {
        const f = n.callFrame;
        const name = `${f.functionName || "(anon)"}@${f.url.replace(/^.*\/(\.next|node_modules)\//, "$1/").slice(-70)}:${f.lineNumber}`;
        const s = [...stack, name];
        if (n.selfSize > 0) {
          const key = s.slice(-6).reverse().join(" < ");
          agg.set(key, (agg.get(key) ?? 0) + n.selfSize);
          total += n.selfSize;
        }
        for (const c of n.children) visit(c, s);
      };
      visit(heapProfile.head, []);
      console.log(`\nlive bytes allocated after 12 s: ${(total / 2 ** 20).toFixed(1)} MiB`);
      for (const [k, v] of [...agg].sort((x, y) => y[1] - x[1]).slice(0, 25))
        console.log(`${(v / 2 ** 20).toFixed(2).padStart(7)} MiB  ${k}`);
    }
    console.log(
      `load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}; log ${logFile}`,
    );
  } finally {
    await env.close();
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

function longTasks(p: CpuProfile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  interface Task {
    ms: number;
    self: Map<string, number>;
  }
  const tasks: Task[] = [];
  let cur: Task | undefined;
  /** The sampled frame and its two callers. */
  const label = (id: number): string => {
    const chain: string[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)?.callFrame;
      if (f)
        chain.push(
          `${f.functionName || "(anon)"}@${f.url.replace(/^.*\/(\.next|node_modules|lib)\//, "$1/").slice(-50)}:${f.lineNumber}`,
        );
    }
    return chain.slice(0, 3).join(" < ");
  };
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? 0;
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const fn = byId.get(id)?.callFrame.functionName;
    if (fn === "(idle)") {
      if (cur) tasks.push(cur);
      cur = undefined;
      continue;
    }
    cur ??= { ms: 0, self: new Map() };
    cur.ms += dt;
    const k = label(id);
    cur.self.set(k, (cur.self.get(k) ?? 0) + dt);
  }
  if (cur) tasks.push(cur);
  const total = tasks.reduce((x, t) => x + t.ms, 0);
  const sorted = [...tasks].sort((x, y) => y.ms - x.ms);
  console.log(
    `\ncpu 15 s: ${tasks.length} busy stretches, ${total.toFixed(0)} ms busy; longest: ${sorted
      .slice(0, 10)
      .map((t) => t.ms.toFixed(0))
      .join(", ")} ms`,
  );
  // Where the 15 s went in all: self time by frame and its caller, over every busy stretch.
  const all = new Map<string, number>();
  for (const t of tasks) for (const [k, v] of t.self) all.set(k, (all.get(k) ?? 0) + v);
  console.log("-- self time in all busy stretches:");
  for (const [k, v] of [...all].sort((x, y) => y[1] - x[1]).slice(0, 30))
    console.log(`   ${v.toFixed(0).padStart(5)} ms  ${k}`);
  for (const t of sorted.slice(0, 4)) {
    console.log(`-- ${t.ms.toFixed(0)} ms:`);
    for (const [k, v] of [...t.self].sort((x, y) => y[1] - x[1]).slice(0, 8))
      console.log(`   ${v.toFixed(1)} ms  ${k}`);
  }
}
