// Only the ECharts parts the browser draws with, so the container page's bundle stays small
// (the server's SVG renderer for the embed is registered in components/embed/echarts-svg.ts).
// Imported only through EChart.tsx's dynamic import(): a static import of this file anywhere
// else puts all of ECharts (~200 kB gzip) into that page's first-load JS.
import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  AxisPointerComponent,
  BrushComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  LineChart,
  BarChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  AxisPointerComponent,
  BrushComponent,
  LegendComponent,
  MarkAreaComponent,
  // lifecycle markers (lifecycle-markers.ts)
  MarkLineComponent,
  CanvasRenderer,
]);

export { echarts };
