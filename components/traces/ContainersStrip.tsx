"use client";
// Trace → the containers it touched: each chip opens the container around the trace's time,
// and its logs filtered to this trace (both decided on the server). Services with no
// container say why, and what would fix it.
import { IntentLink } from "./IntentLink";
import { memo } from "react";
import type { TraceContainerRef, TraceResponse } from "@/lib/model/api";
import { pivotHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";

interface Props {
  containers: readonly TraceContainerRef[];
  unmatched: TraceResponse["unmatched"];
  chrome: ChromeState;
  onSelectSpan(spanId: string): void;
  colorOf(service: string): string;
  /** The trace is still loading: which containers ran it is decided once all of it is in. */
  pending?: boolean;
}

/** Memoised: its props change only with the trace, not with what the user does in it. */
export const ContainersStrip = memo(function ContainersStrip({
  containers,
  unmatched,
  chrome,
  onSelectSpan,
  colorOf,
  pending,
}: Props) {
  return (
    <section className="panel" data-testid="containers-strip" aria-label="Containers this trace touched">
      <div className="panel-head">
        <h2>Containers</h2>
        <span className="muted">
          {pending
            ? "known when the whole trace is in"
            : containers.length === 0
              ? "this trace matched no known container"
              : `${containers.length} touched by this trace, in order of first span`}
        </span>
      </div>
      {containers.length > 0 ? (
        <div className="strip">
          {containers.map((c) => {
            const open = pivotHref(c.open, chrome);
            const logs = pivotHref(c.traceLogs, chrome);
            return (
              <div
                key={c.name}
                className="chip"
                style={{ borderLeftColor: colorOf(c.service) }}
                data-testid="container-chip"
                data-container={c.name}
              >
                {open ? (
                  <IntentLink className="chip-name" href={open} data-testid="container-chip-link">
                    {c.name}
                  </IntentLink>
                ) : (
                  <span className="chip-name">{c.name}</span>
                )}
                <span className="chip-meta muted">
                  {c.service || "?"} · {c.spanCount.toLocaleString("en")} {c.spanCount === 1 ? "span" : "spans"}
                  {c.firstSpanId ? (
                    <>
                      {" · "}
                      <button
                        type="button"
                        className="linkish"
                        onClick={() => c.firstSpanId && onSelectSpan(c.firstSpanId)}
                        data-testid="container-first-span"
                      >
                        first span
                      </button>
                    </>
                  ) : null}
                </span>
                {logs ? (
                  <IntentLink className="chip-logs" href={logs} data-testid="container-chip-logs">
                    {c.traceLogs.kind === "link" ? c.traceLogs.label : ""}
                  </IntentLink>
                ) : (
                  <span className="chip-logs muted" data-testid="container-chip-logs-reason">
                    {c.traceLogs.kind === "reason" ? `${c.traceLogs.message} ${c.traceLogs.suggestion ?? ""}` : ""}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      ) : null}
      {unmatched.length > 0 ? (
        <details className="strip-unmatched" open={containers.length === 0} data-testid="unmatched-services">
          <summary className="muted">
            {unmatched.length} {unmatched.length === 1 ? "service" : "services"} with no known container:{" "}
            {unmatched.map((u) => u.service || "?").join(", ")}
          </summary>
          <ul>
            {unmatched.map((u) => (
              <li key={u.service}>
                <strong>{u.service || "?"}</strong>: <span className="muted">{u.reason}</span>
                {u.suggestion ? <span className="muted"> {u.suggestion}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
});
