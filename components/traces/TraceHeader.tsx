"use client";
// What the trace is at a glance: root service and operation, when, how long, how big, how broken.
import { memo, useState } from "react";
import { formatClock } from "@/lib/model/format";
import { micros, microsToMillis } from "@/lib/model/time";
import { jaegerTraceHref } from "@/lib/url/links-out";
import type { TraceLoading } from "@/lib/trace-wire/head";
import { formatOffset } from "./time-axis";
import { useHydrated } from "./use-hydrated";
import { FLAG_ORPHAN, nameAt, serviceAt, type WaterfallModel } from "./waterfall-model";

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = () => {
    // Clipboard needs a secure context; say so rather than fail silently.
    const done = navigator.clipboard?.writeText(text);
    if (!done) return setState("failed");
    done.then(
      () => setState("copied"),
      () => setState("failed"),
    );
    window.setTimeout(() => setState("idle"), 1500);
  };
  return (
    <button type="button" onClick={copy} aria-label={label} data-testid="copy-trace-id">
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
    </button>
  );
}

interface Props {
  traceId: string;
  model: WaterfallModel;
  warnings: readonly string[];
  jaegerUiUrl?: string;
  selectedSpanId?: string;
  /** Set while only the first rows of a trace still loading are here: counts are so far. */
  loading?: TraceLoading;
}

const mb = (bytes: number) => (bytes / 1e6).toLocaleString("en", { maximumFractionDigits: 0 });

/** Memoised: a collapse, an expand or typing in the search does not re-render the summary. */
export const TraceHeader = memo(function TraceHeader({
  traceId,
  model,
  warnings,
  jaegerUiUrl,
  selectedSpanId,
  loading,
}: Props) {
  const root = model.n > 0 ? { service: serviceAt(model, 0), name: nameAt(model, 0) } : undefined;
  const rootMissing = root !== undefined && (model.flags[0]! & FLAG_ORPHAN) !== 0;
  const startMs = microsToMillis(micros(model.traceStart));
  // The server renders UTC (it cannot know the viewer's zone); the viewer's zone after hydration.
  const hydrated = useHydrated();
  const zone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  const jaeger = jaegerUiUrl ? jaegerTraceHref(jaegerUiUrl, traceId, selectedSpanId) : undefined;
  return (
    <section className="panel trace-head" data-testid="trace-header" aria-label="Trace summary">
      <h1>
        <span className="svc" data-testid="trace-root-service">
          {root?.service || "?"}
        </span>
        <span data-testid="trace-root-name">{root?.name || "(no root span)"}</span>
        {model.errorCount > 0 ? (
          <span className="badge error">{model.errorCount.toLocaleString("en")} errors</span>
        ) : null}
      </h1>
      <dl className="trace-facts">
        <div className="trace-id">
          <dt>Trace</dt>
          <dd className="mono" data-testid="trace-id">
            {traceId}
          </dd>
          <CopyButton text={traceId} label="Copy trace ID" />
        </div>
        <div>
          <dt>Start</dt>
          <dd className="mono" data-testid="trace-start" title={`${zone} (your time zone)`}>
            {formatClock(startMs, { withDate: true, ms: true, timeZone: hydrated ? undefined : "UTC" })}{" "}
            <span className="muted">{zone}</span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd className="mono" data-testid="trace-duration">
            {formatOffset(model.traceEnd - model.traceStart)}
          </dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd data-testid="trace-span-count">
            {model.n.toLocaleString("en")}
            {loading ? " so far" : ""}
          </dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd data-testid="trace-service-count">{model.services.length}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd data-testid="trace-error-count" className={model.errorCount ? "status-error" : undefined}>
            {model.errorCount.toLocaleString("en")}
          </dd>
        </div>
        <div>
          <dt>Depth</dt>
          <dd>{model.maxDepth + 1}</dd>
        </div>
        {jaeger ? (
          <div>
            <a href={jaeger} target="_blank" rel="noreferrer" data-testid="jaeger-link">
              Open in Jaeger UI ↗
            </a>
          </div>
        ) : null}
      </dl>
      {loading ? (
        <p className="trace-warn" data-testid="trace-loading-note" role="status">
          Loading the trace: {mb(loading.bytes)}
          {loading.totalBytes ? ` of ${mb(loading.totalBytes)}` : ""} MB read. These rows come from the first{" "}
          {loading.spans.toLocaleString("en")} spans; spans whose parent has not arrived yet show at the top level.
          Rows, their order and the counts above complete when the whole trace is in.
          {loading.totalBytes ? (
            <progress
              className="trace-load-progress"
              max={loading.totalBytes}
              value={loading.bytes}
              data-testid="trace-load-progress"
              aria-label="The trace's answer read so far"
            />
          ) : null}
        </p>
      ) : rootMissing || model.rootCount > 1 || model.orphanCount > 0 ? (
        <p className="trace-warn" data-testid="trace-structure-note">
          {rootMissing ? "The root span is missing (not yet reported, or dropped). " : ""}
          {model.rootCount > 1 ? `${model.rootCount.toLocaleString("en")} top-level spans. ` : ""}
          {model.orphanCount > 0
            ? `${model.orphanCount.toLocaleString("en")} spans name a parent that is not in the trace; they are shown at the top level, marked “orphan”.`
            : ""}
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="trace-warn" data-testid="trace-warnings">
          {warnings.slice(0, 20).map((w, i) => (
            // Warnings can repeat verbatim; their position is their identity.
            <li key={i}>Jaeger: {w}</li>
          ))}
          {warnings.length > 20 ? <li>…and {warnings.length - 20} more warnings</li> : null}
        </ul>
      ) : null}
    </section>
  );
});
