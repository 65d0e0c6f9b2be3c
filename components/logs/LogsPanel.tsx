"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import { logsQuery, logsUrl, logTailUrl } from "@/lib/queries/keys";
import { type LogsSeed, seedFor } from "@/lib/queries/seed";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";
import { volumeHover, volumeOption } from "../metrics/chart-options";
import { samePoints } from "../metrics/chart-view";
import { EChart } from "../metrics/EChart";
import { PanelEmpty, PanelError, PanelLoading } from "../ui/PanelState";
import { ReasonNote } from "../ui/ReasonNote";
import type { LogLine } from "@/lib/model/logs";
import { LogContext, lineItem } from "./LogContext";
import { LogFilter } from "./LogFilter";
import { useLogSeparators } from "../lifecycle/use-lifecycle";
import { LogList } from "./LogList";
import { useLiveTail } from "./use-live-tail";

interface Props {
  containerRef: string;
  containerName: string;
  range: TimeRange;
  rangeLabel: string;
  q?: string;
  qmode: "substring" | "regex";
  traceId?: string;
  spanId?: string;
  live: boolean;
  setParams(p: Record<string, string | undefined>, mode?: "push" | "replace"): void;
  onSelectRange(from: number, to: number): void;
  /** Theme/embed to keep on the trace links. */
  chrome: ChromeState;
  /** The server page's first page of lines (used when it answers this panel's URL). */
  seed?: LogsSeed;
}

export function LogsPanel(p: Props) {
  const separators = useLogSeparators(p.containerRef, p.range);
  const params = { range: p.range, q: p.q, qmode: p.qmode, traceId: p.traceId, spanId: p.spanId };
  const q = useInfiniteQuery(logsQuery(p.containerRef, params));
  // The server page's first screen of lines, shown until the panel's own answer is in.
  const preview = q.data || q.error ? undefined : seedFor(p.seed, logsUrl(p.containerRef, params))?.data;
  const first = q.data?.pages[0] ?? preview;
  const lines = useMemo(() => q.data?.pages.flatMap((pg) => pg.lines) ?? preview?.lines ?? [], [q.data, preview]);
  const [atTop, setAtTop] = useState(true);
  const [contextOf, setContextOf] = useState<LogLine>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const tailUrl = p.live ? logTailUrl(p.containerRef, { q: p.q, qmode: p.qmode }) : undefined;
  const live = useLiveTail(tailUrl, atTop);
  // Line → trace: decided by the server for each response (the tail sends it on connect).
  const pivot = (p.live ? live.tracePivot : undefined) ?? first?.tracePivot;
  const traceHref = (l: LogLine) => (pivot ? itemHref(pivot, lineItem(l), p.chrome) : undefined);
  const shown = p.live ? live.lines : lines;
  const volume = first?.volume;
  const volumeOpt = useMemo(() => (volume ? volumeOption(volume.points, p.range) : undefined), [volume, p.range]);
  // The server's drawing of the volume while it shows these very counts (the panel's own
  // answer for the page's range repeats the HTML's).
  const seeded = seedFor(p.seed, logsUrl(p.containerRef, params))?.data.volume;
  const volumeDrawing =
    p.seed?.chart && volume && seeded && samePoints(volume.points, seeded.points) ? p.seed.chart : undefined;

  return (
    <section className="panel" aria-label="Logs" data-testid="logs-panel">
      <div className="panel-head">
        <h2>Logs</h2>
        {first?.selector ? (
          <span className="muted mono" title={first.query}>
            Loki {first.selector}
          </span>
        ) : null}
        <span className="spacer" />
        <LogFilter
          q={p.q}
          qmode={p.qmode}
          onApply={(text, mode) =>
            p.setParams({ q: text || undefined, qmode: text && mode === "regex" ? "regex" : undefined })
          }
        />
        <button
          type="button"
          aria-pressed={p.live}
          onClick={() => p.setParams({ live: p.live ? undefined : "1" }, "replace")}
          data-testid="live-toggle"
        >
          {p.live ? "● Live" : "Live"}
        </button>
      </div>
      {volumeOpt && !p.live ? (
        <EChart
          option={volumeOpt}
          height={70}
          onSelectRange={p.onSelectRange}
          hover={volumeHover}
          ariaLabel="Log volume"
          testId="log-volume"
          drawing={volumeDrawing}
        />
      ) : null}
      {q.isPending && !preview && !p.live ? <PanelLoading height={240} /> : null}
      {q.error && !p.live ? <PanelError error={q.error} what="logs" onRetry={() => q.refetch()} /> : null}
      {first?.reason ? <ReasonNote reason={first.reason} /> : null}
      {first?.focus?.length && !p.live ? (
        <div data-testid="focus-lines" style={{ marginBottom: 8 }}>
          <div className="notice">
            {first.focus.length} line{first.focus.length === 1 ? "" : "s"} of{" "}
            {p.spanId ? `span ${p.spanId}` : `trace ${p.traceId?.slice(0, 12)}…`} — surrounding lines below
          </div>
          <LogList
            lines={first.focus}
            traceHref={traceHref}
            height={Math.min(160, first.focus.length * 22 + 4)}
            highlightTraceId={p.traceId}
            testId="focus-list"
          />
        </div>
      ) : null}
      {p.live ? (
        <div className="row" style={{ marginBottom: 6 }}>
          <span className="muted">
            {live.connected ? "following new lines" : "connecting…"} · keeps the newest {5000} lines
          </span>
          {live.pendingCount ? (
            <button
              type="button"
              className="notice"
              onClick={() => {
                live.resume();
                scrollRef.current?.scrollTo({ top: 0 });
              }}
              data-testid="new-lines"
            >
              {live.pendingCount} new lines ↑
            </button>
          ) : null}
          {live.dropped ? <span className="badge error">Loki dropped {live.dropped} entries</span> : null}
          {live.error ? <span className="badge error">{live.error}</span> : null}
        </div>
      ) : null}
      {first && !first.reason && !p.live && lines.length === 0 ? (
        <PanelEmpty>
          No logs for {p.containerName} {p.rangeLabel}
          {p.q ? ` matching “${p.q}”` : ""}; Loki selector used: <span className="mono">{first.selector ?? "–"}</span>
        </PanelEmpty>
      ) : null}
      {contextOf ? (
        <LogContext
          containerRef={p.containerRef}
          line={contextOf}
          onClose={() => setContextOf(undefined)}
          chrome={p.chrome}
        />
      ) : null}
      {(p.live || lines.length > 0) && (
        <LogList
          lines={shown}
          separators={separators}
          traceHref={traceHref}
          height={420}
          scrollRef={scrollRef}
          onScrollTopChange={setAtTop}
          onContext={setContextOf}
          highlightTraceId={p.traceId}
        />
      )}
      {!p.live && !preview && lines.length > 0 ? (
        <div className="row" style={{ marginTop: 6 }}>
          <span className="muted" data-testid="log-count">
            {lines.length.toLocaleString()} lines
            {q.hasNextPage ? ` (showing ${lines.length.toLocaleString()} of more)` : ""}
          </span>
          {q.hasNextPage ? (
            <button
              type="button"
              onClick={() => q.fetchNextPage()}
              disabled={q.isFetchingNextPage}
              data-testid="load-older"
            >
              {q.isFetchingNextPage ? "Loading…" : "Load older"}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
