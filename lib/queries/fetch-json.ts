// The browser's only way to reach data: Sightline's own API, same origin.
import type { ApiErrorBody, BackendName } from "../model/errors";

export class ApiError extends Error {
  readonly status: number;
  readonly backend?: BackendName;
  readonly kind: string;
  /** The server's request id (its request log, X-Request-Id at the backend). */
  readonly requestId?: string;
  constructor(status: number, body: ApiErrorBody["error"], requestId?: string) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.backend = body.backend;
    this.kind = body.kind;
    this.requestId = body.requestId ?? requestId;
  }
}

function isErrorBody(x: unknown): x is ApiErrorBody {
  if (typeof x !== "object" || x === null || !("error" in x)) return false;
  const e = (x as { error: unknown }).error;
  return typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string";
}

/** Our own API returns JSON we wrote; the shape is our contract, so it is typed here, not re-validated. */
export function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { signal });
}

/** POST a JSON body to our own API; errors as ApiError, like fetchJson. */
export function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, {
    signal,
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
}

async function requestJson<T>(
  path: string,
  init: { signal?: AbortSignal; method?: string; body?: string; headers?: Record<string, string> },
): Promise<T> {
  const { signal } = init;
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, { kind: "network", message: "Sightline server unreachable" });
  }
  const text = await res.text();
  const requestId = res.headers.get("x-request-id") ?? undefined;
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(
      res.status,
      { kind: "parse", message: `Sightline API returned non-JSON (${res.status})` },
      requestId,
    );
  }
  if (!res.ok) {
    throw new ApiError(
      res.status,
      isErrorBody(body) ? body.error : { kind: "http", message: `HTTP ${res.status}` },
      requestId,
    );
  }
  return body as T;
}
