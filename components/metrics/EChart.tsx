"use client";
// The one ECharts wrapper (DESIGN.md §8.8): owns init, resize, dispose, and the interaction layer
// around the canvas: drag-to-select, the tooltip, the crosshair shared by a group of charts, the
// legend, lifecycle markers and highlighted windows, all as plain HTML over the chart (geometry
// in chart-geometry.ts), so ECharts' Brush, Tooltip, AxisPointer, Legend, MarkLine and MarkArea
// components stay out of the chart chunk. Options come from pure builders in chart-options.ts;
// big lines are decimated to the plot's pixel columns before ECharts sees them (chart-view.ts).
// A chart given the server's drawing of itself (`drawing`, an SVG) shows it and loads ECharts
// only once it is needed: the pointer or focus comes to a chart, the drawing no longer shows
// what the chart would (other data, a series turned off), or another chart of the page needs
// ECharts (then all come alive, for the shared crosshair). The overlays work over the drawing
// meanwhile (the x axis is planned from the option: chart-view.ts plannedAxis).
import type { EChartsCoreOption } from "echarts/core";
import { type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef, useState } from "react";
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
import { axisSeries, gridInsets, legendEntries, plannedAxis, seriesOf, timeWindow, viewOption } from "./chart-view";
import type { LifecycleMarker } from "./lifecycle-markers";

type Echarts = typeof import("./echarts-setup");
type Chart = ReturnType<Echarts["init"]>;

// ECharts is its own chunk, fetched when the first chart needs it (not part of any page's
// first-load JS); every chart shares the one load.
let loading: Promise<Echarts> | undefined;
// Charts showing their drawing, told when ECharts starts loading for any chart.
const waiting = new Set<() => void>();
const loadEcharts = () => {
  if (!loading) for (const f of [...waiting]) f();
  loading ??= import("./echarts-setup").then(
    (m) => m,
    (err: unknown) => {
      loading = undefined; // a failed chunk load is retried by the next chart
      throw err;
    },
  );
  return loading;
};

/**
 * Start loading ECharts now, before any chart mounts: a panel that will surely draw calls this
 * so the chunk downloads while its data is still on the way (browser only; idempotent).
 */
export function preloadEcharts(): void {
  if (typeof window !== "undefined") void loadEcharts().catch(() => {});
}

// The crosshair follows the pointer across every chart of a group (what echarts.connect did).
const groups = new Map<string, Set<(t: number | null) => void>>();
function joinGroup(group: string, f: (t: number | null) => void): () => void {
  let set = groups.get(group);
  if (!set) groups.set(group, (set = new Set()));
  set.add(f);
  return () => {
    set.delete(f);
    if (!set.size) groups.delete(group);
  };
}

/** What hovering shows. */
export interface ChartHover {
  /** Formats a line's value: the tooltip lists every visible line at the hovered time. */
  value?: (v: number) => string;
  /** Text for a point of a scatter series (its id and data item), e.g. an exemplar. */
  item?: (seriesId: string, datum: readonly unknown[]) => string | undefined;
}

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Charts in the same group share the crosshair. */
  group?: string;
  /** Drag across the chart selects [from, to] in ms. */
  onSelectRange?: (from: number, to: number) => void;
  /** Click on a data item (e.g. an exemplar point). */
  onItemClick?: (seriesId: string | undefined, dataIndex: number) => void;
  ariaLabel: string;
  testId?: string;
  /** ECharts' 'finished' event: a render (and any progressive rendering) completed. */
  onFinished?: () => void;
  hover?: ChartHover;
  /** A legend that turns series (and the lifecycle markers) on and off. */
  legend?: boolean;
  /** Vertical lifecycle markers (exit, restart, …), hovered for what happened. */
  markers?: readonly LifecycleMarker[];
  /** Shaded windows, e.g. the selected span's time. */
  areas?: readonly TimeRange[];
  /**
   * The server's drawing of this very chart (an SVG data URL), shown until ECharts has drawn;
   * ECharts is loaded only when needed (see the top of this file). Pass it only while it
   * shows the option's data.
   */
  drawing?: string;
}

const LIFECYCLE = "lifecycle";
const HIT_RADIUS = 10;
const MARKER_RADIUS = 4;

interface Tip {
  x: number;
  y: number;
  header?: string;
  rows: TooltipRow[];
  notes: { text: string; color: string }[];
}

/** Plot width in device pixels: how many columns the lines are decimated to. */
function columnsOf(dom: HTMLElement, option: EChartsCoreOption): number {
  const g = gridInsets(option);
  const w = Math.max(1, dom.clientWidth - g.left - g.right);
  return Math.ceil(w * (window.devicePixelRatio || 1));
}

