// 2. Logs: 1,000 / 5,000 lines → list rendered (bench page: Sightline's logs API into the real
// LogList); scrolling through 5,000 lines (frame times); the live tail at 1,000 lines/s for 30 s.
import type { Page } from "@playwright/test";
import { heap, newContext } from "./browser";
import type { Ctx, ProfileTools } from "./context";
import { makeFigure, maxMs, median, quantile } from "./stats";
import { DENSE_CONTAINER, DENSE_LINES_PER_SECOND } from "./world";

interface LogsBenchResult {
  count: number;
  fetchMs: number;
  renderMs: number;
  totalMs: number;
}

const LIVE_SECONDS = 30;

function benchUrl(ctx: Ctx): string {
  // Ten minutes ending a minute ago: 600,000 lines of the dense container, stable while we run.
  const to = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  return `${ctx.origin}/bench/logs?ref=${DENSE_CONTAINER}&from=${to - 600_000}&to=${to}`;
}

async function openBench(page: Page, url: string): Promise<void> {
  await page.goto(url, { timeout: 60_000 });
  await page.waitForFunction(() => window.__logsBench?.ready === true, undefined, { timeout: 30_000 });
}

const runOnce = (page: Page, n: number) => page.evaluate((lim) => window.__logsBench!.run(lim), n);

export async function logLists(ctx: Ctx): Promise<void> {
  const url = benchUrl(ctx);
  const bctx = await newContext(ctx.browser);
  const results: Record<number, LogsBenchResult[]> = { 1000: [], 5000: [] };
  const sizes: Record<number, string> = {};
  try {
    const page = await bctx.newPage();
    await openBench(page, url);
    await runOnce(page, 1000); // warm-up: JIT, connection, server route
    for (const n of [1000, 5000]) {
      for (let i = 0; i < ctx.runs; i++) {
        const r = await runOnce(page, n);
        if (r.count !== n) throw new Error(`logs bench: asked ${n} lines, got ${r.count}`);
        results[n]!.push(r);
      }
      sizes[n] = await page.evaluate((lim) => {
        const e = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
          .filter((x) => x.name.includes("/logs?") && x.name.includes(`limit=${lim}`))
          .at(-1);
        return e
          ? `${(e.encodedBodySize / 1000).toFixed(0)} kB on the wire, ${(e.decodedBodySize / 1000).toFixed(0)} kB of JSON`
          : "?";
      }, n);
    }
  } finally {
    await bctx.close();
  }
  const profiler = async (tools: ProfileTools) => {
    const b = await newContext(ctx.browser);
    try {
      const page = await b.newPage();
      await openBench(page, url);
      await runOnce(page, 1000);
      const cdp = await b.newCDPSession(page);
      await tools.both("Logs: 5,000 lines, API request → list painted", cdp, async () => {
        await runOnce(page, 5000);
      });
    } finally {
      await b.close();
    }
  };
  for (const n of [1000, 5000]) {
    const rs = results[n]!;
    const size = `${n.toLocaleString("en")} lines`;
    ctx.add(
      makeFigure({
        id: n === 1000 ? "2a" : "2c",
        scenario: "2 Logs",
        figure: "API request → list painted (fetch + render)",
        size,
        unit: "ms",
        runs: rs.map((r) => r.totalMs),
        budget: n === 5000 ? maxMs(150) : undefined,
        note: `of which the API request (Sightline → mock Loki → JSON in the page): median ${median(rs.map((r) => r.fetchMs)).toFixed(0)} ms; response ${sizes[n] ?? "?"}`,
      }),
      n === 5000 ? profiler : undefined,
    );
    ctx.add(
      makeFigure({
        id: n === 1000 ? "2b" : "2d",
        scenario: "2 Logs",
        figure: "lines handed to React → list painted (render only)",
        size,
        unit: "ms",
        runs: rs.map((r) => r.renderMs),
        budget: n === 5000 ? maxMs(150) : undefined,
      }),
      n === 5000 ? profiler : undefined,
    );
  }
}

interface Frames {
  /** Frame start (the rAF timestamp) → the task after that frame's rendering: main-thread work of the frame. */
  work: number[];
  /** Between consecutive frame starts (vsync-bound: 16.7 ms at best at 60 Hz). */
  interval: number[];
}

/** Scroll the list to the bottom, one step per animation frame, timing every frame. */
function scrollThrough(stepPx: number): Promise<Frames> {
  const el = document.querySelector<HTMLElement>('[data-testid="log-list"]');
  if (!el) return Promise.reject(new Error("no log list"));
  el.scrollTop = 0;
  return new Promise((resolve) => {
    const work: number[] = [];
    const interval: number[] = [];
    let last: number | undefined;
    let done = false;
    const ch = new MessageChannel();
    let frameStart = 0;
    ch.port1.onmessage = () => {
      work.push(performance.now() - frameStart);
      if (done) resolve({ work, interval });
    };
    const max = el.scrollHeight - el.clientHeight;
    let pos = 0;
    // Named so CPU profiles show it: setting scrollTop makes the browser bring style and layout
    // up to date first, so that work (the rows React just rendered) lands in this function.
    const tick = function benchScrollDriver(t: number) {
      if (last !== undefined) interval.push(t - last);
      last = t;
      frameStart = t;
      if (pos >= max) done = true;
      else {
        pos = Math.min(max, pos + stepPx);
        el.scrollTop = pos;
        requestAnimationFrame(tick);
      }
      ch.port2.postMessage(0);
    };
    requestAnimationFrame(() => requestAnimationFrame(tick));
  });
}

