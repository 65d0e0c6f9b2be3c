// A Kubernetes workload over a range: its pods (replaced ones too), CPU and memory per pod on
// one panel, the pods' logs merged with a pod column, and its traces. Server-rendered: every
// item is a link (container, trace), so it also works without JavaScript.
import Link from "next/link";
import { panelSvgDataUrl } from "@/components/embed/svg-chart";
import { timeSeriesOption } from "@/components/metrics/chart-options";
import { legendEntries } from "@/components/metrics/chart-view";
import { formatClock, formatDurationMs } from "@/lib/model/format";
import { kubeRef } from "@/lib/model/kube-ref";
import type { TimeRange } from "@/lib/model/time";
import type { WorkloadView } from "@/lib/server/workload";
import type { RangeExpr } from "@/lib/url/range";
import { NOW, relativeTime } from "@/lib/url/time";
import { containerHref, traceHref } from "@/lib/url/links";
import { workloadHref } from "@/lib/url/kube";

interface Props {
  view: WorkloadView;
  range: TimeRange;
  rangeExpr: RangeExpr;
}

export function WorkloadPage({ view, range, rangeExpr }: Props) {
  const w = view.workload;
  const cref = (ref: string) => containerHref(ref, { range: rangeExpr });
  const podOfStream = (s: Record<string, string>) => s.pod ?? s.k8s_pod_name ?? "";
  // The first container of a pod (its page), for the chart legend: listed ones, then gone ones.
  const podRef = (pod: string) => {
    const p = view.pods.find((x) => x.name === pod);
    return p?.containers[0]?.name ?? p?.goneRefs[0];
  };
  const containerOfStream = (s: Record<string, string>) => s.container ?? s.k8s_container_name ?? "";
  return (
    <div className="grid" data-testid="workload-page">
      <div className="row">
        <h1 style={{ margin: 0 }}>
          {w.kind} {w.namespace}/{w.name}
        </h1>
        {w.cluster ? <span className="badge">cluster {w.cluster}</span> : null}
        <span className="muted">
          {formatClock(range.from, { withDate: true })} – {formatClock(range.to, { withDate: true })}
        </span>
        <Link href={workloadHref(w, { range: { from: relativeTime(-6 * 3_600_000), to: NOW } })}>last 6 h</Link>
      </div>
      {view.errors.map((e, i) => (
        <div key={i} className="state error">
          {e.message}
        </div>
      ))}
      <section className="panel" aria-label="Pods">
        <div className="panel-head">
          <h2>Pods in this range ({view.pods.length})</h2>
        </div>
        <table>
          <thead>
            <tr>
              <th>Pod</th>
              <th>Containers</th>
              <th>Node</th>
              <th>Restarts</th>
              <th>Last termination</th>
            </tr>
          </thead>
          <tbody>
            {view.pods.map((p) => (
              <tr key={p.name} data-testid="workload-pod" data-pod={p.name} data-listed={p.listed ? "1" : "0"}>
                <td className="mono">
                  {p.name}{" "}
                  {p.listed ? null : (
                    <span
                      className="badge prom"
                      title="Not listed by the API now: replaced or deleted; shown from its metrics and logs"
                    >
                      gone
                    </span>
                  )}
                </td>
                <td>
                  {p.containers.map((c) => (
                    <span key={c.name} style={{ marginRight: 8 }}>
                      <Link href={cref(c.name)}>{c.kube?.container}</Link>
                      {c.kube?.kind !== "container" ? <span className="muted"> ({c.kube?.kind})</span> : null}
                    </span>
                  ))}
                  {p.goneRefs.map((ref) => (
                    <span key={ref} style={{ marginRight: 8 }}>
                      <Link href={cref(ref)}>{ref.split("/").pop()}</Link>
                    </span>
                  ))}
                </td>
                <td className="mono">{p.node ?? ""}</td>
                <td>{p.listed ? p.restarts : ""}</td>
                <td>{p.lastTermination ? <span className="badge error">{p.lastTermination}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-label="CPU and memory by pod">
        <div className="panel-head">
          <h2>CPU and memory by pod</h2>
        </div>
        {view.metricsReason ? <div className="muted">{view.metricsReason.message}</div> : null}
        <div className="row" style={{ flexWrap: "wrap" }}>
          {view.panels.map((p) => (
            <figure key={p.id} style={{ margin: 0 }} data-testid={`workload-chart-${p.id}`}>
              <figcaption>
                {p.title} · {p.series.length} pods
              </figcaption>
              {/* biome-ignore lint/performance/noImgElement: a server-rendered SVG data URL, not an asset */}
              <img
                src={panelSvgDataUrl(p, range, false, 640, 220)}
                alt={`${p.title}: ${p.series.map((s) => s.name).join(", ")}`}
                width={640}
                height={220}
              />
              {/* Which line is which pod: the drawing's own colours, each pod a link to its container. */}
              <ul className="workload-legend" aria-label={`${p.title}: pods`}>
                {legendEntries(timeSeriesOption({ panel: p, range, static: true })).map((e) => {
                  const ref = podRef(e.name);
                  return (
                    <li key={e.name} data-testid="workload-legend-entry">
                      <span className="chart-swatch" style={{ background: e.color, borderColor: e.color }} />
                      {ref ? <Link href={cref(ref)}>{e.name}</Link> : <span>{e.name}</span>}
                    </li>
                  );
                })}
              </ul>
            </figure>
          ))}
        </div>
      </section>
      <section className="panel" aria-label="Logs of all pods">
        <div className="panel-head">
          <h2>Logs of all pods ({view.logs.length})</h2>
          {view.logQuery ? <span className="mono muted">{view.logQuery}</span> : null}
        </div>
        {view.logsReason ? <div className="muted">{view.logsReason.message}</div> : null}
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Pod</th>
              <th>Container</th>
              <th>Line</th>
            </tr>
          </thead>
          <tbody>
            {view.logs.slice(0, 300).map((l) => {
              const pod = podOfStream(l.stream);
              const container = containerOfStream(l.stream);
              const ref =
                pod && container
                  ? kubeRef({ ...(w.cluster ? { cluster: w.cluster } : {}), namespace: w.namespace, pod, container })
                  : undefined;
              return (
                <tr key={l.key} data-testid="workload-log-line">
                  <td className="mono muted">{formatClock(l.at, { ms: true })}</td>
                  <td className="mono">{ref ? <Link href={cref(ref)}>{pod}</Link> : pod}</td>
                  <td className="mono">{container}</td>
                  <td className="mono">
                    {l.line}{" "}
                    {l.traceId ? (
                      <Link
                        href={traceHref(l.traceId, { from: range.from, to: range.to })}
                        data-testid="workload-log-trace"
                      >
                        trace
                      </Link>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-label="Traces">
        <div className="panel-head">
          <h2>Traces ({view.traces.length})</h2>
        </div>
        {view.tracesReason ? <div className="muted">{view.tracesReason.message}</div> : null}
        <table>
          <thead>
            <tr>
              <th>Start</th>
              <th>Root</th>
              <th>Duration</th>
              <th>Spans</th>
            </tr>
          </thead>
          <tbody>
            {view.traces.map((t) => (
              <tr key={t.traceId} data-testid="workload-trace">
                <td className="mono muted">{formatClock(t.start / 1000, { ms: true })}</td>
                <td>
                  <Link href={traceHref(t.traceId, { from: range.from, to: range.to })}>
                    {t.rootService}: {t.rootName}
                  </Link>
                  {t.errorCount ? (
                    <span className="badge error" style={{ marginLeft: 6 }}>
                      {t.errorCount} errors
                    </span>
                  ) : null}
                </td>
                <td>{formatDurationMs(t.duration / 1000)}</td>
                <td>{t.spanCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
