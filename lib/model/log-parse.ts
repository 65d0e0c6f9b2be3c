// What Sightline reads out of one log line: level, fields, trace and span IDs.
// Trace IDs come from (in order) Loki structured metadata, stream labels, JSON fields,
// logfmt fields, W3C traceparent, Spring-style `[trace-span]`, then extra patterns.
//
// Log text is hostile (anyone who can write to a container's stdout writes here), so every step
// is linear in the line and looks at a bounded prefix: a hand-written logfmt scanner instead of
// a backtracking regex, fixed-width regexes only, operator patterns on RE2 (trace-pattern.ts).
import type { LogLevel } from "./logs";
import type { TracePattern } from "./trace-pattern";
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

/** Characters of a line sent to the browser; longer lines are cut and say so (LogLine.lineLength). */
export const MAX_LINE_CHARS = 32 * 1024;
/** Characters the logfmt scanner, the trace-ID regexes and operator patterns examine. */
export const PARSE_WINDOW_CHARS = 16 * 1024;
/** JSON lines up to this size are decoded whole (JSON.parse is linear); longer ones as logfmt. */
export const JSON_MAX_CHARS = 64 * 1024;
/** Fields kept per line. */
export const MAX_FIELDS = 128;
/** Characters kept per field value (the line itself still has the whole value, up to MAX_LINE_CHARS). */
export const MAX_FIELD_CHARS = 2048;
const capField = (v: string) => (v.length > MAX_FIELD_CHARS ? v.slice(0, MAX_FIELD_CHARS) : v);

// Fixed-width patterns: each start position costs a bounded number of steps.
const TRACEPARENT_RE = /\b00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}\b/i;
// Spring Boot 3 / Micrometer: `[payments] [nio-8080-exec-1] [<trace>-<span>]`
const SPRING_RE = /\[([0-9a-f]{32})-([0-9a-f]{16})\]/i;
const LEVEL_WORD_RE = /\b(TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|ERR|FATAL|CRIT(?:ICAL)?|PANIC)\b/;

export function normalizeLevel(raw: string | undefined): LogLevel | undefined {
  if (!raw) return undefined;
  const v = raw.slice(0, 32).trim().toLowerCase();
  if (v.startsWith("trace")) return "trace";
  if (v.startsWith("debug") || v === "dbg") return "debug";
  if (v.startsWith("info") || v === "inf" || v === "notice") return "info";
  if (v.startsWith("warn") || v === "wrn") return "warn";
  if (v.startsWith("err") || v === "eror") return "error";
  if (v.startsWith("fatal") || v.startsWith("crit") || v === "panic" || v === "emerg" || v === "alert") return "fatal";
  return undefined;
}

/** A line cut to MAX_LINE_CHARS (never inside a surrogate pair), with its original length when cut. */
export function capLine(line: string): { line: string; length?: number } {
  if (line.length <= MAX_LINE_CHARS) return { line };
  let end = MAX_LINE_CHARS;
  const c = line.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return { line: line.slice(0, end), length: line.length };
}

function jsonFields(line: string): Record<string, string> | undefined {
  if (line.length > JSON_MAX_CHARS) return undefined;
  const t = line.trimStart();
  if (!t.startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    const out: Record<string, string> = {};
    let n = 0;
    for (const [k, x] of Object.entries(v)) {
      if (x === null || typeof x !== "object") {
        out[k] = capField(String(x));
        if (++n >= MAX_FIELDS) break;
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

// Character classes of the logfmt grammar `key=value | key="quoted"`, key = [A-Za-z_][\w.-]*.
const isKeyStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isKeyChar = (c: number) => isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
const isLineBreak = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * logfmt fields in one left-to-right pass. Same result as the regex
 * `([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))` applied with matchAll, which took time
 * quadratic in a run of word characters (a 66 KB line: seconds). Every character is visited a
 * bounded number of times: a key run without `=` is skipped whole, and quoted scans never overlap.
 */
export function logfmtFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n && count < MAX_FIELDS) {
    if (!isKeyStart(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isKeyChar(text.charCodeAt(j))) j++;
    if (j >= n || text.charCodeAt(j) !== 61 /* = */) {
      // Any later start inside this run ends at the same j: none can be a key.
      i = j;
      continue;
    }
    const key = text.slice(i, j);
    const v = j + 1;
    if (v < n && text.charCodeAt(v) === 34 /* " */) {
      let k = v + 1;
      let closed = false;
      let escaped = false;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === 34) {
          closed = true;
          break;
        }
        if (c === 92 /* \ */) {
          if (k + 1 >= n || isLineBreak(text.charCodeAt(k + 1))) break;
          escaped = true;
          k += 2;
        } else k++;
      }
      if (closed) {
        const raw = text.slice(v + 1, k);
        out[key] = capField(escaped ? unescapeLogfmt(raw) : raw);
        count++;
        i = k + 1;
        continue;
      }
    }
    let k = v;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === 34 || isSpace(c)) break;
      k++;
    }
    out[key] = capField(text.slice(v, k));
    count++;
    i = k;
  }
  return out;
}

function unescapeLogfmt(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 92 && i + 1 < s.length) i++;
    out += s[i];
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

/** Operator patterns, on the same bounded window as the built-in formats. */
export function matchTracePatterns(
  line: string,
  patterns: readonly TracePattern[],
): { traceId: string; spanId?: string } | undefined {
  if (!patterns.length) return undefined;
  const window = line.length > PARSE_WINDOW_CHARS ? line.slice(0, PARSE_WINDOW_CHARS) : line;
  for (const p of patterns) {
    const m = p.match(window);
    const traceId = m?.traceId ? normalizeTraceId(m.traceId) : undefined;
    if (traceId) return { traceId, spanId: normalizeSpanId(m?.spanId ?? "") };
  }
  return undefined;
}

export function parseLogLine(
  line: string,
  meta: Record<string, string>,
  stream: Record<string, string>,
  extraTracePatterns: readonly TracePattern[] = [],
): ParsedLine {
  const window = line.length > PARSE_WINDOW_CHARS ? line.slice(0, PARSE_WINDOW_CHARS) : line;
  const fields = jsonFields(line) ?? logfmtFields(window);
  const sources = [meta, stream, fields];
  let traceId = normalizeTraceId(firstKey(sources, TRACE_ID_KEYS) ?? "");
  let spanId = normalizeSpanId(firstKey(sources, SPAN_ID_KEYS) ?? "");
  if (!traceId) {
    const m =
      TRACEPARENT_RE.exec((fields.traceparent ?? window).slice(0, PARSE_WINDOW_CHARS)) ?? SPRING_RE.exec(window);
    if (m?.[1]) {
      traceId = normalizeTraceId(m[1]);
      spanId = spanId ?? normalizeSpanId(m[2] ?? "");
    }
  }
  if (!traceId) {
    const m = matchTracePatterns(window, extraTracePatterns);
    if (m) {
      traceId = m.traceId;
      spanId = spanId ?? m.spanId;
    }
  }
  const level =
    normalizeLevel(firstKey([meta, fields, stream], LEVEL_KEYS)) ??
    normalizeLevel(LEVEL_WORD_RE.exec(line.slice(0, 200))?.[1]) ??
    "unknown";
  return { level, fields, traceId, spanId };
}
