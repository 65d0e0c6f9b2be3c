"use client";
// One container's metrics, logs and traces on one time range held in the URL.
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo } from "react";
import type { Container } from "@/lib/model/container";
import { formatClock } from "@/lib/model/format";
import { millis } from "@/lib/model/time";
import { traceHref as buildTraceHref } from "@/lib/url/links";
import { TimeRangePicker } from "../layout/TimeRangePicker";
import { SignedLinkShare } from "./SignedLinkShare";
import { useViewRange } from "../layout/use-view-range";
import { LogsPanel } from "../logs/LogsPanel";
import { MetricsPanel } from "../metrics/MetricsPanel";
import { TracesPanel } from "../traces/TracesPanel";
import { ContainerHeader } from "./ContainerHeader";
import { PivotLinks } from "./PivotLinks";

export function ContainerWorkspace({ container }: { container: Container }) {
  const view = useViewRange();
  const sp = useSearchParams();
  const ref = container.name || container.id;
  const tab = sp.get("tab") ?? undefined;
  const traceId = sp.get("traceId") ?? undefined;
  const spanId = sp.get("spanId") ?? undefined;
  const q = sp.get("q") ?? undefined;
  const qmode = sp.get("qmode") === "regex" ? "regex" : "substring";
  const live = sp.get("live") === "1";
  const theme = sp.get("theme") ?? undefined;
  const embed = sp.get("embed") === "1";
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

  const traceHref = (id: string, span?: string) =>
    buildTraceHref(id, {
      spanId: span,
      from: millis(range.from - 5 * 60_000),
      to: millis(range.to + 5 * 60_000),
      theme: theme === "light" || theme === "dark" ? theme : undefined,
      embed,
    });
  const highlight = spanId && traceId ? { from: range.from, to: range.to } : undefined;

  return (
    <div className="grid">
      <ContainerHeader containerRef={ref} initial={container} />
      <div className="row" style={{ justifyContent: "space-between" }}>
        <TimeRangePicker view={view} />
        <div className="row">
          <PivotLinks container={container} range={range} />
          {embed ? null : (
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
          traceHref={(id) => traceHref(id)}
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
            traceHref={traceHref}
          />
        </div>
        <div id="panel-traces">
          <TracesPanel
            containerRef={ref}
            containerName={container.name}
            range={range}
            rangeLabel={rangeLabel}
            onSelectRange={view.setAbsolute}
            traceHref={(id) => traceHref(id)}
          />
        </div>
      </div>
    </div>
  );
}
