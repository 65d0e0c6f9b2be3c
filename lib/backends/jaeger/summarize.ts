// TraceSummary from a full Trace: v3 search returns whole traces, v1 too, so search
// results are summarised here rather than trusting a server-side summary endpoint.
import { micros } from "../../model/time";
import type { Span, Trace, TraceSummary } from "../../model/trace";

/** Root = a span whose parent is not in the trace (orphans count), earliest first. */
export function rootSpan(trace: Trace): Span | undefined {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  let root: Span | undefined;
  for (const s of trace.spans) {
    if (s.parentSpanId !== undefined && ids.has(s.parentSpanId)) continue;
    if (!root || s.start < root.start) root = s;
  }
  return root;
}

export function summarize(trace: Trace): TraceSummary {
  const root = rootSpan(trace);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let errorCount = 0;
  for (const s of trace.spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.start + s.duration);
    if (s.status === "error") errorCount++;
  }
  // Services in order of first activity, so the root's service usually comes first.
  const services: string[] = [];
  for (const s of [...trace.spans].sort((a, b) => a.start - b.start))
    if (s.service && !services.includes(s.service)) services.push(s.service);
  const empty = trace.spans.length === 0;
  return {
    traceId: trace.traceId,
    rootService: root?.service ?? "",
    rootName: root?.name ?? "",
    start: micros(empty ? 0 : start),
    duration: micros(empty ? 0 : end - start),
    spanCount: trace.spans.length,
    errorCount,
    services,
  };
}
