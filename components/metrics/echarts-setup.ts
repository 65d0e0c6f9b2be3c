// Only the ECharts parts the browser draws with, so the container page's bundle stays small
// (the server's SVG renderer for the embed is registered in components/embed/echarts-svg.ts).
import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  AxisPointerComponent,
  BrushComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
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
  CanvasRenderer,
]);

export { echarts };
