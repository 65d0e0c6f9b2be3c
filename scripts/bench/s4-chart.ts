// 4. Metrics: 10 / 50 series × 11,000 points → chart rendered, through the real EChart wrapper
// and timeSeriesOption on the bench-only page /bench/chart (data generated in the browser).
import type { Page } from "@playwright/test";
import { newContext } from "./browser";
import type { Ctx, ProfileTools } from "./context";
import { makeFigure, maxMs } from "./stats";

const POINTS = 11_000;

interface ChartResult {
  finishedMs: number;
  paintedMs: number;
}

async function renderOnce(page: Page, url: string): Promise<ChartResult> {
  await page.goto(url, { timeout: 60_000 });
  await page.waitForFunction(() => window.__chartBench?.ready === true, undefined, { timeout: 30_000 });
  return page.evaluate(() => window.__chartBench!.run());
}

export async function charts(ctx: Ctx): Promise<void> {
  const bctx = await newContext(ctx.browser);
  try {
    const page = await bctx.newPage();
    for (const series of [10, 50]) {
      const url = `${ctx.origin}/bench/chart?series=${series}&points=${POINTS}`;
      await renderOnce(page, url); // warm-up: page JS cached and compiled
      const rs: ChartResult[] = [];
      for (let i = 0; i < ctx.runs; i++) rs.push(await renderOnce(page, url));
      const profiler = async (tools: ProfileTools) => {
        const b = await newContext(ctx.browser);
        try {
          const p = await b.newPage();
          await p.goto(url);
          await p.waitForFunction(() => window.__chartBench?.ready === true);
          const cdp = await b.newCDPSession(p);
          await tools.browser(`Chart: ${series} series × 11,000 points → painted`, cdp, async () => {
            await p.evaluate(() => window.__chartBench!.run());
          });
        } finally {
          await b.close();
        }
      };
      ctx.add(
        makeFigure({
          id: `4-${series}`,
          scenario: "4 Metrics",
          figure: "data → chart painted (ECharts 'finished' + paint)",
          size: `${series} series × ${POINTS.toLocaleString("en")} points`,
          unit: "ms",
          runs: rs.map((r) => r.paintedMs),
          budget: series === 50 ? maxMs(300) : undefined,
        }),
        profiler,
      );
    }
  } finally {
    await bctx.close();
  }
}
