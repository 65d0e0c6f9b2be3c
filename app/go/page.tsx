// Alert entry: labels + startsAt/endsAt → one container's page at the alert's minutes.
import Link from "next/link";
import { redirect } from "next/navigation";
import { UrlErrorPage } from "@/components/ui/UrlErrorPage";
import { KubeGo } from "./kube-go";
import { millis } from "@/lib/model/time";
import { headers } from "next/headers";
import { accessFor } from "@/lib/server/auth/access";
import { matchAlert } from "@/lib/server/go";
import { parseGoParams, goRange } from "@/lib/url/go";
import { containerHref, traceHref } from "@/lib/url/links";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GoPage({ searchParams }: Props) {
  const now = millis(Date.now());
  const parsed = parseGoParams(await searchParams, now);
  if (!parsed.ok) return <UrlErrorPage path="/go" errors={parsed.errors} corrected={parsed.corrected} />;
  const s = parsed.state;
  const range = goRange(s, now);
  const chrome = { theme: s.theme, embed: s.embed };
  if (s.traceId && Object.keys(s.labels).length === 0) {
    redirect(
      traceHref(s.traceId, { spanId: s.spanId, ...chrome, ...(range ? { from: range.from, to: range.to } : {}) }),
    );
  }
  const access = accessFor(await headers(), "/go", "/go");
  const inv = await access.inventory();
  const { kube, match: m } = matchAlert(s.labels, inv);
  access.audit(m.matches.length === 1 ? 302 : 200, m.matches.length === 1 ? m.matches[0]?.name : undefined, {
    matches: m.matches.length,
  });
  if (kube) return <KubeGo target={kube} state={s} range={range} now={now} errors={inv.errors} />;
  const hrefFor = (name: string) =>
    containerHref(name, { ...chrome, ...(range ? { range } : {}), tab: s.tab, traceId: s.traceId, spanId: s.spanId });
  const only = m.matches[0];
  if (m.matches.length === 1 && only) redirect(hrefFor(only.name || only.id));
  return (
    <section className="panel" data-testid={m.matches.length ? "go-chooser" : "go-none"} style={{ maxWidth: 900 }}>
      <h1>
        {m.matches.length ? `This alert matches ${m.matches.length} containers` : "No container matches this alert"}
      </h1>
      <p className="muted">
        Searched {inv.containers.length} containers with{" "}
        {m.used.length ? (
          m.used.map(([k, v]) => (
            <span key={k} className="badge mono" style={{ marginRight: 4 }}>
              {k}={v}
            </span>
          ))
        ) : (
          <strong>no label Sightline can match on</strong>
        )}
        {m.ignored.length ? <> (ignored: {m.ignored.join(", ")})</> : null}
      </p>
      {m.matches.length ? (
        <ul>
          {m.matches.map((c) => (
            <li key={`${c.host}/${c.id}`}>
              <Link href={hrefFor(c.name || c.id)}>{c.name}</Link> <span className="mono muted">{c.shortId}</span>{" "}
              {c.state} on {c.host}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          Labels that identify a container: <span className="mono">name</span>, <span className="mono">container</span>,{" "}
          <span className="mono">container_name</span>, <span className="mono">id</span>,{" "}
          <span className="mono">container_label_com_docker_compose_service</span>,{" "}
          <span className="mono">com_docker_compose_service</span>, <span className="mono">pod</span>.{" "}
          <Link href="/">See all containers</Link>.
        </p>
      )}
      {inv.errors.map((e, i) => (
        <p key={i} className="muted">
          {e.message}
        </p>
      ))}
    </section>
  );
}
