// The one place the server finishes reading log lines for the browser: every log path (page,
// span → logs focus, live tail, log context) passes its lines through here, so the operator's
// `traceIdPatterns` apply everywhere. The built-in formats were read by lib/model/log-parse
// when the lines were decoded (lib/backends/loki/to-model); only lines without a trace ID are
// looked at again, on RE2 and on a bounded window (matchTracePatterns).
import { matchTracePatterns } from "../model/log-parse";
import type { LogLine } from "../model/logs";
import type { TracePattern } from "../model/trace-pattern";
import { loadCorrelationConfig } from "./correlation-config";

export function withTracePatterns(lines: LogLine[], patterns: readonly TracePattern[]): LogLine[] {
  if (!patterns.length) return lines;
  return lines.map((l) => {
    if (l.traceId) return l;
    const m = matchTracePatterns(l.line, patterns);
    if (!m) return l;
    const out: LogLine = { ...l, traceId: m.traceId };
    const spanId = l.spanId ?? m.spanId;
    if (spanId) out.spanId = spanId;
    return out;
  });
}

/** The trace-ID patterns of the correlation config in force (re-read when the file changes). */
export async function tracePatterns(): Promise<readonly TracePattern[]> {
  return (await loadCorrelationConfig()).patterns;
}
