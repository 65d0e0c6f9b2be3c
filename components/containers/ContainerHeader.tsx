"use client";
import { useQuery } from "@tanstack/react-query";
import type { Container } from "@/lib/model/container";
import { formatBytes, formatClock, formatDurationMs } from "@/lib/model/format";
import { containerQuery } from "@/lib/queries/keys";
import { PanelError } from "../ui/PanelState";

const SHOWN_LABELS = [
  "com.docker.compose.project",
  "com.docker.compose.service",
  "io.podman.compose.project",
  "io.podman.compose.service",
  "io.kubernetes.pod.name",
];

export function ContainerHeader({ containerRef, initial }: { containerRef: string; initial: Container }) {
  // Live state: the engine is asked again every 10 s.
  const q = useQuery({ ...containerQuery(containerRef), initialData: { container: initial, errors: [] } });
  const c = q.data.container;
  const now = q.dataUpdatedAt || Date.now();
  const other = Object.entries(c.labels).filter(([k]) => !SHOWN_LABELS.includes(k));
  return (
    <section className="panel" aria-label="Container" data-testid="container-header">
      <div className="row" style={{ gap: 12 }}>
        <h1 style={{ margin: 0 }} data-testid="container-name">
          {c.name}
        </h1>
        <span className={`badge ${c.state}`} data-testid="container-state">
          {c.state}
        </span>
        {c.source === "prometheus" ? <span className="badge prom">Prometheus only</span> : null}
        <span className="mono muted" title={c.id}>
          {c.shortId}
        </span>
        <span className="mono">{c.image}</span>
        {c.compose ? (
          <span className="badge">
            compose {c.compose.project}/{c.compose.service}
          </span>
        ) : null}
        {c.pod ? <span className="badge">pod {c.pod.name}</span> : null}
      </div>
      <div className="row muted" style={{ marginTop: 6, gap: 16 }}>
        <span>
          {c.engine} on {c.host}
        </span>
        {c.state === "running" && c.startedAt ? (
          <span>
            up {formatDurationMs(now - c.startedAt)} (since {formatClock(c.startedAt, { withDate: true })})
          </span>
        ) : null}
        {c.state !== "running" && c.finishedAt ? (
          <span>
            exited {c.exitCode !== undefined ? `(${c.exitCode}) ` : ""}
            {formatDurationMs(now - c.finishedAt)} ago
          </span>
        ) : null}
        {c.restartCount !== undefined ? <span>restarts {c.restartCount}</span> : null}
        <span>memory limit {c.limits?.memoryBytes ? formatBytes(c.limits.memoryBytes) : "none"}</span>
        <span>CPU limit {c.limits?.cpus ? `${c.limits.cpus} cores` : "none"}</span>
        {c.hostname ? (
          <span>
            hostname <span className="mono">{c.hostname}</span>
          </span>
        ) : null}
      </div>
      {other.length ? (
        <details style={{ marginTop: 6 }}>
          <summary className="muted">{other.length} more labels</summary>
          <div className="kv" style={{ marginTop: 4 }}>
            {other.map(([k, v]) => (
              <span key={k} className="badge">
                {k}={v}
              </span>
            ))}
          </div>
        </details>
      ) : null}
      {q.error ? <PanelError error={q.error} what="container state" onRetry={() => q.refetch()} /> : null}
      {q.data.errors.map((e, i) => (
        <p key={i} className="muted">
          {e.message}
        </p>
      ))}
    </section>
  );
}
