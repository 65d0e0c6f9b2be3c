"use client";
// Span → logs of that span in its container, and → that container's metrics at that time
// (DESIGN.md §4). The server decided which container ran the span (the columns' per-span
// container index) and each pivot (the containers table); this only completes the decision
// with the span's own time and IDs, and shows the link or the reason there is none.
import { IntentLink } from "./IntentLink";
import type { ItemPivot, PivotItem, PivotReason } from "@/lib/model/pivot";
import { micros, microsToMillis } from "@/lib/model/time";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";
import { containerIndexAt, serviceAt, spanIdAt, type WaterfallModel } from "./waterfall-model";

interface Props {
  model: WaterfallModel;
  /** The span's row in `model`'s columns. */
  at: number;
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
      <IntentLink href={href} data-testid={testId}>
        {pivot.label}
      </IntentLink>
    );
  }
  return (
    <div className="reason" data-testid={`${testId}-reason`}>
      {pivot.kind === "reason" ? pivot.message : ""} {pivot.kind === "reason" ? pivot.suggestion : ""}
    </div>
  );
}

export function SpanPivots({ model, at: pos, chrome }: Props) {
  const ci = containerIndexAt(model, pos);
  const place = ci >= 0 ? model.containers[ci] : undefined;
  if (!place) {
    const service = serviceAt(model, pos);
    const why = model.unmatched.find((u) => u.service === service);
    return (
      <div className="span-pivots">
        <div className="reason" data-testid="span-container-reason">
          <strong>No logs or metrics link for this span.</strong>{" "}
          {why?.reason ?? `No container of this trace ran service ${service || "?"}.`}
          {why?.suggestion ? <span className="muted"> {why.suggestion}</span> : null}
        </div>
      </div>
    );
  }
  const startMs = microsToMillis(micros(model.traceStart + model.offset[pos]!));
  const item: PivotItem = {
    startMs,
    endMs: startMs + model.duration[pos]! / 1000,
    traceId: model.traceId,
    spanId: spanIdAt(model, pos),
  };
  return (
    <div className="span-pivots">
      <PivotOrReason pivot={place.spanLogs} item={item} chrome={chrome} testId="span-logs-link" />
      <PivotOrReason pivot={place.spanMetrics} item={item} chrome={chrome} testId="span-metrics-link" />
    </div>
  );
}
