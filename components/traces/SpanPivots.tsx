"use client";
// Span → logs of that span in its container, and → that container's metrics at that time
// (DESIGN.md §4). The server decided which container ran the span and each pivot; this only
// shows the link, or the reason there is none.
import Link from "next/link";
import type { TraceResponse } from "@/lib/model/api";
import type { ItemPivot, PivotItem, PivotReason } from "@/lib/model/pivot";
import { microsToMillis } from "@/lib/model/time";
import type { Span } from "@/lib/model/trace";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";

interface Props {
  span: Span;
  /** The span's index in `data.trace.spans`. */
  index: number;
  data: Pick<TraceResponse, "containers" | "unmatched" | "spanContainer">;
  chrome: ChromeState;
}

function PivotOrReason({
  pivot,
  item,
  chrome,
  testId,
}: {
  pivot: ItemPivot | PivotReason;
  item: PivotItem;
  chrome: ChromeState;
  testId: string;
}) {
  const href = pivot.kind === "item" ? itemHref(pivot, item, chrome) : undefined;
  if (pivot.kind === "item" && href) {
    return (
      <Link href={href} data-testid={testId}>
        {pivot.label}
      </Link>
    );
  }
  return (
    <div className="reason" data-testid={`${testId}-reason`}>
      {pivot.kind === "reason" ? pivot.message : ""} {pivot.kind === "reason" ? pivot.suggestion : ""}
    </div>
  );
}

export function SpanPivots({ span, index, data, chrome }: Props) {
  const at = data.spanContainer[index] ?? -1;
  const place = at >= 0 ? data.containers[at] : undefined;
  if (!place) {
    const why = data.unmatched.find((u) => u.service === span.service);
    return (
      <div className="span-pivots">
        <div className="reason" data-testid="span-container-reason">
          <strong>No logs or metrics link for this span.</strong>{" "}
          {why?.reason ?? `No container of this trace ran service ${span.service || "?"}.`}
          {why?.suggestion ? <span className="muted"> {why.suggestion}</span> : null}
        </div>
      </div>
    );
  }
  const item: PivotItem = {
    startMs: microsToMillis(span.start),
    endMs: microsToMillis(span.start) + Math.max(0, span.duration || 0) / 1000,
    traceId: span.traceId,
    spanId: span.spanId,
  };
  return (
    <div className="span-pivots">
      <PivotOrReason pivot={place.spanLogs} item={item} chrome={chrome} testId="span-logs-link" />
      <PivotOrReason pivot={place.spanMetrics} item={item} chrome={chrome} testId="span-metrics-link" />
    </div>
  );
}
