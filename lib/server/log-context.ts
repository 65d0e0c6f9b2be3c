// Log line → the lines around it in the same stream (two Loki queries, one each way).
import type { Backends } from "../backends/factory";
import { logLineContext } from "../correlation/log-context";
import type { LogContextResponse } from "../model/api";
import type { Container } from "../model/container";
import { compareNanos, type NanosString } from "../model/time";
import type { Backends as B } from "../backends/factory";
import { containerKeys, keyValue } from "../correlation/keys";
import type { LokiMatcherMapping } from "../correlation/mapping";
import { tracePatterns, withTracePatterns } from "./log-lines";
import { lokiProbe } from "./correlate";
import { lokiMappingFor, requireLogs } from "./logs";
import { tracePivot } from "./pivot-context";

/** The context of one of `c`'s lines: the selector comes from c's Loki mapping, never from the client. */
export async function logContext(
  b: Backends,
  c: Container,
  ts: NanosString,
  stream: Record<string, string>,
  signal?: AbortSignal,
): Promise<LogContextResponse> {
  const logs = requireLogs(b);
  const pivot = await tracePivot();
  const { mapping, reason } = await lokiMappingFor(b, c);
  if (!mapping) return { lines: [], tracePivot: pivot, ts, reason: reason?.message ?? "Loki mapping unknown" };
  // Loki 2.9+ merges a line's structured metadata (trace_id…) into the labels it returns; as
  // stream matchers those select nothing. Keep only the labels Loki indexes.
  const indexed = new Set((await lokiProbe(b).catch(() => undefined))?.labelNames ?? Object.keys(stream));
  const streamLabels = Object.fromEntries(Object.entries(stream).filter(([k]) => indexed.has(k)));
  const plan = logLineContext({ mapping, container: c }, { ts, stream: streamLabels }, { lines: 20 });
  if (plan.kind === "reason") return { lines: [], tracePivot: pivot, ts, reason: plan.message };
  const [before, after] = await Promise.all(
    [plan.before, plan.after].map((q) =>
      logs.queryRange({ query: q.query, range: q.range, limit: q.limit, direction: q.direction }, { signal }),
    ),
  );
  // The ms ranges overlap by up to 1 ms around the line: keep each line once, in order.
  const seen = new Set<string>();
  const lines = [...(before?.lines ?? []), ...(after?.lines ?? [])]
    .filter((l) => !seen.has(l.key) && seen.add(l.key))
    .sort((x, y) => compareNanos(x.ts, y.ts));
  return { lines: withTracePatterns(lines, await tracePatterns()), tracePivot: pivot, ts, selector: plan.selector };
}

const expected = (m: LokiMatcherMapping, c: Container) => {
  const v = keyValue(containerKeys(c), m.key);
  return v === undefined ? undefined : m.slash ? `/${v}` : v;
};

/**
 * Does this stream (labels sent by the browser) belong to the container in the path? The
 * container's Loki mapping names the label and value its streams carry; a stream without
 * them is another container's, and is answered as not found.
 */
export async function streamBelongsTo(b: B, c: Container, stream: Record<string, string>): Promise<boolean> {
  const { mapping } = await lokiMappingFor(b, c);
  if (!mapping) return false;
  for (const m of [mapping, ...(mapping.also ?? [])]) {
    const want = expected(m, c);
    if (m === mapping && want === undefined) return false;
    if (want !== undefined && stream[m.label] !== want) return false;
  }
  return true;
}
