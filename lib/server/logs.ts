// One container's log lines for a range (newest first, paged with "load older"), the volume
// chart, and for span → logs the lines of that trace/span first.
import type { Backends } from "../backends/factory";
import { chooseStep } from "../backends/prometheus/step";
import type { LogsBackend } from "../backends/types";
import type { LokiMapping } from "../correlation/mapping";
import { logQuery, logVolumeQuery, lokiSelector, type UserLineFilter } from "../correlation/queries-loki";
import type { ContainerLogsResponse } from "../model/api";
import type { Container } from "../model/container";
import { BackendError } from "../model/errors";
import { compareNanos, millis, type NanosString, nanosToMillis, type TimeRange } from "../model/time";
import { correlate } from "./correlate";
import { tracePatterns, withTracePatterns } from "./log-lines";
import { tracePivot } from "./pivot-context";
import { traceFocusLines } from "./trace-focus";

export const DEFAULT_LOG_PAGE = 1000;

export function requireLogs(b: Backends): LogsBackend {
  if (!b.logs) throw new BackendError("loki", "config", "Loki is not configured (set LOKI_URL)");
  return b.logs;
}

export interface LogsRequest {
  range: TimeRange;
  q?: string;
  qmode: "substring" | "regex";
  traceId?: string;
  spanId?: string;
  /** Exact ns of the oldest line already shown: fetch strictly older lines. */
  before?: NanosString;
  limit: number;
}

/** The live tail's LogQL for a container and an optional line filter, or why there is none. */
export async function tailQuery(
  b: Backends,
  c: Container,
  filter: UserLineFilter | undefined,
): Promise<{ query: string } | { reason: string; status: 400 | 409 }> {
  const { mapping, reason } = await lokiMappingFor(b, c);
  if (!mapping) return { reason: reason?.message ?? "no Loki mapping", status: 409 };
  const q = logQuery(mapping, c, filter);
  return q.kind === "reason" ? { reason: q.message, status: 400 } : { query: q.query };
}

export async function lokiMappingFor(
  b: Backends,
  c: Container,
): Promise<{ mapping?: LokiMapping; reason?: ContainerLogsResponse["reason"] }> {
  const corr = await correlate(b, c, ["loki"]);
  if (corr.errors.loki) throw corr.errors.loki;
  const det = corr.mappings.loki;
  if (!det) return { reason: { message: "Loki mapping unknown" } };
  if (det.kind === "reason")
    return {
      reason: {
        message: det.message,
        suggestion: det.suggestion,
        labelsSeen: "labelsSeen" in det ? det.labelsSeen : undefined,
      },
    };
  return { mapping: det.mapping };
}

export async function containerLogs(
  b: Backends,
  c: Container,
  r: LogsRequest,
  signal?: AbortSignal,
): Promise<ContainerLogsResponse> {
  const [body, pivot] = await Promise.all([logsBody(b, c, r, signal), tracePivot()]);
  return { ...body, tracePivot: pivot };
}

async function logsBody(
  b: Backends,
  c: Container,
  r: LogsRequest,
  signal?: AbortSignal,
): Promise<Omit<ContainerLogsResponse, "tracePivot">> {
  const logs = requireLogs(b);
  const { mapping, reason } = await lokiMappingFor(b, c);
  const empty = { lines: [], truncated: false, limit: r.limit, query: "" };
  if (!mapping) return { ...empty, reason };
  const filter: UserLineFilter | undefined = r.q ? { text: r.q, mode: r.qmode } : undefined;
  const q = logQuery(mapping, c, filter);
  if (q.kind === "reason") return { ...empty, reason: q };
  const sel = lokiSelector(mapping, c);
  const selector = sel.kind === "query" ? sel.query : undefined;
  const patterns = await tracePatterns();

  // Loki's end is exclusive and our range is in ms: ask up to just past `before`, then drop
  // lines at or after it so a page never repeats one.
  const to = r.before ? millis(Math.min(r.range.to, Math.floor(nanosToMillis(r.before)) + 1)) : r.range.to;
  const pageRange = { from: r.range.from, to };
  const first = !r.before;
  const stepSeconds = chooseStep(r.range.to - r.range.from, { targetPoints: 120, minStepSeconds: 1 });
  const volQ = first ? logVolumeQuery(mapping, c, stepSeconds, filter) : undefined;

  const [page, volume, focus] = await Promise.all([
    logs.queryRange({ query: q.query, range: pageRange, limit: r.limit, direction: "backward" }, { signal }),
    volQ?.kind === "query"
      ? logs.queryRangeMetric(volQ.query, r.range, stepSeconds, { signal }).catch(() => undefined)
      : Promise.resolve(undefined),
    // The trace's lines whether its ID is in the text or only in structured metadata.
    first && r.traceId ? traceFocusLines(logs, mapping, c, r.traceId, r.range, signal) : Promise.resolve(undefined),
  ]);
  let lines = page.lines;
  if (r.before) {
    const before = r.before;
    lines = lines.filter((l) => compareNanos(l.ts, before) < 0);
  }
  let focusLines = focus ? withTracePatterns(focus, patterns) : undefined;
  if (focusLines && r.spanId) {
    // The span's own lines first, then the rest of the trace's lines in this container.
    const span = r.spanId;
    focusLines = [...focusLines.filter((l) => l.spanId === span), ...focusLines.filter((l) => l.spanId !== span)];
  }
  return {
    lines: withTracePatterns(lines, patterns),
    truncated: page.truncated,
    limit: r.limit,
    query: q.query,
    selector,
    focus: focusLines,
    volume: volume?.[0] ?? (volume ? { labels: {}, points: [] } : undefined),
    volumeStepSeconds: stepSeconds,
  };
}
