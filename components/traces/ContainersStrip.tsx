"use client";
// Trace → the containers it touched: each chip opens the container around the trace's time,
// and its logs filtered to this trace. Services with no container say why.
import Link from "next/link";
import type { TraceContainerRef, TraceResponse } from "@/lib/model/api";
import { micros, microsToMillis } from "@/lib/model/time";
import type { ChromeState } from "@/lib/url/state";
import { around, containerLink, TRACE_MARGIN_MS } from "./trace-links";

interface Props {
  traceId: string;
  containers: readonly TraceContainerRef[];
  unmatched: TraceResponse["unmatched"];
  /** µs since the epoch. */
  traceStart: number;
  traceEnd: number;
  chrome: ChromeState;
  onSelectSpan(spanId: string): void;
  colorOf(service: string): string;
}

export function ContainersStrip({
  traceId,
  containers,
  unmatched,
  traceStart,
  traceEnd,
  chrome,
  onSelectSpan,
  colorOf,
}: Props) {
  const when = around(microsToMillis(micros(traceStart)), microsToMillis(micros(traceEnd)), TRACE_MARGIN_MS);
  return (
    <section className="panel" data-testid="containers-strip" aria-label="Containers this trace touched">
      <div className="panel-head">
        <h2>Containers</h2>
        <span className="muted">
          {containers.length === 0
            ? "this trace matched no known container"
            : `${containers.length} touched by this trace, in order of first span`}
        </span>
      </div>
      {containers.length > 0 ? (
        <div className="strip">
          {containers.map((c) => (
            <div
              key={c.name}
              className="chip"
              style={{ borderLeftColor: colorOf(c.service) }}
              data-testid="container-chip"
              data-container={c.name}
            >
              <Link className="chip-name" href={containerLink(c.name, chrome, when)} data-testid="container-chip-link">
                {c.name}
              </Link>
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
              <Link
                className="chip-logs"
                href={containerLink(c.name, chrome, { ...when, tab: "logs", traceId })}
                data-testid="container-chip-logs"
              >
                logs of this trace in {c.name}
              </Link>
            </div>
          ))}
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
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
