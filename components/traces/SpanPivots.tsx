"use client";
// Span → logs of that span in its container, and → that container's metrics at that time
// (DESIGN.md §4). When the container cannot be told, the reason is shown, never a dead link.
import Link from "next/link";
import type { TraceResponse } from "@/lib/model/api";
import { micros, microsToMillis } from "@/lib/model/time";
import type { Span } from "@/lib/model/trace";
import type { ChromeState } from "@/lib/url/state";
import { placeSpan } from "./span-place";
import { around, containerLink, SPAN_LOGS_MARGIN_MS, SPAN_METRICS_MARGIN_MS } from "./trace-links";

interface Props {
  span: Span;
  traceId: string;
  data: Pick<TraceResponse, "containers" | "unmatched">;
  chrome: ChromeState;
}

export function SpanPivots({ span, traceId, data, chrome }: Props) {
  const place = placeSpan(span, data);
  const startMs = microsToMillis(span.start);
  const endMs = microsToMillis(micros(span.start + span.duration));
  if (place.kind === "reason") {
    return (
      <div className="span-pivots">
        <div className="reason" data-testid="span-container-reason">
          <strong>No logs or metrics link for this span.</strong> {place.message}
        </div>
      </div>
    );
  }
  const name = place.ref.name;
  const logs = containerLink(name, chrome, {
    ...around(startMs, endMs, SPAN_LOGS_MARGIN_MS),
    tab: "logs",
    traceId,
    spanId: span.spanId,
  });
  const metrics = containerLink(name, chrome, { ...around(startMs, endMs, SPAN_METRICS_MARGIN_MS), tab: "metrics" });
  return (
    <div className="span-pivots">
      <Link href={logs} data-testid="span-logs-link">
        Logs of this span in {name} <span className="muted">(±30 s, trace and span ID first)</span>
      </Link>
      <Link href={metrics} data-testid="span-metrics-link">
        Metrics of {name} at this time <span className="muted">(±15 min)</span>
      </Link>
    </div>
  );
}
