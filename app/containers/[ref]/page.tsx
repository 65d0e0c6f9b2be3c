import Link from "next/link";
import { setResponseStatus } from "@/lib/observe/request-context";
import { ContainerWorkspace } from "@/components/containers/ContainerWorkspace";
import { viewRangeOf } from "@/components/layout/view-range";
import { PanelError } from "@/components/ui/PanelState";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { millis } from "@/lib/model/time";
import { requestSignal } from "@/lib/observe/request-context";
import { headers } from "next/headers";
import { logsUrl, metricsUrl, tracesUrl } from "@/lib/queries/keys";
import { accessFor } from "@/lib/server/auth/access";
import { getBackends } from "@/lib/server/backends";
import { drawings, drawingUrl } from "@/lib/server/drawings";
import { panelSeeds } from "@/lib/server/panel-seeds";
import { allSeeds, withChartSvgs } from "./chart-svgs";
import { containerHref, decodePathSegment } from "@/lib/url/links";
import { parseContainerView } from "@/lib/url/state-parse";
import { traceMark } from "@/lib/trace-timing";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ ref: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  const { ref } = await params;
  return { title: `${decodePathSegment(ref)} · Sightline` };
}

/** A browser's navigation to this URL (it accepts HTML), not the App Router's RSC fetch. */
function isDocumentRequest(h: Headers): boolean {
  return (h.get("accept") ?? "").includes("text/html");
}

export default async function ContainerPage({ params, searchParams }: Props) {
  traceMark("page-start");
  const { ref: rawRef } = await params;
  const ref = decodePathSegment(rawRef);
  const now = Date.now();
  const sp = await searchParams;
  const parsed = parseContainerView(sp, millis(now));
  if (!parsed.ok) {
    return <UrlErrorPage path={containerHref(ref)} errors={parsed.errors} corrected={parsed.corrected} />;
  }
  const h = await headers();
  const access = accessFor(h, "/containers/[ref]", containerHref(ref));
  let resolved: Awaited<ReturnType<typeof access.resolve>>;
  try {
    // Abandoned when the browser leaves (the App Router gives a page no signal of its own).
    resolved = await access.resolve(ref, requestSignal());
  } catch (err) {
    access.audit("error", ref);
    return <PanelError error={err} what={`container ${ref}`} />;
  }
  access.audit(resolved.container ? 200 : 404, resolved.container?.name ?? ref);
  traceMark("page-resolved");
  if (resolved.container) {
    const c = resolved.container;
    // A browser opening the link gets the panels' data in this very HTML (the same answers
    // as the panels' API URLs, lib/server/panel-seeds.ts), painted before any JavaScript runs.
    // The HTML waits for them (each at most SEED_WAIT_MS; past that, that panel asks the API
    // itself): streamed after the page's shell instead, the panels would arrive while the
    // page's scripts run and be revealed only after the whole rest of the document is parsed
    // (#15, 1a). A client-side navigation (an RSC request) gets no seeds: its panels keep
    // showing their data while they ask the API for the new range, as before.
    const wsRef = c.name || c.id;
    const first = (k: string) => {
      const v = sp[k];
      return (Array.isArray(v) ? v[0] : v) ?? null;
    };
    const range = viewRangeOf({ get: first }, now);
    const { q, qmode, traceId, spanId } = parsed.state;
    const seeds = isDocumentRequest(h)
      ? await allSeeds(
          withChartSvgs(
            panelSeeds(
              await getBackends(),
              c,
              {
                metrics: metricsUrl(wsRef, range),
                logs: logsUrl(wsRef, { range, q, qmode, traceId, spanId }),
                traces: tracesUrl(wsRef, range),
              },
              requestSignal(),
            ),
            range,
            h.get("x-sightline-theme") === "dark",
            (draw) => drawingUrl(wsRef, drawings.keep(c.id, draw)),
          ),
        )
      : undefined;
    traceMark("page-seeds");
    return <ContainerWorkspace container={c} state={parsed.state} now={now} seeds={seeds} />;
  }
  // Nothing matched and every source answered: a 404, so link checkers see it. Not notFound():
  // Next 16 answers that with an empty HTML shell its scripts fill in (as for the embed and the
  // workload page), so a monitor, curl or a browser without JavaScript got no text. The status
  // is set by the request hook; the message is this page's own.
  if (resolved.candidates.length === 0 && resolved.errors.length === 0) setResponseStatus(404);
  return (
    <section className="panel" data-testid="container-not-found">
      <h1>
        {resolved.candidates.length > 1
          ? `“${ref}” matches ${resolved.candidates.length} containers`
          : `No container “${ref}”`}
      </h1>
      {resolved.candidates.length > 1 ? (
        <ul>
          {resolved.candidates.map((c) => (
            <li key={c.id}>
              <Link href={containerHref(c.id)}>{c.name}</Link> <span className="mono muted">{c.shortId}</span> on{" "}
              {c.host}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          Searched every engine and Prometheus by full id, short id and name. <Link href="/">See all containers</Link>.
        </p>
      )}
      {resolved.errors.map((e, i) => (
        <PanelError key={i} error={Object.assign(new Error(e.message), { backend: e.backend })} what="containers" />
      ))}
    </section>
  );
}
