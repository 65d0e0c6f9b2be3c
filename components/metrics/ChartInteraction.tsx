"use client";
// The interaction layer of EChart.tsx, as plain HTML over the chart: drag-to-select, the tooltip,
// the crosshair shared by a group of charts, the legend, lifecycle markers and highlighted
// windows (geometry in chart-geometry.ts). It needs only the x axis (AxisMap) and the option,
// so it works over the server's drawing before ECharts has loaded; only hit testing of scatter
// points (exemplars, traces) waits for ECharts' own pixel conversion (`toPixel`).
import type { EChartsCoreOption } from "echarts/core";
import { type PointerEvent as ReactPointerEvent, type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { formatClock } from "@/lib/model/format";
import type { TimeRange } from "@/lib/model/time";
import {
  type AxisMap,
  axisRows,
  clampX,
  dragRange,
  type HitPoint,
  hitNearest,
  overPlot,
  snappedTime,
  type TooltipRow,
  timeToX,
  xToTime,
} from "./chart-geometry";
import { axisSeries, gridInsets, legendEntries, seriesOf } from "./chart-view";
import { ChartLegend } from "./ChartLegend";
import { broadcastGroup, joinGroup } from "./crosshair-group";
import type { LifecycleMarker } from "./lifecycle-markers";

/** What hovering shows. */
export interface ChartHover {
  /** Formats a line's value: the tooltip lists every visible line at the hovered time. */
  value?: (v: number) => string;
  /** Text for a point of a scatter series (its id and data item), e.g. an exemplar. */
  item?: (seriesId: string, datum: readonly unknown[]) => string | undefined;
}

/** The legend entry of the lifecycle markers (not a series: the chart's drawing does not change). */
export const LIFECYCLE = "lifecycle";
const HIT_RADIUS = 10;
const MARKER_RADIUS = 4;

interface Tip {
  x: number;
  y: number;
  header?: string;
  rows: TooltipRow[];
  notes: { text: string; color: string }[];
}

export interface ChartInteractionProps {
  option: EChartsCoreOption;
  height: number;
  /** The x axis in pixels; null until the chart's width is known. */
  axis: AxisMap | null;
  /** Legend entries turned off. */
  hidden: ReadonlySet<string>;
  onToggle(name: string): void;
  /** Sets the entries turned off at once (the legend's "only" and "show all"). */
  onSetHidden(names: ReadonlySet<string>): void;
  group?: string;
  onSelectRange?: (from: number, to: number) => void;
  onItemClick?: (seriesId: string | undefined, dataIndex: number) => void;
  hover?: ChartHover;
  legend?: boolean;
  markers?: readonly LifecycleMarker[];
  areas?: readonly TimeRange[];
  ariaLabel: string;
  /** A scatter point in chart pixels (ECharts' convertToPixel); undefined until ECharts has drawn. */
  toPixel?: (seriesId: string, datum: number[]) => number[] | undefined;
  /** The pointer came to the chart (or pressed on it). */
  onWanted?: () => void;
  /** The chart itself (ECharts' element, the server's drawing), under the overlays. */
  children: ReactNode;
}

export function ChartInteraction({
  option,
  height,
  axis,
  hidden,
  onToggle,
  onSetHidden,
  group,
  onSelectRange,
  onItemClick,
  hover,
  legend,
  markers,
  areas,
  ariaLabel,
  toPixel,
  onWanted,
  children,
}: ChartInteractionProps) {
  const box = useRef<HTMLDivElement>(null);
  const crosshair = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  const [sel, setSel] = useState<{ a: number; b: number } | null>(null);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const drag = useRef<{ x: number; y: number; id: number } | null>(null);
  const hitCache = useRef<
    { key: unknown[]; points: { id: string; data: unknown[]; px: (HitPoint | undefined)[] }[] } | undefined
  >(undefined);
  const latest = useRef({ group, onWanted });
  latest.current = { group, onWanted };
  const insets = gridInsets(option);

  // Keyboard focus on the legend wants the chart too (a series may be turned off next).
  useEffect(() => {
    const b = box.current;
    if (!b) return;
    const f = () => latest.current.onWanted?.();
    b.addEventListener("focusin", f);
    return () => b.removeEventListener("focusin", f);
  }, []);

  // The shared crosshair: a line at time t in this chart, drawn without React.
  useEffect(() => {
    const line = crosshair.current;
    const show = (t: number | null) => {
      if (!line) return;
      const x = axis && t !== null ? timeToX(axis, t) : Number.NaN;
      if (axis && Number.isFinite(x) && overPlot(axis, x)) {
        line.style.display = "block";
        line.style.transform = `translateX(${x}px)`;
      } else line.style.display = "none";
    };
    show(null);
    return group ? joinGroup(group, show) : undefined;
  }, [group, axis]);

  const entries = useMemo(() => {
    if (!legend) return [];
    const list = legendEntries(option);
    if (markers?.length) list.push({ name: LIFECYCLE, color: "#9b8afb", kind: "line" });
    return list;
  }, [legend, option, markers]);

  // "Only" one entry turns every other series off; the lifecycle markers keep their state unless
  // they are the one. null: everything on.
  const onOnly = (name: string | null) => {
    if (name === null) return onSetHidden(new Set());
    const off = new Set(entries.filter((e) => e.name !== name && e.name !== LIFECYCLE).map((e) => e.name));
    if (name !== LIFECYCLE && hidden.has(LIFECYCLE)) off.add(LIFECYCLE);
    onSetHidden(off);
  };

  const shownMarkers = markers && !hidden.has(LIFECYCLE) ? markers : [];

  /** Scatter points in pixels, computed once per render of the chart. */
  const scatterPixels = () => {
    if (!toPixel) return [];
    const key = [option, hidden, axis, toPixel];
    const cached = hitCache.current;
    if (cached?.key.every((k, i) => k === key[i])) return cached.points;
    const points = seriesOf(option)
      .filter((s) => s.type === "scatter" && s.id && Array.isArray(s.data) && !(s.name && hidden.has(s.name)))
      .map((s) => {
        const data = s.data as unknown[];
        return {
          id: s.id!,
          data,
          px: data.map((d) => {
            const p = toPixel(s.id!, d as number[]);
            return p && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? { x: p[0]!, y: p[1]! } : undefined;
          }),
        };
      });
    hitCache.current = { key, points };
    return points;
  };

  const hitItem = (x: number, y: number) => {
    let best: { id: string; i: number; d: number; datum: unknown[] } | undefined;
    for (const s of scatterPixels()) {
      const i = hitNearest(s.px, x, y, HIT_RADIUS);
      if (i < 0) continue;
      const p = s.px[i]!;
      const d = Math.hypot(p.x - x, p.y - y);
      if (!best || d < best.d) best = { id: s.id, i, d, datum: s.data[i] as unknown[] };
    }
    return best;
  };

  const local = (e: ReactPointerEvent) => {
    const r = box.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const broadcast = (t: number | null) => {
    const g = latest.current.group;
    if (g) broadcastGroup(g, t);
    else if (crosshair.current && axis && t !== null) {
      crosshair.current.style.display = "block";
      crosshair.current.style.transform = `translateX(${timeToX(axis, t)}px)`;
    } else if (crosshair.current) crosshair.current.style.display = "none";
  };

  const onHover = (x: number, y: number) => {
    if (!axis || !overPlot(axis, x) || y < insets.top - 12 || y > height - insets.bottom) {
      setTip(null);
      setCursor(undefined);
      broadcast(null);
      return;
    }
    const t = xToTime(axis, x);
    broadcast(t);
    const item = hitItem(x, y);
    const notes: Tip["notes"] = [];
    for (const m of shownMarkers) {
      if (Math.abs(timeToX(axis, m.at) - x) <= MARKER_RADIUS)
        notes.push({ text: `${m.icon} ${m.title}`, color: m.color });
    }
    const itemText = item ? hover?.item?.(item.id, item.datum) : undefined;
    if (itemText) notes.push({ text: itemText, color: "inherit" });
    const lines = hover?.value ? axisSeries(option, hidden) : [];
    const rows = hover?.value && !itemText ? axisRows(lines, t, hover.value) : [];
    const header = rows.length
      ? formatClock(snappedTime(lines, t), { withDate: axis.t1 - axis.t0 > 86_400_000 })
      : undefined;
    setTip(rows.length || notes.length ? { x, y, header, rows, notes } : null);
    setCursor(item && onItemClick ? "pointer" : onSelectRange ? "crosshair" : undefined);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    onWanted?.();
    if (e.button !== 0 || !axis) return;
    const { x, y } = local(e);
    if (!overPlot(axis, x)) return;
    drag.current = { x, y, id: e.pointerId };
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const { x, y } = local(e);
    const d = drag.current;
    if (d && axis && onSelectRange && Math.abs(x - d.x) >= 3) {
      setTip(null);
      setSel({ a: d.x, b: clampX(axis, x) });
      return;
    }
    onHover(x, y);
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    setSel(null);
    if (!d || !axis) return;
    const { x, y } = local(e);
    const range = onSelectRange ? dragRange(axis, d.x, x) : undefined;
    if (range) {
      onSelectRange?.(range[0], range[1]);
      return;
    }
    if (Math.abs(x - d.x) < 3 && Math.abs(y - d.y) < 3 && onItemClick) {
      const hit = hitItem(x, y);
      if (hit) onItemClick(hit.id, hit.i);
    }
  };
  const onLeave = () => {
    if (drag.current) return;
    setTip(null);
    broadcast(null);
  };

  const plotTop = insets.top;
  const plotHeight = Math.max(0, height - insets.top - insets.bottom);
  const tipRight = tip && box.current ? tip.x > box.current.clientWidth / 2 : false;

  return (
    <div
      ref={box}
      style={{ position: "relative", height, width: "100%", cursor, touchAction: onSelectRange ? "pan-y" : undefined }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        drag.current = null;
        setSel(null);
      }}
      onPointerLeave={onLeave}
      onPointerEnter={onWanted}
    >
      {children}
      <div style={{ position: "absolute", inset: 0, pointerEvents: "none", overflow: "visible" }}>
        {axis
          ? areas?.map((r) => {
              const a = clampX(axis, timeToX(axis, r.from));
              const b = clampX(axis, timeToX(axis, r.to));
              return b > a ? (
                <div
                  key={`${r.from}-${r.to}`}
                  data-testid="chart-area"
                  style={{
                    position: "absolute",
                    left: a,
                    width: b - a,
                    top: plotTop,
                    height: plotHeight,
                    background: "rgba(242,153,74,0.15)",
                  }}
                />
              ) : null;
            })
          : null}
        {axis
          ? shownMarkers.map((m) => {
              const x = timeToX(axis, m.at);
              if (!overPlot(axis, x)) return null;
              return (
                <div key={`${m.kind}-${m.at}`} data-testid="lifecycle-marker" data-at={m.at}>
                  <div
                    style={{
                      position: "absolute",
                      left: x - 0.75,
                      top: plotTop,
                      height: plotHeight,
                      borderLeft: `1.5px ${m.kind === "health" ? "dotted" : "solid"} ${m.color}`,
                    }}
                  />
                  <span
                    role="img"
                    aria-label={m.title}
                    style={{
                      position: "absolute",
                      left: x,
                      top: Math.max(0, plotTop - 16),
                      transform: "translateX(-50%)",
                      color: m.color,
                      fontSize: 12,
                      lineHeight: "14px",
                    }}
                  >
                    {m.icon}
                  </span>
                </div>
              );
            })
          : null}
        <div
          ref={crosshair}
          data-testid="chart-crosshair"
          style={{
            position: "absolute",
            left: 0,
            top: plotTop,
            height: plotHeight,
            borderLeft: "1px solid rgba(138,148,163,0.7)",
            display: "none",
          }}
        />
        {sel ? (
          <div
            data-testid="chart-selection"
            style={{
              position: "absolute",
              left: Math.min(sel.a, sel.b),
              width: Math.abs(sel.b - sel.a),
              top: plotTop,
              height: plotHeight,
              background: "rgba(78,142,247,0.15)",
              border: "1px solid #4e8ef7",
            }}
          />
        ) : null}
        {tip ? (
          <div
            className="chart-tip"
            data-testid="chart-tooltip"
            style={{
              position: "absolute",
              left: tip.x + (tipRight ? -12 : 12),
              top: tip.y + (tip.y > height / 2 ? -12 : 12),
              transform: `translate(${tipRight ? "-100%" : "0"}, ${tip.y > height / 2 ? "-100%" : "0"})`,
              zIndex: 20,
              whiteSpace: "nowrap",
            }}
          >
            {tip.notes.map((n, i) => (
              <div key={i} style={{ color: n.color }}>
                {n.text}
              </div>
            ))}
            {tip.header ? <div className="muted">{tip.header}</div> : null}
            {tip.rows.map((r) => (
              <div key={r.name} className="chart-tip-row">
                <span className="chart-swatch" style={{ background: r.color }} />
                <span>{r.name}</span>
                <strong>{r.value}</strong>
              </div>
            ))}
          </div>
        ) : null}
      </div>
      {entries.length ? (
        <ChartLegend
          entries={entries}
          hidden={hidden}
          onToggle={onToggle}
          onOnly={onOnly}
          ariaLabel={ariaLabel}
          maxHeight={Math.max(80, height - 24)}
          onEnter={onLeave}
        />
      ) : null}
    </div>
  );
}
