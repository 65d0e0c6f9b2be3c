import { redact } from "./redact";

export type BackendName = "prometheus" | "loki" | "jaeger" | "tempo" | "engine" | "kubernetes";

export type BackendErrorKind =
  | "unreachable" // connection refused, DNS, socket missing
  | "timeout"
  | "http" // non-2xx status
  | "parse" // body is not what the schema says
  | "too-large"
  | "config"
  | "not-found"
  | "query" // the backend rejected the query (bad_data, LogQL parse error)
  | "busy"; // Sightline's own limit for this backend is reached (queue full or queue timeout)

/** Error texts shown in panels: a backend's error body can be megabytes. */
export const MAX_ERROR_CHARS = 4096;

function capMessage(m: string): string {
  if (m.length <= MAX_ERROR_CHARS) return m;
  return `${m.slice(0, MAX_ERROR_CHARS)} … (${(m.length - MAX_ERROR_CHARS).toLocaleString("en")} more characters)`;
}

/** Every failure that crosses lib/backends is one of these: backend named, reason readable. */
export class BackendError extends Error {
  readonly backend: BackendName;
  readonly kind: BackendErrorKind;
  readonly status?: number;
  constructor(
    backend: BackendName,
    kind: BackendErrorKind,
    message: string,
    opts: { status?: number; cause?: unknown } = {},
  ) {
    // Backend texts can echo URLs and headers: credentials are masked before the message exists.
    super(capMessage(redact(`${backend}: ${message}`)), { cause: opts.cause });
    this.name = "BackendError";
    this.backend = backend;
    this.kind = kind;
    this.status = opts.status;
  }
}

/** The JSON shape Sightline's API returns for any error. */
export interface ApiErrorBody {
  /** requestId: the id in Sightline's request log and sent to the backend as X-Request-Id. */
  error: { backend?: BackendName; kind: string; message: string; status?: number; requestId?: string };
}
