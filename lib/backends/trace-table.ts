// A trace by ID as columns (lib/model/span-table.ts) from any TracesBackend: its own columnar
// decode when it has one (OTLP: Jaeger v3, Tempo), else its spans turned into columns.
import { type SpanTable, spanTableOf } from "../model/span-table";
import type { TimeRange } from "../model/time";
import type { TraceProgress } from "./trace-progress";
import type { CallOpts, TracesBackend } from "./types";

export async function traceTableOf(
  b: TracesBackend,
  traceId: string,
  opts?: CallOpts & { range?: TimeRange; progress?: TraceProgress },
): Promise<SpanTable | undefined> {
  if (b.getTraceTable) return b.getTraceTable(traceId, opts);
  const t = await b.getTrace(traceId, opts);
  return t && t.spans.length > 0 ? spanTableOf(t) : undefined;
}
