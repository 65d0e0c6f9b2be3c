// markLine for the lifecycle markers, registered apart from echarts-setup.ts so the chart
// path's own registration stays as it is.
import { MarkLineComponent } from "echarts/components";
import { echarts } from "./echarts-setup";

echarts.use([MarkLineComponent]);
