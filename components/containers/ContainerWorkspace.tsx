"use client";
// One container's metrics, logs and traces on one time range held in the URL.
import { type ReactNode, useEffect, useMemo } from "react";
import type { Container } from "@/lib/model/container";
import { formatClock } from "@/lib/model/format";
import type { PanelSeeds } from "@/lib/queries/seed";
import { chromeOf } from "@/lib/url/links";
import type { ContainerViewState } from "@/lib/url/state";
import { TimeRangePicker } from "../layout/TimeRangePicker";
import { SignedLinkShare } from "./SignedLinkShare";
import { useViewRange } from "../layout/use-view-range";
import { KubeYaml } from "../lifecycle/KubeYaml";
import { LifecycleSummary } from "../lifecycle/LifecycleSummary";
import { LogsPanel } from "../logs/LogsPanel";
import { MetricsPanel } from "../metrics/MetricsPanel";
import { TracesPanel } from "../traces/TracesPanel";
import { useHydrated } from "../traces/use-hydrated";
import { ContainerHeader } from "./ContainerHeader";
import { PivotLinks } from "./PivotLinks";

/**
 * `state`: the page's view state as the server page parsed it from the URL (it renders again
 * on every URL change), so the browser needs no URL schemas (zod stays on the server).
 * `now`: the server page's clock (its range and the panels' seeds are resolved against it).
 * `seeds`: the panels' data the server page answers in its HTML (document loads only).
 */
export function ContainerWorkspace({
  container,
  state,
  now,
  seeds,
}: {
  container: Container;
  state: ContainerViewState;
  now?: number;
  seeds?: PanelSeeds;
}) {
  const view = useViewRange(now);
  const ref = container.name || container.id;
  const { tab, traceId, spanId, q, qmode, live } = state;
  const chrome = useMemo(() => chromeOf(state), [state]);
  const { range } = view;

  const rangeLabel = useMemo(() => {
    if (view.fromExpr.kind === "relative" && view.toExpr.kind === "relative" && view.toExpr.expr === "now") {
      return `in the last ${view.fromExpr.expr.replace(/^now-/, "")}`;
    }
    return `between ${formatClock(range.from, { withDate: true })} and ${formatClock(range.to, { withDate: true })}`;
  }, [view.fromExpr, view.toExpr, range]);

  useEffect(() => {
    if (tab) document.getElementById(`panel-${tab}`)?.scrollIntoView({ block: "start" });
  }, [tab]);

  const highlight = spanId && traceId ? { from: range.from, to: range.to } : undefined;

  return (
    <div className="grid">
      <ContainerHeader containerRef={ref} initial={container} />
      <LifecycleSummary containerRef={ref} range={range} />
      {container.engine === "podman" && container.source === "engine" ? <KubeYaml containerRef={ref} /> : null}
      <div className="row" style={{ justifyContent: "space-between" }}>
        <TimeRangePicker view={view} />
        <div className="row">
          <PivotLinks container={container} range={range} chrome={chrome} />
          {chrome.embed ? null : (
            <SignedLinkShare containerRef={container.name} hasCompose={Boolean(container.compose?.project)} />
          )}
        </div>
      </div>
      <Seeded seeds={seeds}>
        {(seeded) => (
          <>
            <div id="panel-metrics">
              <MetricsPanel
                containerRef={ref}
                range={range}
                highlight={highlight}
                onSelectRange={view.setAbsolute}
                chrome={chrome}
                seed={seeded.metrics}
              />
            </div>
            <div className="grid" style={{ gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)" }}>
              <div id="panel-logs">
                <LogsPanel
                  containerRef={ref}
                  containerName={container.name}
                  range={range}
                  rangeLabel={rangeLabel}
                  q={q}
                  qmode={qmode}
                  traceId={traceId}
                  spanId={spanId}
                  live={live}
                  seed={seeded.logs}
                  setParams={view.setParams}
                  onSelectRange={view.setAbsolute}
                  chrome={chrome}
                />
              </div>
              <div id="panel-traces">
                <TracesPanel
                  containerRef={ref}
                  containerName={container.name}
                  range={range}
                  rangeLabel={rangeLabel}
                  onSelectRange={view.setAbsolute}
                  chrome={chrome}
                  seed={seeded.traces}
                />
              </div>
            </div>
          </>
        )}
      </Seeded>
    </div>
  );
}

/** The server page's answers for the panels (document loads only). */
function Seeded({ seeds, children }: { seeds?: PanelSeeds; children: (s: Partial<PanelSeeds>) => ReactNode }) {
  // "html" while this is the server's HTML (the panels show the server's answers for the
  // server's clock), "live" once React runs it: what e2e tests wait for before pointing.
  const hydrated = useHydrated();
  return (
    <div data-panels={hydrated ? "live" : "html"} style={{ display: "contents" }}>
      {children(seeds ?? {})}
    </div>
  );
}
