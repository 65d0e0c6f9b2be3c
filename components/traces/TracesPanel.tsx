"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { formatClock, formatDurationMs } from "@/lib/model/format";
import { microsToMillis, type TimeRange } from "@/lib/model/time";
import type { TraceSummary } from "@/lib/model/trace";
import { tracesQuery, tracesUrl } from "@/lib/queries/keys";
import { seedFor, type TracesSeed } from "@/lib/queries/seed";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";
import { scatterTraces, traceScatterHover, traceScatterOption } from "../metrics/chart-options";
import { EChart } from "../metrics/EChart";
import { useLifecycleMarkers } from "../lifecycle/use-lifecycle";
import { PanelEmpty, PanelError, PanelLoading } from "../ui/PanelState";
import { ReasonNote } from "../ui/ReasonNote";
import { useHydrated } from "./use-hydrated";

type SortKey = "start" | "duration" | "spanCount" | "errorCount" | "rootName";

interface Props {
  containerRef: string;
  containerName: string;
  range: TimeRange;
  rangeLabel: string;
  onSelectRange(from: number, to: number): void;
  /** Theme/embed to keep on the trace links. */
  chrome: ChromeState;
  /** The server page's answer (used when it answers this panel's URL). */
  seed?: TracesSeed;
}

const MAX_ROWS = 500;
/** Rows in the server's HTML: more than the table's box (320 px) shows. */
const FIRST_SCREEN_ROWS = 16;

export function TracesPanel({ containerRef, containerName, range, rangeLabel, onSelectRange, chrome, seed }: Props) {
  const initial = seedFor(seed, tracesUrl(containerRef, range));
  const q = useQuery({
    ...tracesQuery(containerRef, range),
    initialData: initial?.data,
    initialDataUpdatedAt: initial?.at,
  });
  const pivot = q.data?.tracePivot;
  const traceHref = (t: TraceSummary) =>
    pivot
      ? itemHref(
          pivot,
          { startMs: microsToMillis(t.start), endMs: microsToMillis(t.start) + t.duration / 1000, traceId: t.traceId },
          chrome,
        )
      : undefined;
  const router = useRouter();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "start", desc: true });
  const traces = q.data?.traces;
  const sorted = useMemo(() => {
    const list = [...(traces ?? [])];
    const val = (t: TraceSummary) => (sort.key === "rootName" ? `${t.rootService} ${t.rootName}` : t[sort.key]);
    list.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === "string" ? x.localeCompare(String(y)) : x - Number(y);
      return sort.desc ? -c : c;
    });
    return list;
  }, [traces, sort]);
  // The server's HTML has the table's first screen only (its box shows ~11 rows): 200 rows of
  // HTML cost the first paint more than they show (#15, 1a). The rest comes with React.
  const hydrated = useHydrated();
  const scatter = useMemo(() => traceScatterOption(scatterTraces(traces ?? []), range), [traces, range]);
  const markers = useLifecycleMarkers(containerRef, range);
  const ok = traces?.filter((t) => t.errorCount === 0) ?? [];
  const bad = traces?.filter((t) => t.errorCount > 0) ?? [];
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "rootName" }))}
      >
        {label}
        {sort.key === key ? (sort.desc ? " ↓" : " ↑") : ""}
      </button>
    </th>
  );

  return (
    <section className="panel" aria-label="Traces" data-testid="traces-panel" data-lifecycle-markers={markers.length}>
      <div className="panel-head">
        <h2>Traces</h2>
        {q.data?.service ? (
          <span className="muted">
            {q.data.backendLabel ?? "Jaeger"} · service {q.data.service}
          </span>
        ) : null}
        {traces ? (
          <span className="muted" data-testid="trace-count">
            {traces.length} traces, {bad.length} with errors
          </span>
        ) : null}
      </div>
      {q.isPending ? <PanelLoading height={240} /> : null}
      {q.error ? <PanelError error={q.error} what="traces" onRetry={() => q.refetch()} /> : null}
      {q.data?.reason ? <ReasonNote reason={q.data.reason} /> : null}
      {traces && traces.length === 0 && !q.data?.reason ? (
        <PanelEmpty>
          No traces for {containerName} {rangeLabel} ({q.data?.backendLabel ?? "Jaeger"} service{" "}
          {q.data?.service ?? "?"}).
        </PanelEmpty>
      ) : null}
      {traces && traces.length > 0 ? (
        <>
          <EChart
            option={scatter}
            height={140}
            onSelectRange={onSelectRange}
            hover={traceScatterHover}
            markers={markers}
            onItemClick={(sid, i) => {
              const t = (sid === "error" ? bad : ok)[i];
              const href = t ? traceHref(t) : undefined;
              if (href) router.push(href);
            }}
            ariaLabel="Trace duration over time"
            testId="trace-scatter"
            drawing={q.data === initial?.data ? seed?.chart : undefined}
          />
          <div style={{ maxHeight: 320, overflow: "auto" }}>
            <table>
              <thead>
                <tr>
                  {header("start", "Start")}
                  {header("rootName", "Root")}
                  {header("duration", "Duration")}
                  {header("spanCount", "Spans")}
                  {header("errorCount", "Errors")}
                </tr>
              </thead>
              <tbody>
                {sorted.slice(0, hydrated ? MAX_ROWS : FIRST_SCREEN_ROWS).map((t) => (
                  <tr key={t.traceId} data-testid="trace-row" data-start={microsToMillis(t.start)}>
                    <td className="mono">{formatClock(microsToMillis(t.start), { ms: true })}</td>
                    <td>
                      <Link href={traceHref(t) ?? "#"}>
                        <span className="muted">{t.rootService}</span> {t.rootName}
                      </Link>
                    </td>
                    <td className="mono">{formatDurationMs(t.duration / 1000)}</td>
                    <td>{t.spanCount}</td>
                    <td>
                      {t.errorCount ? (
                        <span className="badge error">{t.errorCount}</span>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {sorted.length > MAX_ROWS ? (
              <p className="muted">
                Showing {MAX_ROWS} of {sorted.length} traces; narrow the range to see the rest.
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
