"use client";
import { useQuery } from "@tanstack/react-query";
import type { LogLine } from "@/lib/model/logs";
import { logContextQuery } from "@/lib/queries/keys";
import { PanelError, PanelLoading } from "../ui/PanelState";
import { LogList } from "./LogList";

/** Log line → its neighbours in the same stream (Loki stream selector), the line marked. */
export function LogContext({
  containerRef,
  line,
  onClose,
  traceHref,
}: {
  containerRef: string;
  line: LogLine;
  onClose(): void;
  traceHref(traceId: string, spanId?: string): string;
}) {
  const q = useQuery(logContextQuery(containerRef, line));
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
      {q.data && q.data.lines.length ? (
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
