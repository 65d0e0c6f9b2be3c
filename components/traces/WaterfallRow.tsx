"use client";
// One waterfall row: a plain div positioned by the virtualiser. Clicks are handled once on
// the list (data-pos / data-toggle), so rows carry no per-row closures and memo holds.
import { memo } from "react";
import {
  FLAG_CYCLE,
  FLAG_ERROR,
  FLAG_ORPHAN,
  kindAt,
  nameAt,
  serviceAt,
  spanIdAt,
  statusMessageAt,
  type WaterfallModel,
} from "./waterfall-model";
import { formatOffset } from "./time-axis";

/** Indentation shrinks for deep traces so the deepest row still has room for its name. */
const MAX_INDENT_PX = 220;
const indentStep = (maxDepth: number) => Math.max(3, Math.min(14, Math.floor(MAX_INDENT_PX / Math.max(1, maxDepth))));

type LabelAt = "after" | "before" | "inside";

/** The duration label goes where there is room: after the bar, before it, or inside a long bar. */
function labelStyle(at: LabelAt, start: number, end: number) {
  if (at === "after") return { left: `calc(${end}% + 4px)` };
  if (at === "before") return { right: `calc(${100 - start}% + 4px)` };
  return { left: `calc(${start}% + 4px)` };
}

interface Props {
  /** The model holding the row's columns, and the row's index there. */
  model: WaterfallModel;
  at: number;
  /** The span's position in the whole trace (data-pos: what clicks and toggles name). */
  pos: number;
  top: number;
  selected: boolean;
  matched: boolean;
  collapsed: boolean;
  color: string;
}

export const WaterfallRow = memo(function WaterfallRow({
  model,
  at,
  pos,
  top,
  selected,
  matched,
  collapsed,
  color,
}: Props) {
  const service = serviceAt(model, at);
  const name = nameAt(model, at);
  const kind = kindAt(model, at);
  const flags = model.flags[at]!;
  const error = (flags & FLAG_ERROR) !== 0;
  const depth = model.depth[at]!;
  const kids = model.childCount[at]!;
  const total = model.traceEnd - model.traceStart;
  const start = total > 0 ? (model.offset[at]! / total) * 100 : 0;
  const width = total > 0 ? (model.duration[at]! / total) * 100 : 100;
  const end = start + width;
  const cls = `wf-row${selected ? " sel" : ""}${matched ? " match" : ""}${error ? " err" : ""}`;
  const dur = formatOffset(model.duration[at]!);
  const labelAt: LabelAt = end < 80 ? "after" : start > 20 ? "before" : "inside";
  return (
    <div
      className={cls}
      style={{ transform: `translateY(${top}px)` }}
      role="treeitem"
      tabIndex={-1}
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={kids > 0 ? !collapsed : undefined}
      data-testid="span-row"
      data-pos={pos}
      data-span-id={spanIdAt(model, at)}
      data-service={service}
      data-error={error ? "true" : "false"}
    >
      <div className="wf-name" style={{ paddingLeft: 4 + Math.min(MAX_INDENT_PX, depth * indentStep(model.maxDepth)) }}>
        {kids > 0 ? (
          <button
            type="button"
            className="wf-caret"
            data-toggle="1"
            tabIndex={-1}
            aria-label={collapsed ? `Expand ${kids} children` : `Collapse ${kids} children`}
            data-testid="span-toggle"
          >
            {collapsed ? "▶" : "▼"}
          </button>
        ) : (
          <span className="wf-nocaret" />
        )}
        <span className="wf-dot" style={{ background: color }} />
        <span className="wf-svc">{service || "?"}</span>
        <span className="wf-op" title={`${name} (depth ${depth})`}>
          {name}
        </span>
        {kind !== "unspecified" && kind !== "internal" ? <span className="wf-kind">{kind}</span> : null}
        {error ? (
          <span className="wf-err" title={statusMessageAt(model, at) ?? "error"} aria-label="error">
            ⚠
          </span>
        ) : null}
        {collapsed && kids > 0 ? <span className="wf-hidden">+{model.size[at]! - 1}</span> : null}
        {flags & (FLAG_ORPHAN | FLAG_CYCLE) ? (
          <span
            className="wf-orphan"
            title={
              flags & FLAG_ORPHAN ? `parent ${model.orphanParents[at] ?? ""} is not in the trace` : "parent chain loops"
            }
          >
            {flags & FLAG_ORPHAN ? "orphan" : "cycle"}
          </span>
        ) : null}
      </div>
      <div className="wf-time">
        <div
          className="wf-bar"
          style={{ left: `${start}%`, width: `${width}%`, background: error ? undefined : color }}
        />
        <span className={`wf-dur${labelAt === "inside" ? " inside" : ""}`} style={labelStyle(labelAt, start, end)}>
          {dur}
        </span>
      </div>
    </div>
  );
});
