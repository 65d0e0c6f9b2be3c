import Link from "next/link";
import { notFound } from "next/navigation";
import { ContainerWorkspace } from "@/components/containers/ContainerWorkspace";
import { PanelError } from "@/components/ui/PanelState";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { millis } from "@/lib/model/time";
import { requestSignal } from "@/lib/observe/request-context";
import { headers } from "next/headers";
import { accessFor } from "@/lib/server/auth/access";
import { containerHref, decodePathSegment } from "@/lib/url/links";
import { parseContainerView } from "@/lib/url/state";

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
  const parsed = parseContainerView(await searchParams, millis(Date.now()));
  if (!parsed.ok) {
    return <UrlErrorPage path={containerHref(ref)} errors={parsed.errors} corrected={parsed.corrected} />;
  }
  const access = accessFor(await headers(), "/containers/[ref]", containerHref(ref));
  let resolved: Awaited<ReturnType<typeof access.resolve>>;
  try {
    // Abandoned when the browser leaves (the App Router gives a page no signal of its own).
    resolved = await access.resolve(ref, requestSignal());
  } catch (err) {
    access.audit("error", ref);
    return <PanelError error={err} what={`container ${ref}`} />;
  }
  access.audit(resolved.container ? 200 : 404, resolved.container?.name ?? ref);
  if (resolved.container) return <ContainerWorkspace container={resolved.container} />;
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
