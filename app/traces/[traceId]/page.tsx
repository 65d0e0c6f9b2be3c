import Link from "next/link";
import { preload } from "react-dom";
import { TraceView } from "@/components/traces/TraceView";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { getConfig } from "@/lib/config";
import { millis } from "@/lib/model/time";
import { normalizeTraceId } from "@/lib/model/trace-id";
import { traceColumnsPath } from "@/lib/queries/trace-keys";
import { FRESH_MS, traceStore } from "@/lib/server/trace-store";
import { headers } from "next/headers";
import { accessFor } from "@/lib/server/auth/access";
import { storeScope } from "@/lib/server/auth/trace-scope";
import { inventoryHref, traceHref } from "@/lib/url/links";
import { resolveRange } from "@/lib/url/range";
import { parseTraceView } from "@/lib/url/state-parse";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ traceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function generateMetadata({ params }: Props) {
  const { traceId } = await params;
  const id = normalizeTraceId(safeDecode(traceId));
  return { title: `Trace ${id ? id.slice(0, 12) : "?"} · Sightline` };
}

export default async function TracePage({ params, searchParams }: Props) {
  const raw = safeDecode((await params).traceId);
  const sp = await searchParams;
  const traceId = normalizeTraceId(raw);
  const parsed = parseTraceView(sp, millis(Date.now()));
  if (!traceId) {
    // Keep theme/embed on the way out when the rest of the link is readable.
    const home = parsed.ok ? inventoryHref({ theme: parsed.state.theme, embed: parsed.state.embed }) : "/";
    return (
      <section className="panel" data-testid="url-error" style={{ maxWidth: 820 }}>
        <h1>This link has a trace ID Sightline cannot read</h1>
        <p>
          <strong className="mono">traceId</strong> = <span className="mono">{JSON.stringify(raw.slice(0, 200))}</span>:
          a trace ID is 1 to 32 hexadecimal characters (W3C and OTLP use 32; Jaeger v1 may send 16), and not all zeros.
        </p>
        <p>
          <Link href={home}>Back to the containers</Link>
        </p>
      </section>
    );
  }
  if (!parsed.ok) {
    return <UrlErrorPage path={traceHref(traceId)} errors={parsed.errors} corrected={parsed.corrected} />;
  }
  const { theme, embed, spanId } = parsed.state;
  const range = parsed.state.range ? resolveRange(parsed.state.range, millis(Date.now())) : undefined;
  // The trace load starts with the HTML, not after the scripts: the server begins fetching it
  // now, and the browser fetches the columns while it loads the page's JS (the client's query
  // uses the preloaded response).
  // In the caller's view of the trace (access control): the same stored copy the columns use.
  const access = accessFor(await headers(), "/traces/[traceId]", traceHref(traceId));
  void storeScope(access)
    .then((scope) => traceStore().get(traceId, range, FRESH_MS, scope))
    .catch(() => {}); // the columns route reports errors
  preload(traceColumnsPath(traceId, range), { as: "fetch", crossOrigin: "anonymous" });
  return (
    <TraceView
      traceId={traceId}
      chrome={{ theme, embed }}
      initialSpanId={spanId}
      jaegerUiUrl={getConfig().demo ? undefined : getConfig().jaegerUiUrl}
      range={range}
    />
  );
}
