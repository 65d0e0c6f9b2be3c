// Server-side ECharts → SVG for the no-JavaScript embed. The SVG goes into an <img> data URL:
// no markup injection, and it renders inside a sandbox="" iframe where scripts never run.
import type { MetricPanel } from "@/lib/model/api";
import type { TimeRange } from "@/lib/model/time";
import { timeSeriesOption } from "../metrics/chart-options";
import { echarts } from "./echarts-svg";

export function panelSvgDataUrl(
  panel: MetricPanel,
  range: TimeRange,
  dark: boolean,
  width = 560,
  height = 200,
): string {
  const chart = echarts.init(null, undefined, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(timeSeriesOption({ panel, range, static: true, textColor: dark ? "#e3e7ee" : "#1c2128" }));
    const svg = chart.renderToSVGString();
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  } finally {
    chart.dispose();
  }
}
