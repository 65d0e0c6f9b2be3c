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
/**
 * Marks BackendErrors made by any copy of this module: Next bundles a server module into each
 * route's and page's chunks, and a failure cached by one (a probe the page started, the
 * health check in the request hook) is caught in another, where a plain `instanceof` against
 * that chunk's own class said no and the panel lost which backend failed.
 */
const BACKEND_ERROR = Symbol.for("sightline.BackendError");

export class BackendError extends Error {
  static [Symbol.hasInstance](x: unknown): boolean {
    // Subclasses (GoneError…) keep the ordinary prototype check.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was asked about (a subclass or this one)
    if (this !== BackendError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === "object" && x !== null && (x as { [BACKEND_ERROR]?: true })[BACKEND_ERROR] === true;
  }
  readonly [BACKEND_ERROR] = true as const;
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
