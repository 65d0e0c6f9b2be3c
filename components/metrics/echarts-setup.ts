// Only the ECharts parts the browser draws with, so the chart chunk stays small (the server's SVG
// renderer for the embed is registered in components/embed/echarts-svg.ts). ECharts draws the
// axes, the points and the stepped log volume; the other lines are EChart.tsx's own layer
// (line-paint.ts, in this chunk). The legend, tooltip, crosshair, drag-to-select and the
// lifecycle / highlight overlays are our own HTML in EChart.tsx (chart-geometry.ts,
// chart-view.ts): that keeps Legend, Tooltip, AxisPointer, Brush, MarkLine, MarkArea and
// BarChart (~50 kB gzip) out of the chunk. GridSimpleComponent is the grid without
// the axis pointer. Named imports (not `import * as`) let the bundler drop the rest of
// echarts/core's exports.
// Imported only through EChart.tsx's dynamic import(): a static import of this file anywhere
// else puts all of ECharts (~155 kB gzip) into that page's first-load JS.
import { LineChart, ScatterChart } from "echarts/charts";
import { GridSimpleComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([LineChart, ScatterChart, GridSimpleComponent, CanvasRenderer]);

export { init };
// The lines EChart.tsx draws itself, painted once ECharts has laid the axes out.
export { paintLayer, plotMap } from "./line-paint";
