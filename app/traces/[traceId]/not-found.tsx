import { headers } from "next/headers";
import Link from "next/link";
import { getConfig } from "@/lib/config";
import { normalizeTraceId } from "@/lib/model/trace-id";
import { jaegerTraceHref } from "@/lib/url/links-out";

/** The `[traceId]` segment of `/traces/<id>` in a path (the proxy's x-sightline-path). */
function traceIdFromPath(path: string | null): string {
  const m = /^\/traces\/([^/?#]{1,200})/.exec(path ?? "");
  if (!m?.[1]) return "";
  try {
    return normalizeTraceId(decodeURIComponent(m[1])) ?? "";
  } catch {
    return "";
  }
}

/** Jaeger has no such trace (HTTP 404). Plain HTML: readable and usable without JavaScript. */
export default async function TraceNotFound() {
  const path = (await headers()).get("x-sightline-path");
  const traceId = traceIdFromPath(path);
  const cfg = getConfig();
  const jaeger = traceId && !cfg.demo && cfg.jaegerUiUrl ? jaegerTraceHref(cfg.jaegerUiUrl, traceId) : undefined;
  return (
    <section className="panel" data-testid="trace-not-found">
      <h1>Trace not found</h1>
      <p>
        Jaeger has no trace <span className="mono">{traceId || "with this ID"}</span>.
      </p>
      <ul className="muted">
        <li>Spans reach Jaeger a few seconds after the request ends; a very new trace may not be there yet.</li>
        <li>The trace may be older than Jaeger's retention, or was not sampled.</li>
        <li>The ID may come from a different Jaeger than the one Sightline is configured with.</li>
      </ul>
      <div className="row">
        {/* A plain link: loading the page again asks Jaeger again, with or without scripts. */}
        <a href={path?.startsWith("/traces/") ? path : ""} data-testid="trace-retry">
          Try again
        </a>
        {jaeger ? (
          <a href={jaeger} target="_blank" rel="noreferrer">
            Look in Jaeger UI ↗
          </a>
        ) : null}
        <Link href="/">Back to the containers</Link>
      </div>
    </section>
  );
}
