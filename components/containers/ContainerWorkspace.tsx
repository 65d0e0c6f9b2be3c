"use client";
// One container's metrics, logs and traces on one time range held in the URL.
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo } from "react";
import type { Container } from "@/lib/model/container";
import { formatClock } from "@/lib/model/format";
import { millis } from "@/lib/model/time";
import { chromeOf } from "@/lib/url/links";
import { type ContainerViewState, containerViewState, parseContainerView } from "@/lib/url/state";
import { TimeRangePicker } from "../layout/TimeRangePicker";
import { SignedLinkShare } from "./SignedLinkShare";
import { useViewRange } from "../layout/use-view-range";
import { KubeYaml } from "../lifecycle/KubeYaml";
import { LifecycleSummary } from "../lifecycle/LifecycleSummary";
import { LogsPanel } from "../logs/LogsPanel";
import { MetricsPanel } from "../metrics/MetricsPanel";
import { TracesPanel } from "../traces/TracesPanel";
import { ContainerHeader } from "./ContainerHeader";
import { PivotLinks } from "./PivotLinks";

/**
 * The page's view state as lib/url parses it (the same schema the server page validated);
 * a bad client-side edit falls back to the defaults rather than throwing.
 */
function useContainerViewState(): ContainerViewState {
  const sp = useSearchParams();
  return useMemo(() => {
    const r = parseContainerView(new URLSearchParams(sp.toString()), millis(Date.now()));
    return r.ok ? r.state : containerViewState();
  }, [sp]);
}

/** `now`: the server page's clock (its range and early requests are resolved against it). */
export function ContainerWorkspace({ container, now }: { container: Container; now?: number }) {
  const view = useViewRange(now);
  const state = useContainerViewState();
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
      <div id="panel-metrics">
        <MetricsPanel
          containerRef={ref}
          range={range}
          highlight={highlight}
          onSelectRange={view.setAbsolute}
          chrome={chrome}
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
          />
        </div>
      </div>
    </div>
  );
}