export function EChart({
  option,
  height,
  group,
  onSelectRange,
  onItemClick,
  ariaLabel,
  testId,
  onFinished,
  hover,
  legend,
  markers,
  areas,
  drawing,
}: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const crosshair = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  // Bumped when the chart exists (and when a wider plot needs more columns), so the option
  // effect runs again.
  const [ready, setReady] = useState(0);
  const [drawnAxis, setAxis] = useState<AxisMap | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  // The chart's width (clientWidth, as ECharts reads it), for the axis planned before ECharts draws.
  const [width, setWidth] = useState(0);
  // Whether ECharts has drawn this chart (then the server's drawing goes).
  const [drawn, setDrawn] = useState(false);
  const [wanted, setWanted] = useState(false);
  const needed = wanted || !drawing || hidden.size > 0;
  const [tip, setTip] = useState<Tip | null>(null);
  const [sel, setSel] = useState<{ a: number; b: number } | null>(null);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const applied = useRef({ option, columns: 0 });
  const drag = useRef<{ x: number; y: number; id: number } | null>(null);
  const hitCache = useRef<
    { key: unknown[]; points: { id: string; data: unknown[]; px: (HitPoint | undefined)[] }[] } | undefined
  >(undefined);
  const latest = useRef({ onSelectRange, onItemClick, onFinished, hover, group });
  latest.current = { onSelectRange, onItemClick, onFinished, hover, group };
  const insets = gridInsets(option);
  const planned = useMemo(() => plannedAxis(option, width), [option, width]);
  const axis = (drawn ? drawnAxis : null) ?? planned;

  useEffect(() => {
    const dom = el.current;
    if (!dom) return;
    setWidth(dom.clientWidth);
    const ro = new ResizeObserver(() => setWidth(dom.clientWidth));
    ro.observe(dom);
    return () => ro.disconnect();
  }, []);

  // Keyboard focus on the chart's legend needs the chart (a series may be turned off next).
  useEffect(() => {
    const b = box.current;
    if (!b || needed) return;
    const f = () => setWanted(true);
    b.addEventListener("focusin", f);
    return () => b.removeEventListener("focusin", f);
  }, [needed]);

  // Until needed, wait for another chart to start loading ECharts (or for ours to be needed).
  useEffect(() => {
    if (needed) return;
    if (loading) {
      setWanted(true);
      return;
    }
    const f = () => setWanted(true);
    waiting.add(f);
    return () => {
      waiting.delete(f);
    };
  }, [needed]);

  useEffect(() => {
    if (!needed) return;
    let cancelled = false;
    let cleanup = () => {};
    void loadEcharts().then((echarts) => {
      const dom = el.current;
      if (cancelled || !dom) return;
      const c = echarts.init(dom, undefined, { renderer: "canvas" });
      chart.current = c;
      c.on("finished", () => {
        // Where the x axis landed (the grid may shrink to fit its labels): the overlays follow it.
        // (Until the first setOption the chart has no model: convertToPixel would throw.)
        const win = applied.current.columns > 0 ? timeWindow(applied.current.option) : undefined;
        if (win) {
          const x0 = c.convertToPixel({ xAxisIndex: 0 }, win[0]) as unknown as number;
          const x1 = c.convertToPixel({ xAxisIndex: 0 }, win[1]) as unknown as number;
          if (Number.isFinite(x0) && Number.isFinite(x1) && x1 > x0)
            setAxis((a) =>
              a && a.x0 === x0 && a.x1 === x1 && a.t0 === win[0] && a.t1 === win[1]
                ? a
                : { x0, x1, t0: win[0], t1: win[1] },
            );
        }
        setDrawn(true);
        latest.current.onFinished?.();
      });
      const ro = new ResizeObserver(() => {
        c.resize();
        // Wider than the data was decimated for: decimate again, or detail would be missing.
        const { option: o, columns } = applied.current;
        if (columns > 0 && columnsOf(dom, o) > columns) setReady((r) => r + 1);
      });
      ro.observe(dom);
      cleanup = () => {
        ro.disconnect();
        c.dispose();
        chart.current = null;
      };
      setReady((r) => r + 1);
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [needed]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `ready` re-applies the option once the chart exists
  useEffect(() => {
    const c = chart.current;
    const dom = el.current;
    if (!c || !dom) return;
    const columns = columnsOf(dom, option);
    applied.current = { option, columns };
    hitCache.current = undefined;
    c.setOption(viewOption(option, hidden, columns), { notMerge: true, lazyUpdate: true });
  }, [option, hidden, ready]);

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

  const shownMarkers = markers && !hidden.has(LIFECYCLE) ? markers : [];

  /** Scatter points in pixels, computed once per render of the chart. */
  const scatterPixels = () => {
    const c = chart.current;
    if (!c || applied.current.columns === 0) return [];
    const key = [option, hidden, axis];
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
            const p = c.convertToPixel({ seriesId: s.id }, d as number[]) as unknown as number[] | undefined;
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
    if (g) for (const f of groups.get(g) ?? []) f(t);
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
    const item = chart.current ? hitItem(x, y) : undefined;
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
    setWanted(true);
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
      onPointerEnter={() => setWanted(true)}
    >
      <div ref={el} style={{ height, width: "100%" }} role="img" aria-label={ariaLabel} data-testid={testId} />
      {drawing && !drawn && !hidden.size ? (
        // biome-ignore lint/performance/noImgElement: a data-URL SVG drawn on the server; no optimisation applies
        <img
          src={drawing}
          alt=""
          aria-hidden="true"
          data-testid="chart-svg"
          style={{
            position: "absolute",
            inset: 0,
            width: "100%",
            height,
            pointerEvents: "none",
            background: "var(--panel)",
          }}
        />
      ) : null}
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
        <div className="chart-legend" role="group" aria-label={`${ariaLabel}: series`}>
          {entries.map((en) => (
            <button
              type="button"
              key={en.name}
              aria-pressed={!hidden.has(en.name)}
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() =>
                setHidden((h) => {
                  const next = new Set(h);
                  if (!next.delete(en.name)) next.add(en.name);
                  return next;
                })
              }
            >
              <span
                className={en.kind === "point" ? "chart-swatch point" : "chart-swatch"}
                style={{ background: hidden.has(en.name) ? "transparent" : en.color, borderColor: en.color }}
              />
              {en.name}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
