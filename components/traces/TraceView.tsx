"use client";
// /traces/[traceId]: loading, error (backend named, with retry), not found, or the trace.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import { ApiError } from "@/lib/queries/fetch-json";
import { traceModelQuery } from "@/lib/queries/trace-keys";
import type { TraceHead } from "@/lib/trace-wire/head";
import type { ChromeState } from "@/lib/url/state";
import { PanelError, PanelLoading } from "../ui/PanelState";
import { jaegerTraceHref } from "@/lib/url/links-out";
import { windowOf } from "./row-source";
import { TraceExplorer } from "./TraceExplorer";
import "./trace.css";

interface Props {
  traceId: string;
  chrome: ChromeState;
  initialSpanId?: string;
  jaegerUiUrl?: string;
  /** The trace store as the UI names it (lib/config traceBackendLabel). */
  backendLabel?: string;
  /** From the link (`from`/`to`): narrows the lookup. */
  range?: TimeRange;
  /** The trace's first rows from the server's store: in the page's HTML, shown until the columns load. */
  head?: TraceHead;
}

export function TraceView({
  traceId,
  chrome,
  initialSpanId,
  jaegerUiUrl,
  range,
  head,
  backendLabel: store = "Jaeger",
}: Props) {
  const q = useQuery(traceModelQuery(traceId, range));
  // A huge trace the server fetched again since its windows began: load the new version, back
  // at the span that was selected.
  const [refetched, setRefetched] = useState<{ spanId?: string } | null>(null);
  const { refetch } = q;
  const fetching = useRef(false);
  const onStale = useCallback(
    (spanId: string | undefined) => {
      if (fetching.current) return;
      fetching.current = true;
      setRefetched({ spanId });
      void refetch().finally(() => {
        fetching.current = false;
      });
    },
    [refetch],
  );
  // The explorer that showed the server's first rows keeps its DOM and state when the full
  // model arrives; a later refetch brings a new trace object: remount so collapse state matches.
  const firstData = useRef(0);
  if (q.data && firstData.current === 0) firstData.current = q.dataUpdatedAt;
  // A huge trace: the columns route answered its first window, not the whole tree.
  const first = useMemo(() => (q.data ? windowOf(q.data) : undefined), [q.data]);
  const model = useMemo(
    // The header of the whole trace, with the first window's rows as its first positions.
    () => (first ? { ...first.w.m, n: first.info.spans } : q.data),
    [first, q.data],
  );
  if (model || (head && !q.isError)) {
    return (
      <>
        {refetched ? (
          <p className="notice" data-testid="trace-refetched">
            The server fetched this trace again since the page loaded (spans may have arrived): the view starts afresh
            {refetched.spanId ? ", at the span that was selected" : ""}.
          </p>
        ) : null}
        <TraceExplorer
          key={q.data && q.dataUpdatedAt !== firstData.current ? q.dataUpdatedAt : "first"}
          traceId={traceId}
          model={model ?? head!.model}
          partialRows={model ? undefined : head!.rows}
          firstWindow={first}
          onStale={onStale}
          loading={model ? undefined : head!.loading}
          range={range}
          chrome={chrome}
          initialSpanId={refetched ? refetched.spanId : initialSpanId}
          jaegerUiUrl={jaegerUiUrl}
        />
      </>
    );
  }
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 404) {
      const jaeger = jaegerUiUrl ? jaegerTraceHref(jaegerUiUrl, traceId) : undefined;
      return (
        <section className="panel" data-testid="trace-not-found">
          <h1>Trace not found</h1>
          <p>
            {store} has no trace <span className="mono">{traceId}</span>.
          </p>
          <ul className="muted">
            <li>Spans reach {store} a few seconds after the request ends; a very new trace may not be there yet.</li>
            <li>The trace may be older than {store}'s retention, or was not sampled.</li>
            <li>The ID may come from a different {store} than the one Sightline is configured with.</li>
          </ul>
          <div className="row">
            <button type="button" onClick={() => void q.refetch()} data-testid="trace-retry">
              Try again
            </button>
            {jaeger ? (
              <a href={jaeger} target="_blank" rel="noreferrer">
                Look in Jaeger UI ↗
              </a>
            ) : null}
          </div>
        </section>
      );
    }
    return <PanelError error={q.error} what={`trace ${traceId}`} onRetry={() => void q.refetch()} />;
  }
  return (
    <div className="trace-page" aria-busy="true" data-testid="trace-loading">
      <PanelLoading height={92} />
      <PanelLoading height={64} />
      <PanelLoading height={420} />
    </div>
  );
}
