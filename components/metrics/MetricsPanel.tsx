"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import type { MetricPanel } from "@/lib/model/api";
import type { TimeRange } from "@/lib/model/time";
import { metricsQuery, metricsUrl } from "@/lib/queries/keys";
import { type MetricsSeed, seedFor } from "@/lib/queries/seed";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";
import { PanelEmpty, PanelError, PanelLoading } from "../ui/PanelState";
import { ReasonNote } from "../ui/ReasonNote";
import { timeSeriesHover, timeSeriesOption } from "./chart-options";
import { EChart } from "./EChart";
import { useLifecycleMarkers } from "../lifecycle/use-lifecycle";

interface Props {
  containerRef: string;
  range: TimeRange;
  highlight?: TimeRange;
  onSelectRange(from: number, to: number): void;
  /** Theme/embed to keep on the exemplar → trace links. */
  chrome: ChromeState;
  /** The server page's answer (used when it answers this panel's URL) and its drawn charts. */
  seed?: MetricsSeed;
}

function hasData(p: MetricPanel) {
  return p.series.some((s) => s.points.some(([, v]) => v !== null));
}

export function MetricsPanel({ containerRef, range, highlight, onSelectRange, chrome, seed }: Props) {
  const initial = seedFor(seed, metricsUrl(containerRef, range));
  const q = useQuery({
    ...metricsQuery(containerRef, range),
    initialData: initial?.data,
    initialDataUpdatedAt: initial?.at,
  });
  // The server's drawing of each chart, shown until the browser's chart has drawn itself.
  const drawn = initial ? seed?.charts : undefined;
  const router = useRouter();
  const exemplars = q.data?.exemplars;
  const options = useMemo(
    () =>
      (q.data?.panels ?? []).map((panel) => ({
        panel,
        option: timeSeriesOption({ panel, range, exemplars: panel.id === "cpu" ? exemplars : undefined }),
        hover: timeSeriesHover(panel.unit),
      })),
    [q.data, range, exemplars],
  );
  const markers = useLifecycleMarkers(containerRef, range);
  const areas = useMemo(() => (highlight ? [highlight] : undefined), [highlight]);

  return (
    <section className="panel" aria-label="Metrics" data-testid="metrics-panel">
      <div className="panel-head">
        <h2>Metrics</h2>
        {q.data ? (
          <span className="muted" title={q.data.panels.flatMap((p) => p.queries).join("\n")}>
            Prometheus · {q.data.convention} · step {q.data.stepSeconds}s · drag across a chart to zoom every panel
          </span>
        ) : null}
        {q.isFetching && q.data ? <span className="muted">updating…</span> : null}
      </div>
      {q.isPending ? <PanelLoading height={360} /> : null}
      {q.error ? <PanelError error={q.error} what="metrics" onRetry={() => q.refetch()} /> : null}
      {q.data?.reason ? <ReasonNote reason={q.data.reason} /> : null}
      {q.data && !q.data.reason ? (
        <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))" }}>
          {options.map(({ panel, option, hover }) => (
            <div
              key={panel.id}
              data-testid={`chart-${panel.id}`}
              data-has-data={hasData(panel) ? "1" : "0"}
              data-lifecycle-markers={markers.length}
            >
              <div className="row" style={{ justifyContent: "space-between" }}>
                <strong>{panel.title}</strong>
                {panel.id === "cpu" && exemplars?.length ? (
                  <span className="muted">◆ {exemplars.length} exemplars</span>
                ) : null}
              </div>
              {panel.reason && !hasData(panel) ? (
                <PanelEmpty>{panel.reason.message}</PanelEmpty>
              ) : (
                <EChart
                  drawing={q.data === initial?.data ? drawn?.[panel.id] : undefined}
                  option={option}
                  hover={hover}
                  legend={panel.series.length > 1}
                  markers={markers}
                  areas={areas}
                  height={180}
                  group={`metrics-${containerRef}`}
                  onSelectRange={onSelectRange}
                  onItemClick={(sid, i) => {
                    const ex = sid === "exemplars" ? exemplars?.[i] : undefined;
                    const pivot = q.data?.tracePivot;
                    const href =
                      ex && pivot
                        ? itemHref(
                            pivot,
                            { startMs: ex.at, endMs: ex.at, traceId: ex.traceId, spanId: ex.spanId },
                            chrome,
                          )
                        : undefined;
                    if (href) router.push(href);
                  }}
                  ariaLabel={`${panel.title} chart`}
                  testId={`echart-${panel.id}`}
                />
              )}
            </div>
          ))}
        </div>
      ) : null}
      {q.data?.exemplarError ? <p className="muted">Exemplars unavailable: {q.data.exemplarError.message}</p> : null}
    </section>
  );
}
