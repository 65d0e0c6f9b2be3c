// A diagnostic of the trace page's cold load, no figures: where the time goes from navigation
// to the first span row, the server's phases (lib/trace-timing.ts) and the browser's navigation
// and resource timing on one clock, each run a fresh trace ID in a fresh browser (as 3v / 3m):
//   [PROFILE=1] [DIAG_DIR=/tmp] node --import tsx scripts/bench/diag-trace.ts [spans=1000000] [runs=1]
// PROFILE=1 adds the server's CPU profile of each load (top functions; the .cpuprofile in DIAG_DIR);
// BROWSER_TRACE=1 writes Chromium's timeline trace of each load instead (DIAG_DIR); WARM=1 also
// writes the page's HTML there; SHOT=1 screenshots the page at its first row and once ready.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMockServers } from "../../mocks/server/start";
import { launch, marks, newContext, SPAN_SELECTORS, TRACE_READY, watch } from "./browser";
import { jaegerUiBuild, startStandIn } from "./jaeger-standin";
import { taggedTraceId } from "./s3-vs-jaeger";
import { benchBackendsEnv, NodeInspector, startSightline, waitForHealth } from "./server";
import { summarize, summaryMarkdown } from "./profile";
import { createBenchWorld } from "./world";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const spans = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 1);
const out = process.env.DIAG_DIR || "/tmp";
const logFile = path.join(out, "diag-trace-server.log");

async function main() {
  const { world, loki } = createBenchWorld();
  const mocks = await startMockServers({
    prometheus: world.promSource(),
    loki,
    jaeger: world.jaegerSource(),
    engine: world.engineSource(),
    now: world.now,
  });
  const si = await startStandIn(mocks.urls.jaeger ?? "", jaegerUiBuild());
  const server = await startSightline(
    root,
    {
      ...benchBackendsEnv(mocks.urls, si.origin),
      SIGHTLINE_TRACE_TIMING: "1",
    },
    logFile,
  );
  await waitForHealth(server.origin, 30_000);
  const ins = process.env.PROFILE ? await NodeInspector.connect(await server.inspectorUrl) : undefined;
  // warm: a small trace
  {
    const id = taggedTraceId(1000, 0x77);
    await si.prepare(id);
    await (await fetch(`${server.origin}/traces/${id}`)).text();
    await (await fetch(`${server.origin}/api/traces/${id}/columns`)).arrayBuffer();
  }
  // WARM=1: one browser for every run (as bench 3's runs) and the trace already in the store.
  const warm = !!process.env.WARM;
  // SHOT=1: a screenshot once the first row is painted, and one once the columns are in (DIAG_DIR).
  const shots = !!process.env.SHOT;
  let shared: Awaited<ReturnType<typeof launch>> | undefined;
  for (let r = 0; r < runs; r++) {
    const id = taggedTraceId(spans, 0xb00 + r + (Date.now() % 100000) * 16);
    const prep = await si.prepare(id, "v3");
    console.log(`run ${r + 1}: v3 ${(prep.v3Bytes / 1e6).toFixed(0)} MB, prepared in ${(prep.ms / 1000).toFixed(0)} s`);
    if (warm) {
      // The page's HTML as the browser gets it; the store has the trace after this, as in
      // bench 3, whose runs reuse one trace ID within the store's 30 s.
      const html = await (await fetch(`${server.origin}/traces/${id}`)).text();
      writeFileSync(path.join(out, "diag-trace-page.html"), html);
    }
    // SHARED=1: one browser for every run (as bench 3's runs) with the trace cold: a new trace
    // ID's server load without a browser launch competing with it for the 2 cores.
    const oneBrowser = warm || !!process.env.SHARED;
    const browser = oneBrowser ? (shared ??= await launch()) : await launch();
    const ctx = await newContext(browser);
    await watch(ctx, SPAN_SELECTORS);
    const page = await ctx.newPage();
    const logFrom = readFileSync(logFile, "utf8").length;
    let m: Awaited<ReturnType<typeof marks>> = {};
    let readyAt = 0;
    const load = async () => {
      await page.goto(`${server.origin}/traces/${id}`, { waitUntil: "commit", timeout: 180_000 });
      m = await marks(page, ["span"], 180_000);
      if (shots) await page.screenshot({ path: path.join(out, `diag-trace-first-${r}.png`) });
      await page.waitForSelector(TRACE_READY, { timeout: 180_000 });
      readyAt = await page.evaluate(() => performance.now());
      if (shots) await page.screenshot({ path: path.join(out, `diag-trace-ready-${r}.png`) });
    };
    if (process.env.BROWSER_TRACE) {
      await browser.startTracing(page, { categories: ["devtools.timeline", "loading", "blink.user_timing"] });
      await load();
      const buf = await browser.stopTracing();
      writeFileSync(path.join(out, `diag-trace-browser-${r}.json`), buf);
    } else if (ins) {
      const prof = await ins.profile(load);
      writeFileSync(path.join(out, `diag-trace-server-${r}.cpuprofile`), JSON.stringify(prof));
      const s = summarize("server", prof, 30);
      console.log(summaryMarkdown(s));
    } else await load();
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const res = performance
        .getEntriesByType("resource")
        .map((e) => e as PerformanceResourceTiming)
        .filter((e) => e.duration > 20 || e.name.includes("columns"))
        .map((e) => ({
          name: e.name.slice(-60),
          start: e.startTime,
          reqStart: e.requestStart,
          resStart: e.responseStart,
          end: e.responseEnd,
          size: e.encodedBodySize,
        }));
      const paints = performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]);
      return {
        origin: performance.timeOrigin,
        requestStart: n.requestStart,
        responseStart: n.responseStart,
        responseEnd: n.responseEnd,
        domInteractive: n.domInteractive,
        dcl: n.domContentLoadedEventEnd,
        load: n.loadEventEnd,
        htmlBytes: n.encodedBodySize,
        paints,
        res,
      };
    });
    const lines = readFileSync(logFile, "utf8")
      .slice(logFrom)
      .split("\n")
      .filter((l) => l.startsWith("[trace-timing]"));
    const ev: [number, string][] = lines.map((l) => {
      const [, t, ...rest] = l.split(" ");
      return [Number(t) - nav.origin, rest.join(" ")];
    });
    ev.push([nav.requestStart, "browser: requestStart"], [nav.responseStart, "browser: responseStart (HTML)"]);
    ev.push(
      [nav.responseEnd, `browser: responseEnd (HTML ${nav.htmlBytes} B)`],
      [nav.domInteractive, "browser: domInteractive"],
    );
    ev.push([nav.dcl, "browser: DCL end"]);
    for (const [name, t] of nav.paints) ev.push([t as number, `browser: ${name}`]);
    ev.push([m.span!.dom, "browser: first span row in DOM"], [m.span!.paint!, "browser: FIRST SPAN ROW PAINTED"]);
    ev.push([readyAt, "browser: trace ready (columns in) seen"]);
    for (const x of nav.res)
      ev.push([
        x.start,
        `res ${x.name} start (reqStart ${x.reqStart.toFixed(0)} resStart ${x.resStart.toFixed(0)} end ${x.end.toFixed(0)} ${x.size} B)`,
      ]);
    ev.sort((a, b) => a[0] - b[0]);
    for (const [t, l] of ev) console.log(`${t.toFixed(0).padStart(8)} ms  ${l}`);
    if (oneBrowser) await ctx.close();
    else await browser.close();
    si.forget(id);
  }
  await shared?.close();
  await server.stop();
  await si.close();
  await mocks.close();
}
void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
