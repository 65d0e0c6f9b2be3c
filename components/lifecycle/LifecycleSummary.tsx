"use client";
// The header line "restarted 3× in this range, last: OOM killed at 14:03" (its link narrows
// the range to the minutes around it) and "Why did it stop?" for each exit, from the server.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatClock } from "@/lib/model/format";
import type { ExitExplanation } from "@/lib/model/lifecycle";
import type { TimeRange } from "@/lib/model/time";
import { lifecycleQuery } from "@/lib/queries/keys";

function ExitItem({ x }: { x: ExitExplanation }) {
  return (
    <li data-testid="lifecycle-exit" style={{ marginBottom: 8 }}>
      <strong>
        {formatClock(x.at, { withDate: true })} · {x.label}
      </strong>
      {x.restartedAt ? <span className="muted"> · restarted {formatClock(x.restartedAt)}</span> : null}
      <div data-testid="lifecycle-explanation">{x.explanation}</div>
      <ul className="muted" style={{ margin: "2px 0", paddingLeft: 18 }}>
        {x.evidence.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      {x.lastLogs.length ? (
        <pre
          className="mono"
          data-testid="lifecycle-last-logs"
          style={{ margin: "4px 0", whiteSpace: "pre-wrap", fontSize: 12 }}
        >
          {x.lastLogs.map((l) => l.line).join("\n")}
        </pre>
      ) : x.logsReason ? (
        <div className="muted">{x.logsReason}</div>
      ) : null}
      {x.logsHref ? (
        <Link href={x.logsHref} data-testid="lifecycle-logs-link">
          logs around it
        </Link>
      ) : null}
    </li>
  );
}

export function LifecycleSummary({ containerRef, range }: { containerRef: string; range: TimeRange }) {
  const q = useQuery(lifecycleQuery(containerRef, range));
  if (q.isPending)
    return (
      <div className="muted" data-testid="lifecycle-summary">
        reading the container's lifecycle…
      </div>
    );
  if (q.error)
    return (
      <div className="muted" data-testid="lifecycle-summary">
        lifecycle unavailable: {q.error.message}
      </div>
    );
  const r = q.data;
  const s = r.summary;
  return (
    <section className="panel" aria-label="Lifecycle" data-testid="lifecycle-summary" data-restarts={s.restarts}>
      <div className="row" style={{ gap: 12 }}>
        <strong data-testid="lifecycle-summary-text">
          {s.text}
          {s.last ? ` at ${formatClock(s.last.at)}` : ""}
        </strong>
        {s.last ? (
          <Link href={s.last.href} data-testid="lifecycle-focus-link">
            show the minutes around it
          </Link>
        ) : null}
        {s.oomKills ? <span className="badge exited">{s.oomKills} OOM</span> : null}
      </div>
      {r.gaps.length || r.errors.length ? (
        <ul className="muted" data-testid="lifecycle-gaps" style={{ margin: "4px 0", paddingLeft: 18 }}>
          {r.gaps.map((g) => (
            <li key={g.message}>{g.message}</li>
          ))}
          {r.errors.map((e) => (
            <li key={`${e.source}${e.message}`}>
              {e.source}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {r.exits.length ? (
        <details data-testid="lifecycle-why" open={r.exits.length === 1}>
          <summary>Why did it stop?</summary>
          <ul style={{ paddingLeft: 18 }}>
            {[...r.exits].reverse().map((x) => (
              <ExitItem key={x.at} x={x} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
