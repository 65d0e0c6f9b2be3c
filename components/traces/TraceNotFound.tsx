// Jaeger has no such trace: a server component (plain HTML, readable and usable without
// JavaScript), shown with HTTP 404 by the page (lib/server/trace-page-status.ts) and by
// not-found.tsx. The client's own message (TraceView) covers a trace gone after the page loaded.
import Link from "next/link";

interface Props {
  traceId: string;
  /** Loading this again asks Jaeger again. */
  retryHref: string;
  jaegerHref?: string;
  /** The trace store as the UI names it (lib/config traceBackendLabel). */
  backendLabel?: string;
}

export function TraceNotFound({ traceId, retryHref, jaegerHref, backendLabel: store = "Jaeger" }: Props) {
  return (
    <section className="panel" data-testid="trace-not-found">
      <h1>Trace not found</h1>
      <p>
        {store} has no trace <span className="mono">{traceId || "with this ID"}</span>.
      </p>
      <ul className="muted">
        <li>Spans reach {store} a few seconds after the request ends; a very new trace may not be there yet.</li>
        <li>The trace may be older than {store}'s retention, or was not sampled.</li>
        <li>The ID may come from a different {store} than the one Sightline is configured with.</li>
      </ul>
      <div className="row">
        {/* A plain link, not a script: works before and without JavaScript. */}
        <a href={retryHref} data-testid="trace-retry">
          Try again
        </a>
        {jaegerHref ? (
          <a href={jaegerHref} target="_blank" rel="noreferrer">
            Look in Jaeger UI ↗
          </a>
        ) : null}
        <Link href="/">Back to the containers</Link>
      </div>
    </section>
  );
}
