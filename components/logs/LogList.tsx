"use client";
// Virtualised log lines: only the visible rows exist in the DOM, so 5,000 lines scroll smoothly.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { memo, type ReactNode, type RefObject, useMemo, useRef } from "react";
import { formatClock } from "@/lib/model/format";
import type { LogLine } from "@/lib/model/logs";
import { interleave, type LogSeparator } from "./lifecycle-separators";

// Must match the height of .logrow / .logsep in app/globals.css.
const ROW = 22;

export interface LogListProps {
  lines: LogLine[];
  /** The line's trace link (server-decided pivot, formatted by lib/url), or undefined. */
  traceHref(line: LogLine): string | undefined;
  height: number;
  onScrollTopChange?(atTop: boolean): void;
  scrollRef?: RefObject<HTMLDivElement | null>;
  highlightTraceId?: string;
  /** The row to mark (log context: the line whose neighbours are shown). */
  highlightTs?: string;
  /** Shows a "context" button per row. */
  onContext?(line: LogLine): void;
  footer?: ReactNode;
  testId?: string;
  /** Restart/stop separators from the container's lifecycle, placed between the lines. */
  separators?: LogSeparator[];
}

/** One line's row. Memoised: while scrolling, rows that stay in view are not rendered again. */
const LineRow = memo(function LineRow({
  line: l,
  start,
  href,
  hl,
  onContext,
}: {
  line: LogLine;
  start: number;
  href: string | undefined;
  hl: boolean;
  onContext?(line: LogLine): void;
}) {
  return (
    <div
      className={`logrow lvl-${l.level}${hl ? " hl" : ""}`}
      data-testid="log-row"
      data-level={l.level}
      data-at={l.at}
      style={{ transform: `translateY(${start}px)` }}
      title={l.line}
    >
      <span className="ts mono" title={`${l.ts} ns`}>
        {formatClock(l.at, { ms: true })}
      </span>
      <span className="lvl">{l.level === "unknown" ? "" : l.level.toUpperCase()}</span>
      {l.traceId && href ? (
        <a className="tid mono" href={href} data-testid="log-trace-link" title={`Open trace ${l.traceId}`}>
          {l.traceId.slice(0, 8)}
        </a>
      ) : (
        <span className="tid" />
      )}
      {l.lineLength ? (
        <span
          className="cut"
          data-testid="log-line-cut"
          title={`Line cut for display: first ${l.line.length.toLocaleString("en")} of ${l.lineLength.toLocaleString("en")} characters`}
        >
          cut {Math.round(l.lineLength / 1024).toLocaleString("en")} KiB
        </span>
      ) : null}
      <span className="msg mono">{l.line}</span>
      {onContext ? (
        <button
          type="button"
          className="ctx"
          data-testid="log-context-button"
          title="Show the lines around this one in its stream"
          onClick={() => onContext(l)}
        >
          context
        </button>
      ) : null}
    </div>
  );
});

export function LogList({
  lines,
  traceHref,
  height,
  onScrollTopChange,
  scrollRef,
  highlightTraceId,
  highlightTs,
  onContext,
  footer,
  testId,
  separators,
}: LogListProps) {
  const own = useRef<HTMLDivElement>(null);
  const parent = scrollRef ?? own;
  const router = useRouter();
  const rows = useMemo(() => interleave(lines, separators ?? []), [lines, separators]);
  // Each line's trace link, worked out once per line (not on every scroll frame).
  const hrefs = useMemo(() => {
    const cache = new WeakMap<LogLine, string | undefined>();
    return (l: LogLine) => {
      if (!l.traceId) return undefined;
      if (!cache.has(l)) cache.set(l, traceHref(l));
      return cache.get(l);
    };
  }, [traceHref]);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    // Rows have one fixed height (.logrow in globals.css): nothing to measure.
    overscan: 8,
    // The box's height before it is measured: the server renders (and the browser hydrates)
    // the first screen of rows, so a page whose lines came in its HTML paints them at once.
    initialRect: { width: 0, height },
  });
  return (
    // biome-ignore lint/a11y: delegates clicks of the anchors inside (Enter on a focused anchor is a click too)
    <div
      ref={parent}
      className="loglist"
      style={{ height, overflow: "auto" }}
      data-testid={testId ?? "log-list"}
      data-count={lines.length}
      onScroll={(e) => onScrollTopChange?.(e.currentTarget.scrollTop < 4)}
      onClick={(e) => {
        // One delegated handler instead of a <Link> per row: rows mount and unmount on every
        // scroll frame, and each Link sets up its own prefetch observer.
        const a = (e.target as HTMLElement).closest("a");
        if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        router.push(a.getAttribute("href") ?? "/");
      }}
    >
      <div className="logrows" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          if (row.kind === "sep")
            return (
              <div
                key={row.sep.key}
                className="logsep"
                data-testid="log-separator"
                data-at={row.sep.at}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.sep.text}
              </div>
            );
          const l = row.line;
          return (
            <LineRow
              key={l.key}
              line={l}
              start={item.start}
              href={hrefs(l)}
              hl={Boolean((highlightTraceId && l.traceId === highlightTraceId) || l.ts === highlightTs)}
              onContext={onContext}
            />
          );
        })}
      </div>
      {footer}
    </div>
  );
}
