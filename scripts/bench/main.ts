// `npm run bench` (via scripts/bench/run.mjs, after ensureDeps + ensureBuild): starts the bench
// mock servers in this process, Sightline with `next start` against them (the production code
// path), drives Debian's Chromium with Playwright, prints a Markdown table and writes
// bench-results/results.{json,md} and, for figures over budget, bench-results/profiles.md.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "@playwright/test";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { installBackendLog } from "./backend-log";
import { CHROMIUM, launch, newContext } from "./browser";
import { Ctx, type Profiler } from "./context";
import { summaryMarkdown } from "./profile";
import { deepLink } from "./s1-deeplink";
import { liveTail, logLists, logScroll } from "./s2-logs";
import { jaegerUiBuild, type StandIn, startStandIn } from "./jaeger-standin";
import { traces } from "./s3-traces";
import { trace1m } from "./s3-trace-1m";
import { tracesVsJaeger } from "./s3-vs-jaeger";
import { charts } from "./s4-chart";
import { apiOverhead, throughput } from "./s5-server";
import { hostileLines } from "./s6-hostile";
import { heavyLoad } from "./s7-load";
import { kube } from "./s8-kube";
import { benchBackendsEnv, NodeInspector, type SightlineServer, startSightline, waitForHealth } from "./server";
import { markdownTable } from "./stats";
import { createBenchWorld } from "./world";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = path.join(root, "bench-results");
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS) || 5);
const started = Date.now();
/** Absolute deadline (epoch ms) from run.mjs; leave room to write results and clean up. */
const deadline = Number(process.env.BENCH_DEADLINE) || started + 9 * 60_000;
/** Kept free for the profiles of figures over budget, which run after all scenarios. */
const PROFILE_RESERVE_MS = 60_000;
const only = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);

interface Scenario {
  key: string;
  title: string;
  /** Rough cost, to skip rather than overrun the deadline. */
  estimateMs: number;
  run(ctx: Ctx): Promise<void>;
  /** Only when named (BENCH_ONLY / npm run bench -- key). */
  optIn?: boolean;
}

const SCENARIOS: Scenario[] = [
  { key: "deeplink", title: "1 + 6 deep link, first-load JS", estimateMs: 30_000, run: deepLink },
  { key: "logs", title: "2 logs: 1,000 / 5,000 lines", estimateMs: 10_000, run: logLists },
  { key: "scroll", title: "2 logs: scroll 5,000 lines", estimateMs: 35_000, run: logScroll },
  { key: "live", title: "2 logs: live tail 1,000 lines/s × 30 s", estimateMs: 50_000, run: liveTail },
  { key: "traces", title: "3 trace page", estimateMs: 100_000, run: traces },
  {
    key: "traces-vs-jaeger",
    title: "3 trace page vs Jaeger UI, side by side",
    estimateMs: 240_000,
    run: tracesVsJaeger,
  },
  // Opt-in: generating a 1M-span trace takes GBs in the bench process and minutes.
  { key: "trace-1m", title: "3 trace page, 1M spans, both UIs", estimateMs: 420_000, run: trace1m, optIn: true },
  { key: "charts", title: "4 metrics charts", estimateMs: 30_000, run: charts },
  { key: "api", title: "5 API overhead", estimateMs: 40_000, run: apiOverhead },
  { key: "rps", title: "5 requests/s", estimateMs: 125_000, run: throughput },
  { key: "hostile", title: "6 hostile lines (own Sightline)", estimateMs: 40_000, run: hostileLines },
  { key: "load", title: "7 heavy load: 200 clients × 60 s (own Sightline)", estimateMs: 110_000, run: heavyLoad },
  { key: "kube", title: "8 Kubernetes: 15,000-container inventory, workload page", estimateMs: 150_000, run: kube },
];

const loadAtStart = os.loadavg()[0] ?? 0;

function machine(): string {
  const cpus = os.cpus();
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end`;
  return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Chromium ${CHROMIUM}; ${load}`;
}

