import type { Millis, NanosString } from "./time";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "unknown";

export interface LogLine {
  /** Exact nanosecond timestamp as Loki sent it; order by this. */
  ts: NanosString;
  /** Same instant in ms, for charts and display. */
  at: Millis;
  stream: Record<string, string>;
  structuredMetadata: Record<string, string>;
  line: string;
  /** Set when `line` was cut (to MAX_LINE_CHARS): the line's full length in characters. */
  lineLength?: number;
  level: LogLevel;
  fields: Record<string, string>;
  traceId?: string;
  spanId?: string;
  /** Stable key for lists: ts + stream hash + index within the same ts. */
  key: string;
}

export interface LogQueryResult {
  lines: LogLine[];
  /** True when the backend had more than `limit` lines in the range. */
  truncated: boolean;
  limit: number;
}

export interface LogTailFrame {
  lines: LogLine[];
  dropped: { labels: Record<string, string>; ts: NanosString }[];
}
