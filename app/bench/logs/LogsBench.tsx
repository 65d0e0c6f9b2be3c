"use client";
// Times "N lines → list rendered": the API request, then React commit and the paint after it.
// Driven by scripts/bench through window.__logsBench.run(limit).
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { LogList } from "@/components/logs/LogList";
import { traceHref } from "@/lib/url/links";
import type { ContainerLogsResponse } from "@/lib/model/api";
import type { LogLine } from "@/lib/model/logs";
import { fetchJson } from "@/lib/queries/fetch-json";
import { nextPaint } from "../chart/ChartBench";

export interface LogsBenchResult {
  count: number;
  /** Request sent → JSON parsed. */
  fetchMs: number;
  /** Lines handed to React → committed → painted. */
  renderMs: number;
  totalMs: number;
}

declare global {
  interface Window {
    __logsBench?: { ready: boolean; run(limit: number): Promise<LogsBenchResult> };
  }
}

interface Pending {
  start: number;
  fetched: number;
  resolve(r: LogsBenchResult): void;
}

export function LogsBench({ containerRef, from, to }: { containerRef: string; from: string; to: string }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const pending = useRef<Pending | null>(null);

  useLayoutEffect(() => {
    const p = pending.current;
    if (!p || lines.length === 0) return;
    pending.current = null;
    void nextPaint().then((painted) =>
      p.resolve({
        count: lines.length,
        fetchMs: p.fetched - p.start,
        renderMs: painted - p.fetched,
        totalMs: painted - p.start,
      }),
    );
  }, [lines]);

  useEffect(() => {
    window.__logsBench = {
      ready: true,
      run: async (limit) => {
        setLines([]);
        await nextPaint();
        const start = performance.now();
        const qs = new URLSearchParams({ from, to, limit: String(limit) });
        const res = await fetchJson<ContainerLogsResponse>(
          `/api/containers/${encodeURIComponent(containerRef)}/logs?${qs}`,
        );
        const fetched = performance.now();
        if (res.lines.length === 0)
          return { count: 0, fetchMs: fetched - start, renderMs: 0, totalMs: fetched - start };
        return new Promise<LogsBenchResult>((resolve) => {
          pending.current = { start, fetched, resolve };
          setLines(res.lines);
        });
      },
    };
    return () => {
      window.__logsBench = undefined;
    };
  }, [containerRef, from, to]);

  return (
    <section className="panel" data-testid="logs-bench" style={{ width: 760 }}>
      <h2>Logs bench: {containerRef}</h2>
      <LogList lines={lines} traceHref={(l) => (l.traceId ? traceHref(l.traceId) : undefined)} height={420} />
    </section>
  );
}
