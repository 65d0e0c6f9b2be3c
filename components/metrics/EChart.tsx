"use client";
// The one ECharts wrapper (DESIGN.md §8.8): owns init, resize and dispose; the interaction layer
// around the canvas (drag-to-select, the tooltip, the crosshair shared by a group of charts, the
// legend, lifecycle markers and highlighted windows) is plain HTML over the chart in
// ChartInteraction.tsx (geometry in chart-geometry.ts), so ECharts' Brush, Tooltip, AxisPointer,
// Legend, MarkLine and MarkArea components stay out of the chart chunk. Options come from pure
// builders in chart-options.ts; big lines are decimated to the plot's pixel columns (chart-view.ts)
// and drawn on a canvas of our own under ECharts' (line-layer.ts: ECharts' per-point cost was
// most of a 50-line chart's time), ECharts drawing the axes, grid and points over them.
// A chart given the server's drawing of itself (`drawing`, an SVG) shows it and loads ECharts
// only once it is needed: the pointer or focus comes to a chart, the drawing no longer shows
// what the chart would (other data, a series turned off), or another chart of the page needs
// ECharts (then all come alive, for the shared crosshair). The overlays work over the drawing
// meanwhile (the x axis is planned from the option: chart-view.ts plannedAxis).
import type { EChartsCoreOption } from "echarts/core";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import type { AxisMap } from "./chart-geometry";
import { type ChartHover, ChartInteraction, LIFECYCLE } from "./ChartInteraction";
import { gridInsets, plannedAxis, timeWindow, viewOption } from "./chart-view";
import type { PlotLine } from "./line-layer";
import type { LifecycleMarker } from "./lifecycle-markers";

export type { ChartHover };

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
   * The server's drawing of this very chart (an SVG image URL), shown until ECharts has drawn;
   * ECharts is loaded only when needed (see the top of this file). Pass it only while it
   * shows the option's data.
   */
  drawing?: string;
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
  const chart = useRef<Chart | null>(null);
  // Bumped when a wider plot needs more columns, so the option effect runs again.
  const [ready, setReady] = useState(0);
  const [drawnAxis, setAxis] = useState<AxisMap | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  // The chart's width (clientWidth, as ECharts reads it), for the axis planned before ECharts draws.
  const [width, setWidth] = useState(0);
  // Whether ECharts has drawn this chart (then the server's drawing goes).
  const [drawn, setDrawn] = useState(false);
  const [wanted, setWanted] = useState(false);
  // The drawing shows every series (turning the lifecycle markers off does not change it).
  const seriesHidden = hidden.size > (hidden.has(LIFECYCLE) ? 1 : 0);
  const needed = wanted || !drawing || seriesHidden;
  const applied = useRef<{ option: EChartsCoreOption; columns: number; lines: PlotLine[] }>({
    option,
    columns: 0,
    lines: [],
  });
  // The lines' own canvas, under ECharts' (line-layer.ts).
  const layer = useRef<HTMLCanvasElement>(null);
  const latest = useRef({ onFinished });
  latest.current = { onFinished };
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
        // ECharts also finishes the empty chart's first frame when no option was set yet: that
        // is not this chart drawn (the server's drawing stays, onFinished waits for the data).
        if (applied.current.columns === 0) return;
        // Where the x axis landed (the grid may shrink to fit its labels): the overlays follow it.
        // (Until the first setOption the chart has no model: convertToPixel would throw.)
        const { option: o, lines } = applied.current;
        const win = timeWindow(o);
        // The lines, in this same frame, for the axes ECharts just laid out.
        if (layer.current)
          echarts.paintLayer(layer.current, lines, win && echarts.plotMap(c, win, lines, gridInsets(o).top));
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
        // The observer's first call (and any that leaves the size as it was) would make ECharts
        // lay out and draw every series a second time for nothing.
        if (dom.clientWidth === c.getWidth() && dom.clientHeight === c.getHeight()) return;
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
      // The option now, in this task: a React round trip first would cost a frame or more.
      apply.current();
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [needed]);

  // Hands ECharts the option (decimated to the plot's columns): when the chart is created, and
  // when the option, the hidden series or (`ready`) the plot's width changes.
  const apply = useRef(() => {});
  apply.current = () => {
    const c = chart.current;
    const dom = el.current;
    if (!c || !dom) return;
    const columns = columnsOf(dom, option);
    const view = viewOption(option, hidden, columns);
    applied.current = { option, columns, lines: view.lines };
    c.setOption(view.option, { notMerge: true, lazyUpdate: true });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ready` re-applies the option for a wider plot
  useEffect(() => apply.current(), [option, hidden, ready]);

  const toPixel = useCallback(
    (seriesId: string, datum: number[]) =>
      chart.current?.convertToPixel({ seriesId }, datum) as unknown as number[] | undefined,
    [],
  );
  const onToggle = useCallback(
    (name: string) =>
      setHidden((h) => {
        const next = new Set(h);
        if (!next.delete(name)) next.add(name);
        return next;
      }),
    [],
  );
  const want = useCallback(() => setWanted(true), []);
  // A drawing that failed before hydration fired its error with no handler attached yet (the
  // HTML's <img> loads while the scripts do): one seen broken when React takes it over counts
  // the same as onError.
  const drawingRef = useCallback(
    (img: HTMLImageElement | null) => {
      if (img?.complete && img.naturalWidth === 0) want();
    },
    [want],
  );

  return (
    <ChartInteraction
      option={option}
      height={height}
      axis={axis}
      hidden={hidden}
      onToggle={onToggle}
      onSetHidden={setHidden}
      group={group}
      onSelectRange={onSelectRange}
      onItemClick={onItemClick}
      hover={hover}
      legend={legend}
      markers={markers}
      areas={areas}
      ariaLabel={ariaLabel}
      toPixel={drawn ? toPixel : undefined}
      onWanted={want}
    >
      {needed ? (
        <canvas
          ref={layer}
          data-testid="chart-lines"
          style={{ position: "absolute", left: 0, top: 0, width: "100%", height, pointerEvents: "none" }}
        />
      ) : null}
      <div ref={el} style={{ height, width: "100%" }} role="img" aria-label={ariaLabel} data-testid={testId} />
      {drawing && !drawn && !seriesHidden ? (
        // biome-ignore lint/performance/noImgElement: an SVG drawn on the server; no optimisation applies
        <img
          src={drawing}
          alt=""
          aria-hidden="true"
          data-testid="chart-svg"
          ref={drawingRef}
          // Gone from the server (it keeps drawings briefly): the chart draws itself.
          onError={want}
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
    </ChartInteraction>
  );
}