export async function logScroll(ctx: Ctx): Promise<void> {
  const STEP = 660; // 30 rows of 22 px per frame: ~170 frames from top to bottom
  const p95: number[] = [];
  const longest: number[] = [];
  const intervalP95: number[] = [];
  let frames = 0;
  const url = benchUrl(ctx);
  const b = await newContext(ctx.browser);
  try {
    const page = await b.newPage();
    await openBench(page, url);
    const r = await runOnce(page, 5000);
    if (r.count !== 5000) throw new Error(`scroll bench: got ${r.count} lines`);
    await page.evaluate(scrollThrough, STEP); // warm-up
    for (let i = 0; i < ctx.runs; i++) {
      const f = await page.evaluate(scrollThrough, STEP);
      frames = f.work.length;
      p95.push(quantile(f.work, 0.95));
      longest.push(Math.max(...f.work));
      intervalP95.push(quantile(f.interval, 0.95));
    }
    const profiler = async (tools: ProfileTools) => {
      const cdp = await b.newCDPSession(page);
      await tools.browser("Logs: scrolling through 5,000 lines", cdp, async () => {
        await page.evaluate(scrollThrough, STEP);
      });
    };
    const size = `5,000 lines, ${frames} frames`;
    const note = `frame = from the frame's start (rAF time) to the task after its rendering, i.e. the main-thread work of each frame (scroll handling, React, layout, paint); ${STEP} px (30 rows) per frame`;
    ctx.add(
      makeFigure({
        id: "2e",
        scenario: "2 Logs",
        figure: "scroll: frame time p95",
        size,
        unit: "ms",
        runs: p95,
        budget: maxMs(16),
        note,
      }),
      profiler,
    );
    ctx.add(
      makeFigure({ id: "2f", scenario: "2 Logs", figure: "scroll: longest frame", size, unit: "ms", runs: longest }),
    );
    ctx.add(
      makeFigure({
        id: "2f2",
        scenario: "2 Logs",
        figure: "scroll: frame interval p95 (60 Hz vsync)",
        size,
        unit: "ms",
        runs: intervalP95,
      }),
    );
    // The profiler needs this page: run it now if the figure misses its budget.
    if (ctx.figures.find((x) => x.id === "2e")?.withinBudget === false) {
      await profiler(ctx.tools(["2e", "2f"]));
      ctx.profilers.delete("2e");
    }
  } finally {
    await b.close();
  }
}

function countLiveLines(): void {
  const w = window as unknown as { __liveLines: number; __liveFirst?: number; __liveLast?: number };
  w.__liveLines = 0;
  const Base = window.EventSource;
  window.EventSource = class extends Base {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener("lines", (e) => {
        w.__liveFirst ??= performance.now();
        w.__liveLast = performance.now();
        w.__liveLines += (JSON.parse((e as MessageEvent<string>).data) as unknown[]).length;
      });
    }
  };
}

export async function liveTail(ctx: Ctx): Promise<void> {
  const now = Date.now();
  const url = `${ctx.origin}/containers/${DENSE_CONTAINER}?from=${now - 900_000}&to=${now}&live=1`;
  // The runs go side by side (five tabs, five tails) so 5 × 30 s fit in the time budget.
  const one = async () => {
    const b = await newContext(ctx.browser);
    try {
      await b.addInitScript(countLiveLines);
      const page = await b.newPage();
      await page.goto(url, { timeout: 60_000 });
      await page.waitForFunction(
        () => (window as unknown as { __liveFirst?: number }).__liveFirst !== undefined,
        undefined,
        {
          timeout: 30_000,
        },
      );
      // The tail opens with a replay of the last minute; count from 3 s later, at the steady rate.
      await page.waitForTimeout(3000);
      type W = { __liveLines: number; __liveLast: number };
      const count = () =>
        page.evaluate(() => [(window as unknown as W).__liveLines, (window as unknown as W).__liveLast]);
      const [n0, t0] = await count();
      await page.waitForTimeout(LIVE_SECONDS * 1000);
      const cdp = await b.newCDPSession(page);
      const end = await heap(cdp);
      const [n1, t1] = await count();
      const rate = ((n1! - n0!) * 1000) / (t1! - t0!);
      const shown = Number(await page.getByTestId("log-list").getAttribute("data-count"));
      const gc = await heap(cdp, true);
      return { end: end.usedMB, gc: gc.usedMB, rate, shown };
    } finally {
      await b.close();
    }
  };
  const rs = await Promise.all(Array.from({ length: ctx.runs }, one));
  const size = `${DENSE_LINES_PER_SECOND.toLocaleString("en")} lines/s × ${LIVE_SECONDS} s`;
  const note = `${ctx.runs} tabs tailing side by side; received ${rs.map((r) => Math.round(r.rate)).join(", ")} lines/s; list holds ${rs.map((r) => r.shown).join(", ")} lines`;
  ctx.add(
    makeFigure({
      id: "2g",
      scenario: "2 Logs",
      figure: "live tail: JS heap at the end",
      size,
      unit: "MB",
      runs: rs.map((r) => r.end),
      note,
    }),
  );
  ctx.add(
    makeFigure({
      id: "2h",
      scenario: "2 Logs",
      figure: "live tail: JS heap at the end, after GC",
      size,
      unit: "MB",
      runs: rs.map((r) => r.gc),
    }),
  );
  ctx.add(
    makeFigure({
      id: "2i",
      scenario: "2 Logs",
      figure: "live tail: lines received per second",
      size,
      unit: "count",
      runs: rs.map((r) => r.rate),
    }),
  );
}
