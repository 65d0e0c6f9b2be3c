export type BackendName = "prometheus" | "loki" | "jaeger" | "tempo" | "engine";

export type BackendErrorKind =
  | "unreachable" // connection refused, DNS, socket missing
  | "timeout"
  | "http" // non-2xx status
  | "parse" // body is not what the schema says
  | "too-large"
  | "config"
  | "not-found"
  | "query"; // the backend rejected the query (bad_data, LogQL parse error)

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
    super(`${backend}: ${message}`, { cause: opts.cause });
    this.name = "BackendError";
    this.backend = backend;
    this.kind = kind;
    this.status = opts.status;
  }
}

/** The JSON shape Sightline's API returns for any error. */
export interface ApiErrorBody {
  error: { backend?: BackendName; kind: string; message: string; status?: number };
}
