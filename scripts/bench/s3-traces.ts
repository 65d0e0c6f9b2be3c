// 3. Trace page, cold (a fresh browser profile per run, as a person following a link):
// first span row painted; JS heap after render and after a forced GC; collapse all, expand all,
// and a click on a span until its detail is painted.
import type { Page } from "@playwright/test";
import {
  heap,
  marks,
  newContext,
  SPAN_SELECTORS,
  TRACE_READY,
  type Timeline,
  timeClick,
  timeline,
  watch,
} from "./browser";
import type { Ctx, ProfileTools } from "./context";
import { type Budget, makeFigure, maxMs, median } from "./stats";

export const TRACE_SIZES = [1_000, 10_000, 50_000, 100_000] as const;

/** Jaeger UI 1.74 on this kind of machine (from the issue): ms to the first row, cold. */
const JAEGER_UI_FIRST_ROW: Record<number, string> = { 10000: "Jaeger UI ≈ 1.06 s", 100000: "Jaeger UI ≈ 1.86 s" };

export function syntheticTraceId(spans: number): string {
  return `feed${"0".repeat(20)}${spans.toString(16).padStart(8, "0")}`;
}

interface Run {
  tl: Timeline;
  firstRow: number;
  heapMB: number;
  heapGcMB: number;
  collapse: number;
  expand: number;
  click: number;
}

async function clickSpan(page: Page): Promise<number> {
  const id = await page.evaluate(() => {
    const rows = document.querySelectorAll<HTMLElement>('[data-testid="span-row"]');
    return rows[Math.min(2, rows.length - 1)]?.dataset.spanId ?? "";
  });
  return timeClick(page, `[data-testid="span-row"][data-span-id="${id}"]`, {
    // The detail's attributes come from the server: done when they are on screen.
    selector: `[data-testid="span-detail"][data-span-id="${id}"] [data-testid="span-detail-full"]`,
  });
}

async function oneRun(ctx: Ctx, spans: number, timeoutMs: number): Promise<Run> {
  const b = await newContext(ctx.browser);
  try {
    await watch(b, SPAN_SELECTORS);
    const page = await b.newPage();
    const cdp = await b.newCDPSession(page);
    await page.goto(`${ctx.origin}/traces/${syntheticTraceId(spans)}`, { waitUntil: "commit", timeout: timeoutMs });
    const m = await marks(page, ["span"], timeoutMs);
    await page.waitForSelector(TRACE_READY, { timeout: timeoutMs });
    const tl = await timeline(page, { trace: "/api/traces/" });
    const h = await heap(cdp);
    const hGc = await heap(cdp, true);
    const count = '[data-testid="visible-count"]';
    const collapse = await timeClick(page, '[data-testid="collapse-all"]', { selector: count, textChanges: true });
    const expand = await timeClick(page, '[data-testid="expand-all"]', { selector: count, textChanges: true });
    const click = await clickSpan(page);
    return { tl, firstRow: m.span!.paint!, heapMB: h.usedMB, heapGcMB: hGc.usedMB, collapse, expand, click };
  } finally {
    await b.close();
  }
}

/** Where the time to the first row went, medians over the runs. */
function describe(runs: Run[], direct: number[]): string {
  const med = (f: (r: Run) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return xs.length ? median(xs) : Number.NaN;
  };
  const sent = med((r) => r.tl.api.trace?.sent);
  const first = med((r) => r.tl.api.trace?.firstByte);
  const done = med((r) => r.tl.api.trace?.done);
  const row = med((r) => r.firstRow);
  const f = (x: number) => x.toFixed(0);
  return `median timeline, ms from navigation start: HTML first byte ${f(med((r) => r.tl.htmlFirstByte))}, last script ${f(med((r) => r.tl.scriptsDone))}, trace API sent ${f(sent)}, first byte ${f(first)} (server incl. mock Jaeger: ${f(first - sent)}; the mock alone answers in ${f(median(direct))}), last byte ${f(done)} (${f(med((r) => r.tl.api.trace?.kB))} kB on the wire), first row ${f(row)} (parse + model + render after the response: ${f(row - done)})`;
}

async function timedFetch(url: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(url);
  await r.arrayBuffer();
  return performance.now() - t;
}

