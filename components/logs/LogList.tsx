"use client";
// Virtualised log lines: only the visible rows exist in the DOM, so 5,000 lines scroll smoothly.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { type ReactNode, type RefObject, useMemo, useRef } from "react";
import { formatClock } from "@/lib/model/format";
import type { LogLine } from "@/lib/model/logs";
import { interleave, type LogSeparator } from "./lifecycle-separators";

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
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    overscan: 20,
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
      <div style={{ height: v.getTotalSize(), position: "relative" }}>
        {v.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const place = {
            position: "absolute",
            top: 0,
            left: 0,
            right: 0,
            height: ROW,
            transform: `translateY(${item.start}px)`,
          } as const;
          if (row.kind === "sep")
            return (
              <div key={row.sep.key} className="logsep" data-testid="log-separator" data-at={row.sep.at} style={place}>
                {row.sep.text}
              </div>
            );
          const l = row.line;
          const href = l.traceId ? traceHref(l) : undefined;
          return (
            <div
              key={l.key}
              className={`logrow lvl-${l.level}${(highlightTraceId && l.traceId === highlightTraceId) || l.ts === highlightTs ? " hl" : ""}`}
              data-testid="log-row"
              data-level={l.level}
              data-at={l.at}
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                right: 0,
                height: ROW,
                transform: `translateY(${item.start}px)`,
              }}
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
        })}
      </div>
      {footer}
    </div>
  );
}
