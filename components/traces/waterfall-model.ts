// The waterfall's model and row logic, as the components import them: the code lives in
// lib/trace-wire (rows.ts is shared with the server, which windows huge traces).
export { buildWaterfall } from "@/lib/trace-wire/layout";
export {
  containerIndexAt,
  FLAG_CYCLE,
  FLAG_ERROR,
  FLAG_ORPHAN,
  findSpanPos,
  kindAt,
  nameAt,
  type ServiceStat,
  serviceAt,
  spanIdAt,
  statusAt,
  statusMessageAt,
  type WaterfallModel,
} from "@/lib/trace-wire/model";
export {
  collapseAll,
  collapseBelow,
  expandAll,
  revealPos,
  rowIndexOf,
  toggleCollapsed,
  visibleRows,
} from "@/lib/trace-wire/rows";