export async function traces(ctx: Ctx): Promise<void> {
  for (const spans of TRACE_SIZES) {
    const timeoutMs = 120_000;
    const direct: number[] = [];
    for (let i = 0; i < 3; i++)
      direct.push(await timedFetch(`${ctx.mocks.urls.jaeger}/api/v3/traces/${syntheticTraceId(spans)}`));
    const runs: Run[] = [];
    for (let i = 0; i < ctx.runs; i++) runs.push(await oneRun(ctx, spans, timeoutMs));
    ctx.log(
      `trace ${spans}: first row ${runs.map((r) => r.firstRow.toFixed(0)).join(", ")} ms; heap ${runs.map((r) => r.heapGcMB.toFixed(0)).join(", ")} MB`,
    );
    const size = `${spans.toLocaleString("en")} spans`;
    const big = spans === 100_000;

    // One profiled cold load, then the three interactions, each in its own profile.
    // A cold link to the trace under one profiler: CPU ("both") or heap sampling.
    const coldLoadProfiler = (kind: "both" | "heap", title: string) => async (tools: ProfileTools) => {
      const b = await newContext(ctx.browser);
      try {
        await watch(b, SPAN_SELECTORS);
        const page = await b.newPage();
        await page.goto(`${ctx.origin}/api/health`);
        const cdp = await b.newCDPSession(page);
        await tools[kind](title, cdp, async () => {
          await page.goto(`${ctx.origin}/traces/${syntheticTraceId(spans)}`, {
            waitUntil: "commit",
            timeout: timeoutMs,
          });
          await marks(page, ["span"], timeoutMs);
        });
      } finally {
        await b.close();
      }
    };
    const coldProfiler = coldLoadProfiler("both", `Trace page cold, ${size}: navigation → first span row painted`);
    const heapProfiler = coldLoadProfiler("heap", `Trace page, ${size}: what the heap holds after render`);
    const interactionProfiler = async (tools: ProfileTools) => {
      const b = await newContext(ctx.browser);
      try {
        await watch(b, SPAN_SELECTORS);
        const page = await b.newPage();
        await page.goto(`${ctx.origin}/traces/${syntheticTraceId(spans)}`, { timeout: timeoutMs });
        await marks(page, ["span"], timeoutMs);
        await page.waitForSelector(TRACE_READY, { timeout: timeoutMs });
        const cdp = await b.newCDPSession(page);
        const count = '[data-testid="visible-count"]';
        await tools.browser(`Trace ${size}: collapse all`, cdp, async () => {
          await timeClick(page, '[data-testid="collapse-all"]', { selector: count, textChanges: true });
        });
        await tools.browser(`Trace ${size}: expand all`, cdp, async () => {
          await timeClick(page, '[data-testid="expand-all"]', { selector: count, textChanges: true });
        });
        await tools.browser(`Trace ${size}: click a span → detail`, cdp, async () => {
          await clickSpan(page);
        });
      } finally {
        await b.close();
      }
    };

    const firstRowBudget: Budget | undefined =
      spans === 10_000 ? maxMs(500) : spans === 100_000 ? maxMs(900) : undefined;
    if (firstRowBudget && JAEGER_UI_FIRST_ROW[spans]) firstRowBudget.text += ` (${JAEGER_UI_FIRST_ROW[spans]})`;
    ctx.add(
      makeFigure({
        id: `3-${spans / 1000}k-row`,
        scenario: "3 Trace",
        figure: "cold link → first span row painted",
        size,
        unit: "ms",
        runs: runs.map((r) => r.firstRow),
        budget: firstRowBudget,
        note: describe(runs, direct),
      }),
      coldProfiler,
    );
    ctx.add(
      makeFigure({
        id: `3-${spans / 1000}k-heap`,
        scenario: "3 Trace",
        figure: "JS heap after render",
        size,
        unit: "MB",
        runs: runs.map((r) => r.heapMB),
      }),
    );
    ctx.add(
      makeFigure({
        id: `3-${spans / 1000}k-gc`,
        scenario: "3 Trace",
        figure: "JS heap after forced GC",
        size,
        unit: "MB",
        runs: runs.map((r) => r.heapGcMB),
      }),
    );
    ctx.add(
      makeFigure({
        id: `3-${spans / 1000}k-perspan`,
        scenario: "3 Trace",
        figure: "heap after GC ÷ spans (whole page)",
        size,
        unit: "KB/span",
        runs: runs.map((r) => (r.heapGcMB * 1e6) / 1024 / spans),
        budget: big ? { kind: "max", value: 0.4, text: "≤ 0.4 KB/span (Jaeger UI ≈ 0.83)" } : undefined,
      }),
      big ? heapProfiler : undefined,
    );
    const interaction = (key: "collapse" | "expand" | "click", label: string) =>
      ctx.add(
        makeFigure({
          id: `3-${spans / 1000}k-${key}`,
          scenario: "3 Trace",
          figure: label,
          size,
          unit: "ms",
          runs: runs.map((r) => r[key]),
          budget: big ? maxMs(50) : undefined,
        }),
        big ? interactionProfiler : undefined,
      );
    interaction("collapse", "collapse all → painted");
    interaction("expand", "expand all → painted");
    interaction("click", "click a span → detail painted");
  }
}
