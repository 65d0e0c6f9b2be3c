// The metrics panel's charts drawn on the server with the embed's ECharts SVG renderer, from
// the same option builder and the same data as the browser's canvas charts (series and the
// CPU chart's exemplars; static: no legend, tooltip or brush). The page's first paint shows
// them; each is replaced by its interactive chart once ECharts has drawn it in the browser.
// Each drawing goes to `publish`, which gives the URL the page's <img> shows it from (the
// page keeps them briefly on the server, lib/server/drawings.ts, rather than inlining them).
// What is published is how to draw it: the drawing is made when the browser asks for it, while
// it parses the page, not before the page's first byte (#15, 1a).
import { echarts } from "@/components/embed/echarts-svg";
import { scatterTraces, timeSeriesOption, traceScatterOption, volumeOption } from "@/components/metrics/chart-options";
import type { EChartsCoreOption } from "echarts/core";
import type { MetricPanel } from "@/lib/model/api";
import type { TimeRange } from "@/lib/model/time";
import type { LogsSeed, MetricsSeed, PanelSeeds, TracesSeed } from "@/lib/queries/seed";
import type { ServerSeeds } from "@/lib/server/panel-seeds";

/** Size the SVG is drawn at; the image is stretched to the chart's box (MetricsPanel: 180 px high). */
const SVG_WIDTH = 600;
const SVG_HEIGHT = 180;

/**
 * How to draw a chart (SVG text; undefined when it cannot be drawn) → the URL an <img> shows it
 * from (no markup of ours or the backends' is injected). `draw` may be called later, or never.
 */
export type Publish = (draw: () => string | undefined) => string;

const hasData = (p: MetricPanel) => p.series.some((s) => s.points.some(([, v]) => v !== null));

/** An option drawn at width × height as SVG text; undefined when it fails to draw. */
function svgOf(option: EChartsCoreOption, height: number): string | undefined {
  try {
    const chart = echarts.init(null, undefined, { renderer: "svg", ssr: true, width: SVG_WIDTH, height });
    try {
      chart.setOption(option);
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  } catch {
    return undefined; // the browser draws it as before
  }
}

/**
 * The seed with each chart that has data published (a chart that fails to draw answers 404 when
 * asked for, and draws itself in the browser).
 */
export function chartSvgs(seed: MetricsSeed, range: TimeRange, dark: boolean, publish: Publish): MetricsSeed {
  if (!("data" in seed) || seed.data.reason) return seed;
  const res = seed.data;
  const charts: Record<string, string> = {};
  for (const panel of res.panels) {
    if (!hasData(panel)) continue;
    charts[panel.id] = publish(() =>
      svgOf(
        timeSeriesOption({
          panel,
          range,
          exemplars: panel.id === "cpu" ? res.exemplars : undefined,
          static: true,
          textColor: dark ? "#e3e7ee" : "#1c2128",
        }),
        SVG_HEIGHT,
      ),
    );
  }
  return { ...seed, charts };
}

/** The log volume chart (LogsPanel: 70 px high), so the page paints it before ECharts loads. */
export function volumeSvg(seed: LogsSeed, range: TimeRange, publish: Publish): LogsSeed {
  const points = "data" in seed ? seed.data.volume?.points : undefined;
  return points?.length ? { ...seed, chart: publish(() => svgOf(volumeOption(points, range), 70)) } : seed;
}

/** The trace scatter (TracesPanel: 140 px high). */
export function scatterSvg(seed: TracesSeed, range: TimeRange, publish: Publish): TracesSeed {
  const traces = "data" in seed ? seed.data.traces : undefined;
  return traces?.length
    ? { ...seed, chart: publish(() => svgOf(traceScatterOption(scatterTraces(traces), range), 140)) }
    : seed;
}

export function withChartSvgs(
  seeds: ServerSeeds,
  range: TimeRange,
  dark: boolean,
  publish: Publish,
): { [K in keyof PanelSeeds]: Promise<PanelSeeds[K]> } {
  return {
    ...seeds,
    metrics: seeds.metrics.then((s) => chartSvgs(s, range, dark, publish)),
    logs: seeds.logs.then((s) => volumeSvg(s, range, publish)),
    traces: seeds.traces.then((s) => scatterSvg(s, range, publish)),
  };
}

/** The three answers, once all are in (each seed settles: it never rejects). */
export async function allSeeds(p: { [K in keyof PanelSeeds]: Promise<PanelSeeds[K]> }): Promise<PanelSeeds> {
  const [metrics, logs, traces] = await Promise.all([p.metrics, p.logs, p.traces]);
  return { metrics, logs, traces };
}