async function main(): Promise<number> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  let exitCode = 0;
  let ctx: Ctx | undefined;
  const failures: string[] = [];
  const closeAll = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
  };
  let stopping = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      stopping = true;
      process.stderr.write(`\n✗ bench: ${sig}, stopping\n`);
      void closeAll().finally(() => process.exit(130));
    });
  }
  try {
    const { world, loki } = createBenchWorld();
    const mocks: MockServers = await startMockServers({
      prometheus: world.promSource(),
      loki,
      jaeger: world.jaegerSource(),
      engine: world.engineSource(),
      now: world.now,
    });
    cleanups.push(() => mocks.close());
    installBackendLog(mocks.urls);
    // Sightline reads Jaeger through the stand-in, which also serves Jaeger UI (side by side).
    const standIn: StandIn = await startStandIn(mocks.urls.jaeger ?? "", jaegerUiBuild());
    cleanups.push(() => standIn.close());
    const server: SightlineServer = await startSightline(
      root,
      {
        ...benchBackendsEnv(mocks.urls, standIn.origin),
      },
      path.join(outDir, "next-server.log"),
    );
    cleanups.push(() => server.stop());
    process.stderr.write(`▸ Sightline on ${server.origin} (next start), mock backends ${JSON.stringify(mocks.urls)}\n`);
    if (!(await waitForHealth(server.origin, 60_000)))
      throw new Error("Sightline did not answer /api/health within 60 s");
    let inspector: NodeInspector | undefined;
    try {
      inspector = await NodeInspector.connect(
        await Promise.race([
          server.inspectorUrl,
          new Promise<string>((_r, j) => setTimeout(() => j(new Error("no inspector URL")), 5000)),
        ]),
      );
      const ins = inspector;
      cleanups.push(async () => ins.close());
    } catch (err) {
      process.stderr.write(`  (no server profiles: ${(err as Error).message})\n`);
    }
    const browser: Browser = await launch();
    cleanups.push(() => browser.close());

    const hourEnd = Math.floor(Date.now() / 60_000) * 60_000;
    ctx = new Ctx(root, outDir, server, inspector, mocks, browser, RUNS, deadline, {
      from: hourEnd - 3_600_000,
      to: hourEnd,
    });
    ctx.standIn = standIn;
    await warmUp(ctx);

    for (const s of SCENARIOS) {
      if (stopping) break;
      if (only.length ? !only.includes(s.key) : s.optIn) continue;
      if (ctx.remainingMs() - PROFILE_RESERVE_MS < s.estimateMs) {
        ctx.note(
          `skipped "${s.title}": ${Math.round(ctx.remainingMs() / 1000)} s left before the deadline, it needs about ${s.estimateMs / 1000} s`,
        );
        continue;
      }
      const t = Date.now();
      process.stderr.write(`▸ ${s.title}\n`);
      try {
        await s.run(ctx);
      } catch (err) {
        const msg = `${s.title} failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
        failures.push(msg);
        ctx.note(msg);
      }
      ctx.log(`${s.title} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
      writeResults(ctx, false);
    }
    if (!stopping) await profileOverBudget(ctx);
  } catch (err) {
    exitCode = 1;
    process.stderr.write(`✗ bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  } finally {
    await closeAll();
  }
  if (ctx) writeResults(ctx);
  return exitCode || (failures.length ? 1 : 0);
}

/** Server-side JIT and first-request work (route compilation, detection caches) out of the way. */
async function warmUp(ctx: Ctx): Promise<void> {
  const { from, to } = ctx.range;
  const api = [
    `/api/containers/shop-frontend-1`,
    `/api/containers/shop-frontend-1/metrics?from=${from}&to=${to}`,
    `/api/containers/shop-frontend-1/logs?from=${from}&to=${to}`,
    `/api/containers/shop-frontend-1/traces?from=${from}&to=${to}`,
    `/api/traces/feed00000000000000000000000003e8`,
  ];
  for (let i = 0; i < 3; i++) for (const p of api) await (await fetch(`${ctx.origin}${p}`)).arrayBuffer();
  const b = await newContext(ctx.browser);
  try {
    const page = await b.newPage();
    await page.goto(`${ctx.origin}/containers/shop-frontend-1?from=${from}&to=${to}`, { waitUntil: "networkidle" });
    await page.goto(`${ctx.origin}/traces/feed00000000000000000000000003e8`, { waitUntil: "networkidle" });
  } finally {
    await b.close();
  }
}

/** One profiled re-run per profiler of every figure over budget (figures sharing a profiler share the run). */
async function profileOverBudget(ctx: Ctx): Promise<void> {
  const byProfiler = new Map<Profiler, string[]>();
  for (const f of ctx.figures) {
    const p = f.withinBudget === false ? ctx.profilers.get(f.id) : undefined;
    if (p) byProfiler.set(p, [...(byProfiler.get(p) ?? []), f.id]);
  }
  if (byProfiler.size) process.stderr.write(`▸ profiling ${byProfiler.size} run(s) for figures over budget\n`);
  for (const [profiler, ids] of byProfiler) {
    if (ctx.remainingMs() < 20_000) {
      ctx.note(`no profile for ${ids.join(", ")}: out of time`);
      continue;
    }
    try {
      await profiler(ctx.tools(ids));
    } catch (err) {
      ctx.note(
        `profile for ${ids.join(", ")} failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
      );
    }
  }
}

