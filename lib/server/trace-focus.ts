// Span → logs: the container's lines of one trace. The trace ID may be in the line text (logfmt,
// JSON, Spring, W3C traceparent) or only in structured metadata `trace_id` (OTel log pipelines
// into Loki 2.9+), which a line filter cannot see. Both queries run; their lines are merged.
// Against a Loki without structured metadata the metadata filter simply matches nothing.
import type { LogsBackend } from "../backends/types";
import type { LokiMapping } from "../correlation/mapping";
import type { ContainerLike } from "../correlation/keys";
import { traceLogsQuery } from "../correlation/queries-loki";
import type { LogLine } from "../model/logs";
import { compareNanos, type TimeRange } from "../model/time";

export const FOCUS_LIMIT = 500;

/** The trace's lines in this container, oldest first; undefined when neither query could run. */
export async function traceFocusLines(
  logs: LogsBackend,
  mapping: LokiMapping,
  c: ContainerLike,
  traceId: string,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<LogLine[] | undefined> {
  const queries = (["line", "metadata"] as const).flatMap((via) => {
    const q = traceLogsQuery(mapping, c, traceId, via);
    return q.kind === "query" ? [q.query] : [];
  });
  const results = await Promise.all(
    queries.map((query) =>
      logs
        .queryRange({ query, range, limit: FOCUS_LIMIT, direction: "forward" }, { signal })
        .then((r) => r.lines)
        .catch(() => undefined),
    ),
  );
  if (results.every((r) => r === undefined)) return undefined;
  const byKey = new Map<string, LogLine>();
  for (const l of results.flatMap((r) => r ?? [])) byKey.set(l.key, l);
  return [...byKey.values()].sort((a, b) => compareNanos(a.ts, b.ts)).slice(0, FOCUS_LIMIT);
}
