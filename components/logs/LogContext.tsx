"use client";
import { useQuery } from "@tanstack/react-query";
import type { LogLine } from "@/lib/model/logs";
import { logContextQuery } from "@/lib/queries/keys";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";
import { PanelError, PanelLoading } from "../ui/PanelState";
import { LogList } from "./LogList";

/** What a log line brings to a pivot: its instant and the IDs the server's parser found. */
export const lineItem = (l: LogLine) => ({ startMs: l.at, endMs: l.at, traceId: l.traceId, spanId: l.spanId });

/** Log line → its neighbours in the same stream (Loki stream selector), the line marked. */
export function LogContext({
  containerRef,
  line,
  onClose,
  chrome,
}: {
  containerRef: string;
  line: LogLine;
  onClose(): void;
  chrome: ChromeState;
}) {
  const q = useQuery(logContextQuery(containerRef, line));
  const pivot = q.data?.tracePivot;
  const traceHref = (l: LogLine) => (pivot ? itemHref(pivot, lineItem(l), chrome) : undefined);
  return (
    <div data-testid="log-context" style={{ marginBottom: 8 }}>
      <div className="row notice">
        <span>
          Lines around <span className="mono">{line.ts}</span> in stream{" "}
          <span className="mono">{q.data?.selector ?? ""}</span>
        </span>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {q.isPending ? <PanelLoading height={120} /> : null}
      {q.error ? <PanelError error={q.error} what="context" onRetry={() => q.refetch()} /> : null}
      {q.data?.reason ? <div className="state">{q.data.reason}</div> : null}
      {q.data?.lines.length ? (
        <LogList
          lines={q.data.lines}
          traceHref={traceHref}
          height={Math.min(300, q.data.lines.length * 22 + 4)}
          highlightTs={line.ts}
          testId="context-list"
        />
      ) : null}
    </div>
  );
}
