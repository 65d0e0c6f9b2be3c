// 3 side by side: Jaeger UI (the anchor's static build) and Sightline open the same generated
// trace from the same stand-in (scripts/bench/jaeger-standin.ts), one fresh browser process per
// load, alternating which UI goes first; time from navigation start to the first span row
// painted, and the page's JS heap after a forced GC. Every run uses its own trace ID (same
// span count, different tag), so Sightline's server never answers from a warm cache either.
import type { Browser, Page } from "@playwright/test";
import { heap, launch, marks, newContext, SPAN_SELECTORS, TRACE_READY, watch } from "./browser";
import type { Ctx } from "./context";
import { makeFigure, median } from "./stats";

export const VS_SIZES = [1_000, 10_000, 50_000, 100_000] as const;
/** Median of 3, as the issue asks (a fresh browser per load makes each load costly). */
const VS_RUNS = 3;
const JAEGER_SPAN_ROW = ".VirtualizedTraceView--spans .span-row";

/** `feed` + tag (20 hex) + span count (8 hex): the mock generates `spans` spans for any tag. */
export function taggedTraceId(spans: number, tag: number): string {
  return `feed${tag.toString(16).padStart(20, "0")}${spans.toString(16).padStart(8, "0")}`;
}

export interface Load {
  ok: boolean;
  firstRow: number;
  heapGcMB: number;
  error?: string;
  /** With `ready`: when the page saw it (ms since navigation start; the whole trace is in). */
  readyMs?: number;
  /** The first rows were those of a trace still loading (labelled partial on the page). */
  partial?: boolean;
  /** What `after` measured once the whole trace was in (before the heap is read). */
  after?: Record<string, number>;
}

const PARTIAL_NOTE = '[data-testid="trace-loading-note"]';

/** One cold load in its own browser process: first span row painted, heap after GC. */
export async function coldLoad(
  url: string,
  selector: string,
  timeoutMs: number,
  ready?: string,
  after?: (page: Page) => Promise<Record<string, number>>,
): Promise<Load> {
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const b = await newContext(browser);
    // Sightline labels first rows of a trace still loading (TraceHeader's loading note).
    await watch(b, ready ? { span: selector, partial: PARTIAL_NOTE } : { span: selector });
    const page = await b.newPage();
    const cdp = await b.newCDPSession(page);
    await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    const m = await marks(page, ["span"], timeoutMs);
    // The heap of the page with the whole trace in (Sightline paints its first rows earlier).
    let readyMs: number | undefined;
    if (ready) {
      await page.waitForSelector(ready, { timeout: timeoutMs });
      readyMs = await page.evaluate(() => performance.now());
    }
    const measured = after ? await after(page) : undefined;
    const h = await heap(cdp, true);
    return {
      ok: true,
      firstRow: m.span!.paint!,
      heapGcMB: h.usedMB,
      readyMs,
      partial: m.partial !== undefined,
      after: measured,
    };
  } catch (err) {
    return {
      ok: false,
      firstRow: Number.NaN,
      heapGcMB: Number.NaN,
      error: err instanceof Error ? err.message.split("\n")[0] : String(err),
    };
  } finally {
    await browser?.close().catch(() => {});
  }
}

export async function tracesVsJaeger(ctx: Ctx): Promise<void> {
  const si = ctx.standIn;
  if (!si?.ui) {
    ctx.note("side by side with Jaeger UI skipped: no Jaeger UI build (set JAEGER_UI_DIR)");
    return;
  }
  ctx.note(`side by side: ${si.ui.label}; stand-in ${si.origin}`);
  let tag = Math.floor(Date.now() / 1000) % 0xfffff; // distinct IDs per bench run too
  for (const spans of VS_SIZES) {
    const timeoutMs = 120_000;
    const jaeger: Load[] = [];
    const ours: Load[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < VS_RUNS; i++) {
      const id = taggedTraceId(spans, ++tag);
      const prep = await si.prepare(id);
      const loadJ = () => coldLoad(`${si.origin}/trace/${id}`, JAEGER_SPAN_ROW, timeoutMs);
      const loadS = () => coldLoad(`${ctx.origin}/traces/${id}`, SPAN_SELECTORS.span, timeoutMs, TRACE_READY);
      let j: Load;
      let s: Load;
      if (i % 2 === 0) {
        j = await loadJ();
        s = await loadS();
      } else {
        s = await loadS();
        j = await loadJ();
      }
      si.forget(id);
      jaeger.push(j);
      ours.push(s);
      if (j.ok && s.ok) ratios.push(s.firstRow / j.firstRow);
      ctx.log(
        `vs Jaeger UI ${spans}: run ${i + 1} (${i % 2 === 0 ? "Jaeger UI first" : "Sightline first"}): Jaeger UI ${j.ok ? `${j.firstRow.toFixed(0)} ms, ${j.heapGcMB.toFixed(0)} MB` : `failed: ${j.error}`}; Sightline ${s.ok ? `${s.firstRow.toFixed(0)} ms, ${s.heapGcMB.toFixed(0)} MB` : `failed: ${s.error}`} (v1 ${(prep.v1Bytes / 1e6).toFixed(1)} MB, v3 ${(prep.v3Bytes / 1e6).toFixed(1)} MB)`,
      );
    }
    const size = `${spans.toLocaleString("en")} spans`;
    const k = `${spans / 1000}k`;
    const errs = [...jaeger, ...ours].filter((l) => !l.ok).map((l) => l.error);
    ctx.add(
      makeFigure({
        id: `3v-${k}-jaeger`,
        scenario: "3 Trace vs Jaeger UI",
        figure: "Jaeger UI: cold link → first span row painted",
        size,
        unit: "ms",
        runs: jaeger.map((l) => l.firstRow),
        note: errs.length ? `failures: ${errs.join("; ")}` : undefined,
      }),
    );
    ctx.add(
      makeFigure({
        id: `3v-${k}-sightline`,
        scenario: "3 Trace vs Jaeger UI",
        figure: "Sightline: cold link → first span row painted",
        size,
        unit: "ms",
        runs: ours.map((l) => l.firstRow),
      }),
    );
    ctx.add(
      makeFigure({
        id: `3v-${k}-ratio`,
        scenario: "3 Trace vs Jaeger UI",
        figure: "Sightline ÷ Jaeger UI, same run (paired per load)",
        size,
        unit: "ratio",
        runs: ratios,
        budget: { kind: "max", value: 0.5, text: "≤ 0.5" },
        note: `medians: Jaeger UI ${median(jaeger.filter((l) => l.ok).map((l) => l.firstRow)).toFixed(0)} ms, Sightline ${median(ours.filter((l) => l.ok).map((l) => l.firstRow)).toFixed(0)} ms`,
      }),
    );
    for (const [who, loads] of [
      ["Jaeger UI", jaeger],
      ["Sightline", ours],
    ] as const) {
      ctx.add(
        makeFigure({
          id: `3v-${k}-heap-${who === "Sightline" ? "sightline" : "jaeger"}`,
          scenario: "3 Trace vs Jaeger UI",
          figure: `${who}: heap after GC ÷ spans (whole page)`,
          size,
          unit: "KB/span",
          runs: loads.map((l) => (l.heapGcMB * 1e6) / 1024 / spans),
          budget:
            who === "Sightline" && spans === 100_000 ? { kind: "max", value: 0.4, text: "≤ 0.4 KB/span" } : undefined,
        }),
      );
    }
  }
}
