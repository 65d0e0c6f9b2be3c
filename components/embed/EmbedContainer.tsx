// Everything here renders on the server: it must be complete with JavaScript off.
import type { ContainerLogsResponse, ContainerMetricsResponse, ContainerTracesResponse } from "@/lib/model/api";
import type { Container } from "@/lib/model/container";
import { formatClock, formatDurationMs } from "@/lib/model/format";
import { microsToMillis, type TimeRange } from "@/lib/model/time";
import { itemHref } from "@/lib/url/pivots";
import type { ChromeState } from "@/lib/url/state";
import { panelSvgDataUrl } from "./svg-chart";

export interface Section<T> {
  data?: T;
  error?: string;
}

interface Props {
  container: Container;
  range: TimeRange;
  dark: boolean;
  metrics: Section<ContainerMetricsResponse>;
  logs: Section<ContainerLogsResponse>;
  traces: Section<ContainerTracesResponse>;
  hrefs: { container: string };
  /** Theme/embed kept on trace links (the pivots themselves come with each response). */
  chrome: ChromeState;
  timeZone?: string;
}

function Err({ what, message }: { what: string; message: string }) {
  return (
    <div className="state error" data-testid="embed-error">
      <strong>{what} unavailable</strong>
      <span className="mono">{message}</span>
    </div>
  );
}

export function EmbedContainer({ container: c, range, dark, metrics, logs, traces, hrefs, chrome, timeZone }: Props) {
  const linePivot = logs.data?.tracePivot;
  const rowPivot = traces.data?.tracePivot;
  const panels = (metrics.data?.panels ?? []).filter((p) => p.id === "cpu" || p.id === "memory");
  const lines = (logs.data?.lines ?? []).slice(0, 40);
  const list = traces.data?.traces ?? [];
  const failing = list
    .filter((t) => t.errorCount > 0)
    .sort((a, b) => b.start - a.start)
    .slice(0, 8);
  const slowest = [...list].sort((a, b) => b.duration - a.duration).slice(0, 8);
  const fmt = (ms: number) => formatClock(ms, { withDate: true, timeZone });
  return (
    <div className="grid" data-testid="embed-container">
      <div className="row">
        <a href={hrefs.container}>
          <strong>{c.name}</strong>
        </a>
        <span className={`badge ${c.state}`}>{c.state}</span>
        <span className="muted">
          {fmt(range.from)} → {fmt(range.to)}
          {timeZone ? ` (${timeZone})` : " UTC"}
        </span>
      </div>
      <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
        {metrics.error ? <Err what="Metrics (Prometheus)" message={metrics.error} /> : null}
        {metrics.data?.reason ? <div className="state">{metrics.data.reason.message}</div> : null}
        {panels.map((p) => (
          <figure key={p.id} style={{ margin: 0 }} className="panel">
            <figcaption>
              <strong>{p.title}</strong>
            </figcaption>
            {/* biome-ignore lint/performance/noImgElement: a data-URL SVG rendered on the server; no optimisation applies */}
            <img
              src={panelSvgDataUrl(p, range, dark)}
              alt={`${p.title} chart`}
              data-testid={`embed-chart-${p.id}`}
              style={{ width: "100%", height: "auto" }}
            />
          </figure>
        ))}
      </div>
      <section className="panel">
        <h2>Latest log lines</h2>
        {logs.error ? <Err what="Logs (Loki)" message={logs.error} /> : null}
        {logs.data?.reason ? <div className="state">{logs.data.reason.message}</div> : null}
        {logs.data && !logs.data.reason && lines.length === 0 ? (
          <div className="state">No log lines in this range.</div>
        ) : null}
        <div data-testid="embed-logs">
          {lines.map((l) => (
            <div key={l.key} className={`logrow lvl-${l.level}`} style={{ height: 20 }}>
              <span className="ts mono">{formatClock(l.at, { timeZone })}</span>
              <span className="lvl">{l.level === "unknown" ? "" : l.level.toUpperCase()}</span>
              {l.traceId && linePivot ? (
                <a
                  className="tid mono"
                  href={itemHref(
                    linePivot,
                    { startMs: l.at, endMs: l.at, traceId: l.traceId, spanId: l.spanId },
                    chrome,
                  )}
                >
                  {l.traceId.slice(0, 8)}
                </a>
              ) : (
                <span className="tid" />
              )}
              <span className="msg mono">{l.line}</span>
            </div>
          ))}
        </div>
      </section>
      <section className="panel">
        <h2>Traces</h2>
        {traces.error ? <Err what="Traces (Jaeger)" message={traces.error} /> : null}
        {traces.data?.reason ? <div className="state">{traces.data.reason.message}</div> : null}
        <div className="grid" style={{ gridTemplateColumns: "1fr 1fr" }} data-testid="embed-traces">
          {[
            ["Failing", failing],
            ["Slowest", slowest],
          ].map(([title, rows]) => (
            <table key={String(title)}>
              <thead>
                <tr>
                  <th>{String(title)}</th>
                  <th>Duration</th>
                  <th>Start</th>
                </tr>
              </thead>
              <tbody>
                {(rows as typeof list).map((t) => (
                  <tr key={t.traceId}>
                    <td>
                      <a
                        href={
                          rowPivot
                            ? itemHref(
                                rowPivot,
                                {
                                  startMs: microsToMillis(t.start),
                                  endMs: microsToMillis(t.start) + t.duration / 1000,
                                  traceId: t.traceId,
                                },
                                chrome,
                              )
                            : undefined
                        }
                      >
                        {t.rootService} {t.rootName}
                      </a>
                      {t.errorCount ? <span className="badge error"> {t.errorCount} err</span> : null}
                    </td>
                    <td className="mono">{formatDurationMs(t.duration / 1000)}</td>
                    <td className="mono">{formatClock(microsToMillis(t.start), { timeZone })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      </section>
    </div>
  );
}
