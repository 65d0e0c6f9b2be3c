// The Grafana Text-panel embed: rendered entirely on the server, complete without scripts
// (sandbox=""), no cookies needed. Takes Grafana's ${__from}/${__to} (ms) and theme=.
import { EmbedContainer, type Section } from "@/components/embed/EmbedContainer";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { millis } from "@/lib/model/time";
import { requestSignal, setResponseStatus } from "@/lib/observe/request-context";
import { getBackends } from "@/lib/server/backends";
import { headers } from "next/headers";
import { accessFor } from "@/lib/server/auth/access";
import { containerLogs } from "@/lib/server/logs";
import { containerMetrics } from "@/lib/server/metrics";
import { toApiError } from "@/lib/server/respond";
import { containerTraces } from "@/lib/server/traces";
import { containerHref, decodePathSegment, embedContainerHref } from "@/lib/url/links";
import { resolveRange } from "@/lib/url/range";
import { parseEmbedView } from "@/lib/url/state-parse";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ ref: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function section<T>(p: Promise<T>): Promise<Section<T>> {
  try {
    return { data: await p };
  } catch (err) {
    return { error: toApiError(err).message };
  }
}

export default async function EmbedContainerPage({ params, searchParams }: Props) {
  const { ref: raw } = await params;
  const ref = decodePathSegment(raw);
  const now = millis(Date.now());
  const parsed = parseEmbedView(await searchParams, now);
  if (!parsed.ok)
    return <UrlErrorPage path={embedContainerHref(ref)} errors={parsed.errors} corrected={parsed.corrected} />;
  const s = parsed.state;
  const range = resolveRange(s.range, now);
  const access = accessFor(await headers(), "/embed/containers/[ref]", embedContainerHref(ref));
  // The backend calls stop when the viewer leaves (Grafana re-renders panels on every refresh):
  // the App Router gives a page no abort signal, the HTTP hook does (lib/observe/request-context).
  const signal = requestSignal();
  const r = await access.resolve(ref, signal).catch(() => undefined);
  access.audit(r?.container ? 200 : 404, r?.container?.name ?? ref);
  // Not notFound(): Next renders its not-found boundary in the browser only (React's streaming
  // SSR does not run client error boundaries; the HTML is an empty shell), and the sandboxed
  // embed runs no JavaScript. The message is rendered here, and the status set directly: a
  // definite "no such container" is 404; a backend failure keeps its message with 200.
  if (r && !r.container && r.candidates.length === 0 && r.errors.length === 0) setResponseStatus(404);
  if (!r?.container) {
    return (
      <div className="state error" data-testid="embed-not-found">
        No container “{ref}” in any engine or in Prometheus.
      </div>
    );
  }
  const c = r.container;
  const b = await getBackends();
  const [metrics, logs, traces] = await Promise.all([
    section(containerMetrics(b, c, range, signal)),
    section(containerLogs(b, c, { range, q: s.q, qmode: s.qmode, limit: 40 }, signal)),
    section(containerTraces(b, c, range, signal)),
  ]);
  const chrome = { theme: s.theme, embed: true };
  return (
    <EmbedContainer
      container={c}
      range={range}
      dark={s.theme === "dark"}
      metrics={metrics}
      logs={logs}
      traces={traces}
      hrefs={{
        container: containerHref(c.name, {
          range: { from: { kind: "absolute", ms: range.from }, to: { kind: "absolute", ms: range.to } },
          theme: s.theme,
        }),
      }}
      chrome={chrome}
    />
  );
}
