import Link from "next/link";
import { notFound } from "next/navigation";
import { preload } from "react-dom";
import { TraceNotFound } from "@/components/traces/TraceNotFound";
import { TraceView } from "@/components/traces/TraceView";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { getConfig, traceBackendLabel } from "@/lib/config";
import { normalizeTraceId } from "@/lib/model/trace-id";
import { traceColumnsPath } from "@/lib/queries/trace-keys";
import { pageNow, TRACE_STATE_HEADER } from "@/lib/server/trace-page-status";
import { freshMs, lookupOrPartial, type StoreLookup, traceStore } from "@/lib/server/trace-store";
import { type TraceHead, traceHead } from "@/lib/trace-wire/head";
import { headers } from "next/headers";
import { traceMark } from "@/lib/trace-timing";
import { accessFor } from "@/lib/server/auth/access";
import { storeScope } from "@/lib/server/auth/trace-scope";
import { inventoryHref, traceHref } from "@/lib/url/links";
import { jaegerTraceHref } from "@/lib/url/links-out";
import { resolveRange } from "@/lib/url/range";
import { parseTraceView } from "@/lib/url/state-parse";

export const dynamic = "force-dynamic";

/**
 * How long after the request reached the server (the proxy's clock) the page waits for the whole
 * trace before it shows the first rows of what is decoded so far. A trace of 100,000 spans is in
 * well before; one of a million takes several seconds.
 */
const PARTIAL_AFTER_MS = 1200;

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
  const h = await headers();
  const traceId = normalizeTraceId(raw);
  // The proxy's clock: a relative range resolves to the same store entry it looked up.
  const now = pageNow(h);
  const parsed = parseTraceView(sp, now);
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
  const range = parsed.state.range ? resolveRange(parsed.state.range, now) : undefined;
  const cfg = getConfig();
  const jaegerUiUrl = cfg.demo ? undefined : cfg.jaegerUiUrl;
  if (h.get(TRACE_STATE_HEADER) === "missing") {
    // The proxy found no such trace and answers 404: the message is this page's HTML.
    return (
      <TraceNotFound
        traceId={traceId}
        retryHref={h.get("x-sightline-path") ?? traceHref(traceId)}
        jaegerHref={jaegerUiUrl ? jaegerTraceHref(jaegerUiUrl, traceId) : undefined}
        backendLabel={traceBackendLabel(cfg)}
      />
    );
  }
  // The page waits for the server's copy of the trace (in the caller's view: access control,
  // the same stored copy the columns route serves), so its HTML carries the first rows: they
  // paint before any script runs. The browser then fetches the columns while it loads the JS
  // (the client's query uses the preloaded response). An unknown trace is a 404 (not-found.tsx).
  const access = accessFor(h, "/traces/[traceId]", traceHref(traceId));
  // A trace still loading after PARTIAL_AFTER_MS (a huge one) gets its first rows from the
  // spans decoded so far, labelled as partial; the client's columns request waits for the rest.
  let lookup: StoreLookup | undefined;
  let partial: TraceHead | undefined;
  try {
    const store = traceStore();
    const l = await store.start(traceId, range, freshMs(), await storeScope(access));
    const r = await lookupOrPartial(store, l, traceId, now + PARTIAL_AFTER_MS);
    if ("partial" in r) partial = r.partial;
    else lookup = r.lookup;
  } catch {
    lookup = undefined; // a backend failure: the client's columns request shows it, with retry
  }
  traceMark("page-lookup");
  if (lookup?.kind === "not-found") notFound(); // a client navigation (a document load: above)
  const hd = lookup?.kind === "ok" ? traceHead(lookup.stored.laid) : partial;
  traceMark("page-head");
  preload(traceColumnsPath(traceId, range), { as: "fetch", crossOrigin: "anonymous" });
  return (
    <TraceView
      traceId={traceId}
      chrome={{ theme, embed }}
      initialSpanId={spanId}
      jaegerUiUrl={jaegerUiUrl}
      backendLabel={traceBackendLabel(cfg)}
      range={range}
      head={hd}
    />
  );
}
