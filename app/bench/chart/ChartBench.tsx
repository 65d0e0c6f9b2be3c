"use client";
// Times one chart render: from the moment the data is handed to React to ECharts' 'finished'
// event and the paint after it. Driven by scripts/bench through window.__chartBench.run().
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { timeSeriesHover, timeSeriesOption } from "@/components/metrics/chart-options";
import { EChart, preloadEcharts } from "@/components/metrics/EChart";
import type { MetricPanel } from "@/lib/model/api";
import { millis } from "@/lib/model/time";

const STEP_MS = 15_000;

// As on the container page (MetricsPanel): ECharts loads with the page, not when data arrives,
// so the figure is data → option → ECharts render → paint.
preloadEcharts();

export interface ChartBenchResult {
  finishedMs: number;
  paintedMs: number;
}

declare global {
  interface Window {
    __chartBench?: { ready: boolean; run(): Promise<ChartBenchResult> };
  }
}

/** Deterministic random walks (mulberry32), one per series. */
function makePanel(series: number, points: number, t0: number): MetricPanel {
  let s = 0x9e3779b9;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    id: "cpu",
    title: "CPU",
    unit: "cores",
    queries: [],
    series: Array.from({ length: series }, (_, i) => {
      let v = 0.2 + rnd();
      return {
        name: `series-${i}`,
        role: "value" as const,
        points: Array.from({ length: points }, (_, k): [ReturnType<typeof millis>, number] => {
          v = Math.max(0, v + (rnd() - 0.5) * 0.1);
          return [millis(t0 + k * STEP_MS), v];
        }),
      };
    }),
  };
}

export function nextPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );
}

export function ChartBench({ series, points }: { series: number; points: number }) {
  const [t0] = useState(() => Math.floor(Date.now() / STEP_MS) * STEP_MS - points * STEP_MS);
  // Generated before the clock starts: the bench times rendering, not data generation.
  const panel = useMemo(() => makePanel(series, points, t0), [series, points, t0]);
  const [shown, setShown] = useState(false);
  const pending = useRef<{ start: number; resolve(r: ChartBenchResult): void } | null>(null);

  const option = useMemo(
    () => (shown ? timeSeriesOption({ panel, range: { from: millis(t0), to: millis(t0 + points * STEP_MS) } }) : null),
    [shown, panel, t0, points],
  );

  const onFinished = useCallback(() => {
    const p = pending.current;
    if (!p) return;
    pending.current = null;
    const finished = performance.now();
    void nextPaint().then((painted) => p.resolve({ finishedMs: finished - p.start, paintedMs: painted - p.start }));
  }, []);

  useEffect(() => {
    window.__chartBench = {
      ready: true,
      run: () =>
        new Promise<ChartBenchResult>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("ECharts sent no 'finished' event within 30 s")), 30_000);
          pending.current = {
            start: performance.now(),
            resolve: (r) => {
              clearTimeout(timer);
              resolve(r);
            },
          };
          setShown(true);
        }),
    };
    return () => {
      window.__chartBench = undefined;
    };
  }, []);

  return (
    <section className="panel" data-testid="chart-bench" data-series={series} data-points={points}>
      <h2>
        Chart bench: {series} series × {points.toLocaleString("en")} points
      </h2>
      {option ? (
        <EChart
          option={option}
          hover={timeSeriesHover(panel.unit)}
          legend={series > 1}
          height={180}
          ariaLabel="bench chart"
          testId="bench-chart"
          onSelectRange={() => {}}
          onFinished={onFinished}
        />
      ) : (
        <div style={{ height: 180 }} />
      )}
    </section>
  );
}
