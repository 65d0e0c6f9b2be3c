// Tempo wire → lib/model: the trace's ResourceSpans go through the same OTLP mapping as
// Jaeger v3, so a Tempo trace and a Jaeger trace of the same spans are the same Trace.
import { asNanosString, micros, nanosToMicros } from "../../model/time";
import { sameTraceId } from "../../model/trace-id";
import type { Trace, TraceSummary } from "../../model/trace";
import type { BuildInfo } from "../types";
import { otlpToTraces } from "../jaeger/to-model";
import type { SearchTrace } from "./schemas";
import type { z } from "zod";
import type { tempoTraceSchema } from "./schemas";

export function tempoTraceToModel(data: z.infer<typeof tempoTraceSchema>, traceId: string): Trace | undefined {
  const traces = otlpToTraces(data.batches ?? data.resourceSpans ?? []);
  return traces.find((t) => sameTraceId(t.traceId, traceId)) ?? traces[0];
}

/** Tempo's own search summary (no span list): the traces panel's row before the full trace is read. */
export function searchTraceToSummary(t: SearchTrace): TraceSummary {
  return {
    traceId: t.traceID,
    rootService: t.rootServiceName === "<root span not yet received>" ? "" : (t.rootServiceName ?? ""),
    rootName: t.rootTraceName ?? "",
    start: t.startTimeUnixNano ? nanosToMicros(asNanosString(t.startTimeUnixNano)) : micros(0),
    duration: micros((t.durationMs ?? 0) * 1000),
    spanCount: 0,
    errorCount: 0,
    services: t.rootServiceName ? [t.rootServiceName] : [],
  };
}

/** `/status/version` text of Tempo 2.0: "tempo, version 2.0.1 (branch: …, revision: …)". */
export function parseVersionText(text: string): BuildInfo | undefined {
  const m = /^tempo, version (\S*) \(branch: ([^,]*), revision: ([^)]*)\)/m.exec(text);
  if (!m) return undefined;
  return { version: m[1] || "unknown", revision: m[3] || undefined };
}
