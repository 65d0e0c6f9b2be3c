// A diagnostic of row 1a (the container page's cold deep link), no figures: the server's phases
// (SIGHTLINE_TRACE_TIMING=1: page start, container resolved, each panel's seed, the backend
// answers) and the browser's navigation, paint, resource timing and the three panels'
// paints on one clock, each run in a fresh browser context as in the bench:
//   [BROWSER_TRACE=1] [PROFILE=1] [HTML=1] [DIAG_DIR=/tmp] node --import tsx scripts/bench/diag-deeplink.ts [runs=5]
// BROWSER_TRACE=1 writes Chromium's timeline trace of each load (DIAG_DIR); PROFILE=1 the
// server's CPU profile of each load (top functions printed, the .cpuprofile in DIAG_DIR); HTML=1
// writes the page's HTML there (fetched after the warm-up).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMockServers } from "../../mocks/server/start";
import { launch, marks, newContext, PANEL_SELECTORS, watch } from "./browser";
import { summarize, summaryMarkdown } from "./profile";
import { benchBackendsEnv, NodeInspector, startSightline, waitForHealth } from "./server";
import { median } from "./stats";
import { createBenchWorld, DEEP_LINK_CONTAINER } from "./world";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const runs = Number(process.argv[2] ?? 5);
const out = process.env.DIAG_DIR || "/tmp";
const logFile = path.join(out, "diag-deeplink-server.log");
const PANELS = Object.keys(PANEL_SELECTORS);

async function main() {
  const { world, loki } = createBenchWorld();
  const mocks = await startMockServers({
    prometheus: world.promSource(),
    loki,
    jaeger: world.jaegerSource(),
    engine: world.engineSource(),
    now: world.now,
  });
  const server = await startSightline(
    root,
    { ...benchBackendsEnv(mocks.urls, mocks.urls.jaeger ?? ""), SIGHTLINE_TRACE_TIMING: "1" },
    logFile,
  );
  await waitForHealth(server.origin, 30_000);
  const ins = process.env.PROFILE ? await NodeInspector.connect(await server.inspectorUrl) : undefined;
  const hourEnd = Math.floor(Date.now() / 60_000) * 60_000;
  const q = `from=${hourEnd - 3_600_000}&to=${hourEnd}`;
  const url = `${server.origin}/containers/${DEEP_LINK_CONTAINER}?${q}`;
  const browser = await launch();
  // Warm-up as the bench's (main.ts warmUp): the API three times, one browser load.
  for (let i = 0; i < 3; i++)
    for (const p of ["metrics", "logs", "traces"])
      await (await fetch(`${server.origin}/api/containers/${DEEP_LINK_CONTAINER}/${p}?${q}`)).arrayBuffer();
  {
    const c = await newContext(browser);
    await (await c.newPage()).goto(url, { waitUntil: "networkidle" });
    await c.close();
  }
  if (process.env.HTML) {
    const html = await (await fetch(url, { headers: { accept: "text/html" } })).text();
    writeFileSync(path.join(out, "diag-deeplink-page.html"), html);
  }
  const summary: Record<string, number[]> = {};
  const add = (k: string, v: number) => void (summary[k] ??= []).push(v);
  for (let r = 0; r < runs; r++) {
    const ctx = await newContext(browser);
    await watch(ctx, PANEL_SELECTORS);
    const page = await ctx.newPage();
    const logFrom = readFileSync(logFile, "utf8").length;
    let m: Awaited<ReturnType<typeof marks>> = {};
    const load = async () => {
      await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
      m = await marks(page, PANELS, 60_000);
    };
    if (process.env.BROWSER_TRACE) {
      await browser.startTracing(page, {
        categories: ["devtools.timeline", "loading", "blink.user_timing", "disabled-by-default-devtools.timeline"],
      });
      await load();
      writeFileSync(path.join(out, `diag-deeplink-browser-${r}.json`), await browser.stopTracing());
    } else if (ins) {
      const prof = await ins.profile(load);
      writeFileSync(path.join(out, `diag-deeplink-server-${r}.cpuprofile`), JSON.stringify(prof));
      console.log(summaryMarkdown(summarize("server", prof, 25)));
    } else await load();
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const res = performance
        .getEntriesByType("resource")
        .map((e) => e as PerformanceResourceTiming)
        .map((e) => ({
          name: e.name.replace(/^https?:\/\/[^/]+/, "").slice(0, 70),
          start: e.startTime,
          resStart: e.responseStart,
          end: e.responseEnd,
          size: e.encodedBodySize,
        }));
      const paints = performance.getEntriesByType("paint").map((p) => [p.name, p.startTime] as const);
      return {
        origin: performance.timeOrigin,
        requestStart: n.requestStart,
        responseStart: n.responseStart,
        responseEnd: n.responseEnd,
        domInteractive: n.domInteractive,
        dcl: n.domContentLoadedEventEnd,
        htmlBytes: n.encodedBodySize,
        paints,
        res,
      };
    });
    const ev: [number, string][] = readFileSync(logFile, "utf8")
      .slice(logFrom)
      .split("\n")
      .filter((l) => l.startsWith("[trace-timing]"))
      .map((l) => {
        const [, t, ...rest] = l.split(" ");
        return [Number(t) - nav.origin, `server: ${rest.join(" ")}`];
      });
    ev.push(
      [nav.requestStart, "browser: requestStart"],
      [nav.responseStart, "browser: responseStart (HTML)"],
      [nav.responseEnd, `browser: responseEnd (HTML ${nav.htmlBytes} B)`],
      [nav.domInteractive, "browser: domInteractive"],
      [nav.dcl, "browser: DCL end"],
    );
    add("html first byte", nav.responseStart);
    add("html done", nav.responseEnd);
    add("DCL end", nav.dcl);
    for (const [name, t] of nav.paints) ev.push([t, `browser: ${name}`]);
    for (const n of PANELS) {
      ev.push([m[n]!.dom, `browser: ${n} in DOM`], [m[n]!.paint!, `browser: ${n.toUpperCase()} PAINTED`]);
      add(`${n} painted`, m[n]!.paint!);
    }
    add("all painted", Math.max(...PANELS.map((n) => m[n]!.paint!)));
    for (const x of nav.res)
      ev.push([x.start, `res ${x.name} (resStart ${x.resStart.toFixed(0)} end ${x.end.toFixed(0)}, ${x.size} B)`]);
    for (const [t, l] of ev.filter(
      ([, l]) => l.startsWith("server: seed") || l.startsWith("server: drawn") || l.startsWith("server: page"),
    ))
      add(l, t);
    ev.sort((a, b) => a[0] - b[0]);
    console.log(`\nrun ${r + 1}`);
    for (const [t, l] of ev) console.log(`${t.toFixed(0).padStart(8)} ms  ${l}`);
    await ctx.close();
  }
  console.log(`\nmedians over ${runs} runs (ms from navigation start):`);
  for (const [k, xs] of Object.entries(summary).sort((a, b) => median(a[1]) - median(b[1])))
    console.log(`${median(xs).toFixed(0).padStart(8)}  ${k}  [${xs.map((x) => x.toFixed(0)).join(", ")}]`);
  await browser.close();
  ins?.close();
  await server.stop();
  await mocks.close();
}
void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
