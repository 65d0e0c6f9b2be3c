// What a trace can be built from in one real log line, whatever of the four shop formats it
// is in: logfmt (trace_id/span_id), JSON (traceId/spanId), Spring ([trace-span]) and W3C
// traceparent. Lines without a trace ID (stack frames, "Terminated", warnings) give nothing.

export interface TraceRef {
  traceId: string;
  spanId?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  /** ERROR / level=error / a 5xx status: the span is marked as failed. */
  error: boolean;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

function fromJson(line: string): TraceRef | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  const num = (k: string) => (typeof o[k] === "number" ? (o[k] as number) : undefined);
  const traceId = str("traceId") ?? str("trace_id");
  if (!traceId || !HEX32.test(traceId)) return undefined;
  const spanId = str("spanId") ?? str("span_id");
  const status = num("status");
  return {
    traceId,
    spanId: spanId && HEX16.test(spanId) ? spanId : undefined,
    method: str("method"),
    route: str("route"),
    status,
    durationMs: num("duration_ms"),
    error: str("level") === "error" || (status !== undefined && status >= 500),
  };
}

const field = (line: string, key: string) => new RegExp(`(?:^|\\s)${key}=("[^"]*"|\\S+)`).exec(line)?.[1];
const unquote = (v: string | undefined) => v?.replace(/^"(.*)"$/, "$1");

function fromText(line: string): TraceRef | undefined {
  const spring = /\[([0-9a-f]{32})-([0-9a-f]{16})\]/.exec(line);
  const tp = /traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}/.exec(line);
  const traceId = spring?.[1] ?? tp?.[1] ?? field(line, "trace_id");
  if (!traceId || !HEX32.test(traceId)) return undefined;
  const rawSpan = spring?.[2] ?? tp?.[2] ?? field(line, "span_id");
  // Spring: ": POST /api/payments/charge failed status=502 duration=210ms"; web1: msg="GET /cart".
  const req = /:\s+([A-Z]+)\s+(\/\S*)\s+(?:completed|failed)/.exec(line) ?? /msg="([A-Z]+) (\/[^"\s]*)"/.exec(line);
  const status = Number(field(line, "status"));
  const duration = Number(field(line, "duration_ms") ?? /duration=(\d+)ms/.exec(line)?.[1]);
  const level = unquote(field(line, "level"));
  return {
    traceId,
    spanId: rawSpan && HEX16.test(rawSpan) ? rawSpan : undefined,
    method: field(line, "method") ?? req?.[1],
    route: field(line, "route") ?? req?.[2],
    status: Number.isFinite(status) && status > 0 ? status : undefined,
    durationMs: Number.isFinite(duration) ? duration : undefined,
    error: level === "error" || /\sERROR\s/.test(line) || (Number.isFinite(status) && status >= 500),
  };
}

export function parseTraceRef(line: string): TraceRef | undefined {
  return line.startsWith("{") ? fromJson(line) : fromText(line);
}
