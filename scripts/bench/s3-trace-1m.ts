// 3 at 1,000,000 spans, opt-in (`npm run bench -- trace-1m`): both UIs get the same generated
// trace from the stand-in, one cold load each in its own browser, with a time limit; whatever
// happens (first row time, an error on screen, a timeout, a crashed tab) is the result.
import type { Page } from "@playwright/test";
import { coldLoad, taggedTraceId } from "./s3-vs-jaeger";
import type { Ctx } from "./context";
import { SPAN_SELECTORS, TRACE_READY, timeClick } from "./browser";
import { makeFigure } from "./stats";

/**
 * The page in use once the whole trace is in: scroll to the middle (the server sends that
 * window), collapse all, expand all, search, click a row for its detail; ms to the paint that
 * shows each result. Also what the browser received for the trace (bytes of every trace API
 * answer) and whether the page took the windowed path.
 */
async function usable(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  out.windowed = await page.evaluate(() =>
    document.querySelector('[data-testid="trace-view"]')?.hasAttribute("data-windowed") ? 1 : 0,
  );
  out.scroll = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const el = document.querySelector<HTMLElement>('[data-testid="waterfall"]');
        if (!el) return reject(new Error("no waterfall"));
        const t0 = performance.now();
        el.scrollTop = el.scrollHeight / 2;
        const want = Number(el.dataset.rows ?? 0) * 0.4;
        const check = () => {
          const pending = document.querySelector('[data-testid="span-row-pending"]');
          const rows = document.querySelectorAll<HTMLElement>('[data-testid="span-row"]');
          const there = [...rows].some((r) => Number(r.dataset.pos) >= want);
          if (!pending && there) {
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => resolve(performance.now() - t0);
              ch.port2.postMessage(0);
            });
          } else if (performance.now() - t0 > 30_000) reject(new Error("rows never arrived"));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
  const count = '[data-testid="visible-count"]';
  out.collapse = await timeClick(page, '[data-testid="collapse-all"]', { selector: count, textChanges: true });
  out.expand = await timeClick(page, '[data-testid="expand-all"]', { selector: count, textChanges: true });
  const t0 = Date.now();
  await page.getByTestId("trace-search").fill("SyntheticError");
  await page.waitForFunction(
    () => /\d match/.test(document.querySelector('[data-testid="trace-search-count"]')?.textContent ?? ""),
    undefined,
    { timeout: 60_000 },
  );
  out.search = Date.now() - t0;
  await page.getByTestId("trace-search").fill("");
  const id = await page.evaluate(
    () => document.querySelectorAll<HTMLElement>('[data-testid="span-row"]')[2]?.dataset.spanId ?? "",
  );
  out.click = await timeClick(page, `[data-testid="span-row"][data-span-id="${id}"]`, {
    selector: `[data-testid="span-detail"][data-span-id="${id}"] [data-testid="span-detail-full"]`,
  });
  out.wireKB = await page.evaluate(
    () =>
      performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/api/traces/"))
        .reduce((sum, e) => sum + ((e as PerformanceResourceTiming).encodedBodySize || 0), 0) / 1024,
  );
  return out;
}

const SPANS = 1_000_000;
const LIMIT_MS = 180_000;

export async function trace1m(ctx: Ctx): Promise<void> {
  const si = ctx.standIn;
  if (!si?.ui) {
    ctx.note("1M spans skipped: no Jaeger UI build");
    return;
  }
  const id = taggedTraceId(SPANS, 0xa1);
  let prep: Awaited<ReturnType<typeof si.prepare>>;
  try {
    prep = await si.prepare(id);
  } catch (err) {
    ctx.note(`1M spans: the mock could not serve the trace: ${(err as Error).message.split("\n")[0]}`);
    return;
  }
  ctx.log(
    `1M spans: v1 ${(prep.v1Bytes / 1e6).toFixed(0)} MB, v3 ${(prep.v3Bytes / 1e6).toFixed(0)} MB, prepared in ${(prep.ms / 1000).toFixed(0)} s`,
  );
  const ours = await coldLoad(`${ctx.origin}/traces/${id}`, SPAN_SELECTORS.span, LIMIT_MS, TRACE_READY, usable);
  const theirs = await coldLoad(`${si.origin}/trace/${id}`, ".VirtualizedTraceView--spans .span-row", LIMIT_MS);
  si.forget(id);
  for (const [who, l] of [
    ["Sightline", ours],
    ["Jaeger UI", theirs],
  ] as const) {
    ctx.add(
      makeFigure({
        id: `3m-${who === "Sightline" ? "sightline" : "jaeger"}`,
        scenario: "3 Trace, 1M spans",
        figure: `${who}: cold link → first span row painted`,
        size: "1,000,000 spans",
        unit: "ms",
        runs: l.ok ? [l.firstRow] : [],
        budget: who === "Sightline" ? { kind: "max", value: 3000, text: "≤ 3 s" } : undefined,
        note: l.ok
          ? `heap after GC ${l.heapGcMB.toFixed(0)} MB${
              l.readyMs === undefined
                ? ""
                : `; ${l.partial ? "first rows from the spans decoded so far (labelled partial), " : ""}whole trace in at ${l.readyMs.toFixed(0)} ms`
            }`
          : `no span row within ${LIMIT_MS / 1000} s: ${l.error ?? "?"}`,
      }),
    );
  }
  // Sightline's page in use at 1M spans: every action goes through the server's windows.
  const a = ours.after;
  if (ours.ok && a) {
    ctx.log(`1M spans, Sightline in use: ${JSON.stringify(a)}`);
    const use = (key: string, figure: string, budget?: number) =>
      makeFigure({
        id: `3m-${key}`,
        scenario: "3 Trace, 1M spans",
        figure,
        size: "1,000,000 spans",
        unit: "ms",
        runs: Number.isFinite(a[key]) ? [a[key]!] : [],
        budget: budget ? { kind: "max", value: budget, text: `≤ ${budget} ms` } : undefined,
        note:
          key === "scroll"
            ? `${a.windowed ? "windowed: the server sends the rows in view" : "whole tree in the browser"}; the browser received ${Math.round(a.wireKB ?? 0).toLocaleString("en")} kB for the trace in all; heap after GC ${ours.heapGcMB.toFixed(0)} MB`
            : undefined,
      });
    ctx.add(use("scroll", "Sightline: scroll to the middle → rows painted"));
    ctx.add(use("collapse", "Sightline: collapse all → painted"));
    ctx.add(use("expand", "Sightline: expand all → painted"));
    ctx.add(use("search", "Sightline: search → match count shown"));
    ctx.add(use("click", "Sightline: click a span → its detail painted"));
  }
}
