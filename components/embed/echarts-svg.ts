// Server-only ECharts for the no-JS embed: line charts rendered to an SVG string.
import { LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkAreaComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, MarkAreaComponent, SVGRenderer]);

export { echarts };
