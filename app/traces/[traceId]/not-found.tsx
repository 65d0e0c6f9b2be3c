import { headers } from "next/headers";
import { TraceNotFound } from "@/components/traces/TraceNotFound";
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

/**
 * notFound() from the page: a client navigation to a trace Jaeger does not have (a document
 * load gets its 404 page from the page itself, see lib/server/trace-page-status.ts).
 */
export default async function TraceNotFoundPage() {
  const path = (await headers()).get("x-sightline-path") ?? "";
  const traceId = traceIdFromPath(path);
  const cfg = getConfig();
  return (
    <TraceNotFound
      traceId={traceId}
      retryHref={path.startsWith("/traces/") ? path : "/"}
      jaegerHref={traceId && !cfg.demo && cfg.jaegerUiUrl ? jaegerTraceHref(cfg.jaegerUiUrl, traceId) : undefined}
    />
  );
}
