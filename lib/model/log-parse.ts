// What Sightline reads out of one log line: level, fields, trace and span IDs.
// Trace IDs come from (in order) Loki structured metadata, stream labels, JSON fields,
// logfmt fields, W3C traceparent, Spring-style `[trace-span]`, then extra patterns.
import type { LogLevel } from "./logs";
import { normalizeSpanId, normalizeTraceId } from "./trace-id";

export interface ParsedLine {
  level: LogLevel;
  fields: Record<string, string>;
  traceId?: string;
  spanId?: string;
}

export const TRACE_ID_KEYS = ["trace_id", "traceid", "traceId", "traceID", "trace-id", "trace.id", "otelTraceID"];
export const SPAN_ID_KEYS = ["span_id", "spanid", "spanId", "spanID", "span-id", "span.id", "otelSpanID"];
const LEVEL_KEYS = ["level", "lvl", "severity", "loglevel", "log.level", "levelname", "detected_level"];

const TRACEPARENT_RE = /\b00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}\b/i;
// Spring Boot 3 / Micrometer: `[payments] [nio-8080-exec-1] [<trace>-<span>]`
const SPRING_RE = /\[([0-9a-f]{32})-([0-9a-f]{16})\]/i;
const LEVEL_WORD_RE = /\b(TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|ERR|FATAL|CRIT(?:ICAL)?|PANIC)\b/;
const LOGFMT_RE = /([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))/g;

export function normalizeLevel(raw: string | undefined): LogLevel | undefined {
  if (!raw) return undefined;
  const v = raw.trim().toLowerCase();
  if (v.startsWith("trace")) return "trace";
  if (v.startsWith("debug") || v === "dbg") return "debug";
  if (v.startsWith("info") || v === "inf" || v === "notice") return "info";
  if (v.startsWith("warn") || v === "wrn") return "warn";
  if (v.startsWith("err") || v === "eror") return "error";
  if (v.startsWith("fatal") || v.startsWith("crit") || v === "panic" || v === "emerg" || v === "alert") return "fatal";
  return undefined;
}

function jsonFields(line: string): Record<string, string> | undefined {
  const t = line.trimStart();
  if (!t.startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || typeof x !== "object") out[k] = String(x);
    }
    return out;
  } catch {
    return undefined;
  }
}

function logfmtFields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(LOGFMT_RE)) {
    const key = m[1];
    if (!key) continue;
    out[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return out;
}

function firstKey(maps: Record<string, string>[], keys: string[]): string | undefined {
  for (const m of maps) {
    for (const k of keys) {
      const v = m[k];
      if (v) return v;
    }
  }
  return undefined;
}

export function parseLogLine(
  line: string,
  meta: Record<string, string>,
  stream: Record<string, string>,
  extraTracePatterns: RegExp[] = [],
): ParsedLine {
  const fields = jsonFields(line) ?? logfmtFields(line);
  const sources = [meta, stream, fields];
  let traceId = normalizeTraceId(firstKey(sources, TRACE_ID_KEYS) ?? "");
  let spanId = normalizeSpanId(firstKey(sources, SPAN_ID_KEYS) ?? "");
  if (!traceId) {
    const m = TRACEPARENT_RE.exec(fields.traceparent ?? line) ?? SPRING_RE.exec(line);
    if (m?.[1]) {
      traceId = normalizeTraceId(m[1]);
      spanId = spanId ?? normalizeSpanId(m[2] ?? "");
    }
  }
  if (!traceId) {
    for (const re of extraTracePatterns) {
      const m = re.exec(line);
      const id = m?.groups?.traceId ?? m?.[1];
      if (id && (traceId = normalizeTraceId(id))) {
        spanId = spanId ?? normalizeSpanId(m?.groups?.spanId ?? "");
        break;
      }
    }
  }
  const level =
    normalizeLevel(firstKey([meta, fields, stream], LEVEL_KEYS)) ??
    normalizeLevel(LEVEL_WORD_RE.exec(line.slice(0, 200))?.[1]) ??
    "unknown";
  return { level, fields, traceId, spanId };
}
