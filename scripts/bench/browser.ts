// Chromium via Playwright, plus the in-page instruments: a watcher that records when a selector
// first appears and the paint after it, JS heap through CDP, and CPU profiles.
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from "@playwright/test";
import type { CpuProfile } from "./profile";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const BASE_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, ...extraArgs], timeout: 60_000 });
}

/**
 * A fresh context (a fresh profile: empty cache and storage). tsx compiles this bench with
 * esbuild's keepNames, which wraps functions in `__name(…)`; functions sent to the page need it.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  await ctx.addInitScript({ content: "globalThis.__name = globalThis.__name || ((f) => f);" });
  return ctx;
}

/**
 * Installed before any page script: for each named selector, the time (ms since navigation
 * start) it first matched (`dom`) and the end of the frame that painted it (`paint`: the task
 * after the next animation frame).
 */
function watcher(conds: Record<string, string>): void {
  type Mark = { dom: number; paint?: number };
  const marks: Record<string, Mark> = {};
  (window as unknown as { __benchMarks: Record<string, Mark> }).__benchMarks = marks;
  // Shown, not just in the DOM: streamed HTML waits in a hidden element until React reveals
  // it, and an image counts once it has loaded and decoded (a broken image is complete too,
  // with nothing to show: naturalWidth 0).
  const shown = (el: Element) =>
    (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0) &&
    !(el instanceof HTMLImageElement && !(el.complete && el.naturalWidth > 0));
  const check = () => {
    for (const name of Object.keys(conds)) {
      if (marks[name]) continue;
      if (![...document.querySelectorAll(conds[name]!)].some(shown)) continue;
      const m: Mark = { dom: performance.now() };
      marks[name] = m;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          m.paint = performance.now();
        };
        ch.port2.postMessage(0);
      });
    }
  };
  document.addEventListener("load", check, true);
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["data-has-data", "data-testid"],
  });
}

export const PANEL_SELECTORS = {
  // The CPU chart with its data: the ECharts canvas, or before ECharts has loaded the same chart
  // (same option builder, same data) drawn by the server as an SVG image in the page's HTML.
  metrics: '[data-testid="chart-cpu"][data-has-data="1"] :is(canvas, img[data-testid="chart-svg"])',
  logs: '[data-testid="log-row"]',
  traces: '[data-testid="trace-row"]',
} as const;

export const SPAN_SELECTORS = { span: '[data-testid="span-row"]' } as const;
/**
 * Sightline's trace page with the whole trace loaded: the first rows come in the HTML (painted
 * before the scripts run); interactions and the heap are measured once the columns are in.
 */
export const TRACE_READY = '[data-testid="trace-view"]:not([data-state="first-rows"])';

export async function watch(ctx: BrowserContext, conds: Record<string, string>): Promise<void> {
  await ctx.addInitScript(watcher, conds);
}

export interface Mark {
  dom: number;
  paint?: number;
}

/** Wait until every named mark has painted; returns the marks (ms since navigation start). */
export async function marks(page: Page, names: string[], timeoutMs: number): Promise<Record<string, Mark>> {
  await page.waitForFunction(
    (ns) => {
      const m = (window as unknown as { __benchMarks?: Record<string, Mark> }).__benchMarks;
      return !!m && ns.every((n) => m[n]?.paint !== undefined);
    },
    names,
    { timeout: timeoutMs, polling: 50 },
  );
  return page.evaluate(() => (window as unknown as { __benchMarks: Record<string, Mark> }).__benchMarks);
}

export interface Heap {
  usedMB: number;
  totalMB: number;
}

export async function heap(cdp: CDPSession, gc = false): Promise<Heap> {
  if (gc) {
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
  }
  const h = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
  return { usedMB: h.usedSize / 1e6, totalMB: h.totalSize / 1e6 };
}

/** Run `fn` with the page's CPU profiler on (same renderer process for same-site navigations). */
export async function profilePage(cdp: CDPSession, fn: () => Promise<void>): Promise<CpuProfile> {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  let failure: unknown;
  try {
    await fn();
  } catch (err) {
    failure = err;
  }
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
  await cdp.send("Profiler.disable");
  if (failure) throw failure;
  return profile;
}

/**
 * Click `selector` inside the page and time it to the paint after the DOM shows the result:
 * `done.selector` matches, or (with `textChanges`) its text differs from before the click.
 */
export async function timeClick(
  page: Page,
  selector: string,
  done: { selector: string; textChanges?: boolean },
  timeoutMs = 30_000,
): Promise<number> {
  return page.evaluate(
    ({ selector, done, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const el = document.querySelector<HTMLElement>(selector);
        if (!el) return reject(new Error(`no ${selector}`));
        const before = document.querySelector(done.selector)?.textContent;
        const isDone = () => {
          const d = document.querySelector(done.selector);
          return !!d && (!done.textChanges || d.textContent !== before);
        };
        let finished = false;
        const finish = () => {
          if (finished || !isDone()) return;
          finished = true;
          mo.disconnect();
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve(performance.now() - t0);
            ch.port2.postMessage(0);
          });
        };
        const mo = new MutationObserver(finish);
        mo.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
        setTimeout(() => !finished && reject(new Error(`timeout waiting for ${done.selector}`)), timeoutMs);
        const t0 = performance.now();
        el.click();
        finish();
      }),
    { selector, done, timeoutMs },
  );
}

export interface Timeline {
  /** Navigation: first byte of the HTML, HTML done, DOMContentLoaded end (ms since navigation start). */
  htmlFirstByte: number;
  htmlDone: number;
  domContentLoaded: number;
  /** The last script response of the page. */
  scriptsDone: number;
  /** Per API path prefix: request sent, first byte, last byte (the first such request). */
  api: Record<string, { sent: number; firstByte: number; done: number; kB: number }>;
}

/** Resource Timing of the current document: where the time before a paint went. */
export function timeline(page: Page, apiPatterns: Record<string, string>): Promise<Timeline> {
  return page.evaluate((pats) => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const res = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const api: Timeline["api"] = {};
    for (const [name, re] of Object.entries(pats)) {
      const r = res.find((x) => new RegExp(re).test(x.name));
      if (r)
        api[name] = {
          sent: r.requestStart || r.startTime,
          firstByte: r.responseStart,
          done: r.responseEnd,
          kB: r.encodedBodySize / 1000,
        };
    }
    const scripts = res.filter((x) => x.initiatorType === "script" || /\.js(\?|$)/.test(x.name));
    return {
      htmlFirstByte: nav?.responseStart ?? Number.NaN,
      htmlDone: nav?.responseEnd ?? Number.NaN,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
      scriptsDone: scripts.length ? Math.max(...scripts.map((x) => x.responseEnd)) : Number.NaN,
      api,
    };
  }, apiPatterns);
}
