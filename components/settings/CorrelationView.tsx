"use client";
import { containerHref } from "@/lib/url/links";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { correlationQuery } from "@/lib/queries/keys";
import { PanelError, PanelLoading } from "../ui/PanelState";

const TITLES = {
  prometheus: "Prometheus (metrics)",
  loki: "Loki (logs)",
  jaeger: "Jaeger (traces)",
  tempo: "Tempo (traces)",
} as const;

export function CorrelationView({ containerRef }: { containerRef?: string }) {
  const q = useQuery(correlationQuery(containerRef));
  return (
    <div className="grid" data-testid="correlation-settings">
      <h1>Correlation mappings{q.data?.container ? ` for ${q.data.container.name}` : ""}</h1>
      <p className="muted">
        How each container key shows up in each backend: detected by probing label names and values, unless the
        correlation file overrides it.
        {q.data?.configFile ? (
          <>
            {" "}
            File: <span className="mono">{q.data.configFile}</span>
          </>
        ) : (
          " No correlation file is configured (SIGHTLINE_CORRELATION_FILE)."
        )}
      </p>
      {q.data?.configError ? <div className="state error">{q.data.configError}</div> : null}
      {q.isPending ? <PanelLoading /> : null}
      {q.error ? <PanelError error={q.error} what="mappings" onRetry={() => q.refetch()} /> : null}
      {q.data?.backends.map((b) => (
        <section key={b.backend} className="panel" data-testid={`mapping-${b.backend}`} data-status={b.status}>
          <div className="panel-head">
            <h2>{TITLES[b.backend]}</h2>
            <span className={`badge ${b.status === "mapping" ? "running" : b.status === "off" ? "" : "error"}`}>
              {b.status === "mapping" ? (b.source === "override" ? "override" : "detected") : b.status}
            </span>
          </div>
          {b.summary ? <div className="mono">{b.summary}</div> : null}
          {b.evidence ? <div className="muted">{b.evidence}</div> : null}
          {b.message ? <div>{b.message}</div> : null}
          {b.labelsSeen?.length ? (
            <div className="muted">
              Labels seen: <span className="mono">{b.labelsSeen.join(", ")}</span>
            </div>
          ) : null}
          {b.suggestion ? (
            <div className="muted">
              Fix: <span className="mono">{b.suggestion}</span>
            </div>
          ) : null}
        </section>
      ))}
      {q.data?.container ? (
        <Link href={containerHref(q.data.container.name)}>Back to {q.data.container.name}</Link>
      ) : null}
    </div>
  );
}