/** Written after every scenario too, so a run stopped at the time limit still leaves its figures. */
function writeResults(ctx: Ctx, print = true): void {
  const seconds = (Date.now() - Number(process.env.BENCH_STARTED || started)) / 1000;
  const table = markdownTable(ctx.figures);
  const notes = ctx.figures.filter((f) => f.note).map((f) => `- **${f.id}** ${f.note}`);
  const md = [
    "# Sightline bench",
    "",
    `Machine: ${machine()}. Runs per figure: ${RUNS} (median, min–max). Total time ${seconds.toFixed(0)} s (build included when one was needed).`,
    "",
    table,
    "",
    ...(notes.length ? ["Notes:", "", ...notes, ""] : []),
    ...ctx.notes.map((n) => `- ${n}`),
    "",
    ctx.profiles.length ? "CPU and heap profiles of the figures over budget: bench-results/profiles.md." : "",
  ].join("\n");
  writeFileSync(path.join(outDir, "results.md"), `${md}\n`);
  writeFileSync(
    path.join(outDir, "results.json"),
    `${JSON.stringify(
      {
        machine: {
          summary: machine(),
          cores: os.availableParallelism(),
          cpu: os.cpus()[0]?.model,
          memBytes: os.totalmem(),
        },
        runs: RUNS,
        startedAt: new Date(started).toISOString(),
        seconds,
        figures: ctx.figures,
        notes: ctx.notes,
        profiles: ctx.profiles.map((p) => ({ figureIds: p.figureIds, file: p.file, summary: p.summary })),
      },
      null,
      2,
    )}\n`,
  );
  if (ctx.profiles.length) {
    const pm = [
      "# Where the time goes: profiles of the figures over budget",
      "",
      "Self time by function (CPU profiles: CDP Profiler, 200 µs sampling) or live bytes by allocating function (sampling heap profiles). Server frames are source-mapped; client chunks are minified (no browser source maps in a production build), so the code at the sampled position is shown to identify them, and chunks are tagged with the libraries whose marker strings they contain. `benchScrollDriver` is the bench's own scroll loop: its self time is the style and layout the browser does when it sets scrollTop, i.e. laying out the rows React rendered for that frame.",
      "",
      ...ctx.profiles.map(
        (p) =>
          `${summaryMarkdown(p.summary)}${p.backend ? `\nBackend requests Sightline made meanwhile (answered by the mock servers in the bench process):\n\n${p.backend}\n` : ""}\nFigures: ${p.figureIds.join(", ")} · raw profile: bench-results/${p.file}\n`,
      ),
    ].join("\n");
    writeFileSync(path.join(outDir, "profiles.md"), pm);
  }
  if (print) process.stdout.write(`\n${md}\n`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✗ bench: ${String(err)}\n`);
    process.exit(1);
  },
);
