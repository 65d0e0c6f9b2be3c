import Link from "next/link";
import { notFound } from "next/navigation";
import { ContainerWorkspace } from "@/components/containers/ContainerWorkspace";
import { viewRangeOf } from "@/components/layout/view-range";
import { PanelError } from "@/components/ui/PanelState";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { millis } from "@/lib/model/time";
import { requestSignal } from "@/lib/observe/request-context";
import { headers } from "next/headers";
import { earlyFetchScript } from "@/lib/queries/early";
import { logsUrl, metricsUrl, tracesUrl } from "@/lib/queries/keys";
import { accessFor } from "@/lib/server/auth/access";
import { containerHref, decodePathSegment } from "@/lib/url/links";
import { parseContainerView } from "@/lib/url/state-parse";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ ref: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  const { ref } = await params;
  return { title: `${decodePathSegment(ref)} · Sightline` };
}

export default async function ContainerPage({ params, searchParams }: Props) {
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
  if (resolved.container) {
    const c = resolved.container;
    // The panels' three requests start from the HTML, while the browser is still loading the
    // page's JavaScript; the panels' queries take those responses (lib/queries/early.ts).
    const wsRef = c.name || c.id;
    const first = (k: string) => {
      const v = sp[k];
      return (Array.isArray(v) ? v[0] : v) ?? null;
    };
    const range = viewRangeOf({ get: first }, now);
    const { q, qmode, traceId, spanId } = parsed.state;
    const early = earlyFetchScript([
      metricsUrl(wsRef, range),
      logsUrl(wsRef, { range, q, qmode, traceId, spanId }),
      tracesUrl(wsRef, range),
    ]);
    const nonce = /'nonce-([^']+)'/.exec(h.get("content-security-policy") ?? "")?.[1];
    return (
      <>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own script; the URLs inside are JSON with < escaped */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: early }} />
        <ContainerWorkspace container={c} state={parsed.state} now={now} />
      </>
    );
  }
  // Nothing matched and every source answered: a 404 (not-found.tsx), so link checkers see it.
  if (resolved.candidates.length === 0 && resolved.errors.length === 0) notFound();
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
