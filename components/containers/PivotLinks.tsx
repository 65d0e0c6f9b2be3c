"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Container } from "@/lib/model/container";
import type { TimeRange } from "@/lib/model/time";
import { correlationQuery } from "@/lib/queries/keys";
import { workloadHref } from "@/lib/url/kube";
import { correlationSettingsHref, embedContainerHref } from "@/lib/url/links";
import type { ChromeState } from "@/lib/url/state";
import { absoluteTime } from "@/lib/url/time";

/**
 * Links out (Grafana Explore, Jaeger UI) as the server decided them, the Kubernetes workload
 * the container belongs to, the no-JS embed, and the mappings.
 */
export function PivotLinks({
  container,
  range,
  chrome,
}: {
  container: Container;
  range: TimeRange;
  chrome: ChromeState;
}) {
  const ref = container.name || container.id;
  const { data } = useQuery(correlationQuery(ref, range));
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
      {data?.linksOut.map((l) => (
        <a key={l.href} href={l.href} target="_blank" rel="noreferrer">
          {l.label}
        </a>
      ))}
      <Link
        href={embedContainerHref(ref, {
          range: { from: absoluteTime(range.from), to: absoluteTime(range.to) },
          theme: chrome.theme,
        })}
      >
        Embed view
      </Link>
      <Link href={correlationSettingsHref(ref, chrome)}>Mappings</Link>
    </div>
  );
}
