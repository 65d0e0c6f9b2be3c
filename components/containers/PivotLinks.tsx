"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Container } from "@/lib/model/container";
import type { TimeRange } from "@/lib/model/time";
import { correlationQuery } from "@/lib/queries/keys";
import { workloadHref } from "@/lib/url/kube";
import { grafanaExploreHref } from "@/lib/url/links-out";
import { absoluteTime } from "@/lib/url/time";

/** Links out (Grafana Explore, Jaeger UI), the no-JS embed, and the detected mappings. */
export function PivotLinks({ container, range }: { container: Container; range: TimeRange }) {
  const ref = container.name || container.id;
  const { data } = useQuery(correlationQuery(ref));
  const l = data?.links;
  const g = l?.grafana;
  const jaegerSearch =
    l?.jaegerUiUrl && l.jaegerService
      ? `${l.jaegerUiUrl.replace(/\/+$/, "")}/search?service=${encodeURIComponent(l.jaegerService)}&start=${range.from * 1000}&end=${range.to * 1000}&limit=100`
      : undefined;
  const wl = container.kube?.workload;
  const workload =
    wl && wl.kind !== "Pod" && container.namespace
      ? workloadHref(
          {
            ...(container.cluster ? { cluster: container.cluster } : {}),
            namespace: container.namespace,
            kind: wl.kind,
            name: wl.name,
          },
          { range: { from: absoluteTime(range.from), to: absoluteTime(range.to) } },
        )
      : undefined;
  return (
    <div className="row" data-testid="pivot-links">
      {workload && wl ? (
        <Link href={workload} data-testid="workload-link">
          {wl.kind} {wl.name}
        </Link>
      ) : null}
      {g?.prometheusUid && l?.metricsExpr ? (
        <a
          href={grafanaExploreHref({
            grafanaUrl: g.url,
            datasourceUid: g.prometheusUid,
            expr: l.metricsExpr,
            range,
            kind: "prometheus",
          })}
          target="_blank"
          rel="noreferrer"
        >
          Metrics in Grafana Explore ↗
        </a>
      ) : null}
      {g?.lokiUid && l?.logsExpr ? (
        <a
          href={grafanaExploreHref({
            grafanaUrl: g.url,
            datasourceUid: g.lokiUid,
            expr: l.logsExpr,
            range,
            kind: "loki",
          })}
          target="_blank"
          rel="noreferrer"
        >
          Logs in Grafana Explore ↗
        </a>
      ) : null}
      {jaegerSearch ? (
        <a href={jaegerSearch} target="_blank" rel="noreferrer">
          Jaeger UI ↗
        </a>
      ) : null}
      <Link href={`/embed/containers/${encodeURIComponent(ref)}?from=${range.from}&to=${range.to}`}>Embed view</Link>
      <Link href={`/settings/correlation?container=${encodeURIComponent(ref)}`}>Mappings</Link>
    </div>
  );
}
