"use client";
// The one ECharts wrapper (DESIGN.md §8.8): owns init, resize, dispose, crosshair sync and
// drag-to-select. Options come from pure builders in chart-options.ts.
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useRef, useState } from "react";

type Echarts = typeof import("./echarts-setup")["echarts"];

// ECharts is its own chunk, fetched when the first chart mounts (not part of any page's
// first-load JS); every chart shares the one load.
let loading: Promise<Echarts> | undefined;
const loadEcharts = () => {
  loading ??= import("./echarts-setup").then(
    (m) => m.echarts,
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
}

interface ChartRefs {
  chart: { current: ReturnType<Echarts["init"]> | null };
  arm: { current: () => void };
  handlers: {
    current: Pick<EChartProps, "onSelectRange" | "onItemClick" | "onFinished">;
  };
}

/** Create the chart in `dom` with its handlers; returns the teardown. */
function mount(echarts: Echarts, dom: HTMLDivElement, group: string | undefined, refs: ChartRefs): () => void {
  const { chart, arm, handlers } = refs;
  const c = echarts.init(dom, undefined, { renderer: "canvas" });
  chart.current = c;
  if (group) {
    c.group = group;
    echarts.connect(group);
  }
  // Brush mode is armed after every setOption: that is what makes a plain drag select a range.
  arm.current = () =>
    c.dispatchAction({
      type: "takeGlobalCursor",
      key: "brush",
      brushOption: { brushType: "lineX", brushMode: "single" },
    });
  c.on("brushEnd", (p: unknown) => {
    const area = (p as { areas?: { coordRange?: unknown }[] }).areas?.[0];
    const r = area?.coordRange;
    if (Array.isArray(r) && typeof r[0] === "number" && typeof r[1] === "number" && r[1] > r[0]) {
      handlers.current.onSelectRange?.(Math.round(r[0]), Math.round(r[1]));
    }
    c.dispatchAction({ type: "brush", areas: [] });
  });
  // Brush mode swallows ECharts' item clicks, so clicks are resolved at the zrender level:
  // the nearest point of a clickable scatter series within 10 px.
  c.getZr().on("click", (e: { offsetX: number; offsetY: number }) => {
    const series = (c.getOption() as { series?: { id?: string; type?: string; data?: unknown[] }[] }).series ?? [];
    let best: { id?: string; i: number; d: number } | undefined;
    for (const s of series) {
      if (s.type !== "scatter" || !Array.isArray(s.data)) continue;
      s.data.forEach((pt, i) => {
        const px = c.convertToPixel({ seriesId: s.id }, pt as number[]) as unknown as number[] | undefined;
        if (!px) return;
        const d = Math.hypot(px[0]! - e.offsetX, px[1]! - e.offsetY);
        if (d <= 10 && (!best || d < best.d)) best = { id: s.id, i, d };
      });
    }
    if (best) handlers.current.onItemClick?.(best.id, best.i);
  });
  c.on("finished", () => handlers.current.onFinished?.());
  const ro = new ResizeObserver(() => c.resize());
  ro.observe(dom);
  return () => {
    ro.disconnect();
    c.dispose();
    chart.current = null;
  };
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
}: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<Echarts["init"]> | null>(null);
  // Bumped when the chart exists, so the option effect runs once ECharts has loaded.
  const [ready, setReady] = useState(0);
  const arm = useRef<() => void>(() => {});
  const handlers = useRef({ onSelectRange, onItemClick, onFinished });
  handlers.current = { onSelectRange, onItemClick, onFinished };

  useEffect(() => {
    let cancelled = false;
    let cleanup = () => {};
    void loadEcharts().then((echarts) => {
      const dom = el.current;
      if (cancelled || !dom) return;
      cleanup = mount(echarts, dom, group, { chart, arm, handlers });
      setReady((r) => r + 1);
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [group]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `ready` re-applies the option once the chart exists
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption(option, { notMerge: true, lazyUpdate: true });
    if (handlers.current.onSelectRange) arm.current();
  }, [option, ready]);

  return <div ref={el} style={{ height, width: "100%" }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}
