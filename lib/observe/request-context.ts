// The request id of the request being served, across awaits: set once per incoming HTTP
// request by the instrumentation hook, read by the transport (sent to backends as
// X-Request-Id) and by error answers (shown in panel errors), so an operator can follow one
// user's failed call from the browser through Sightline's log to the backend's.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
}

const g = globalThis as typeof globalThis & { __sightlineRequestContext?: AsyncLocalStorage<RequestContext> };

export function requestStorage(): AsyncLocalStorage<RequestContext> {
  g.__sightlineRequestContext ??= new AsyncLocalStorage<RequestContext>();
  return g.__sightlineRequestContext;
}

export function currentRequestId(): string | undefined {
  return requestStorage().getStore()?.requestId;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller's X-Request-Id is kept when it is short and plain; otherwise a new one is made. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const v = Array.isArray(incoming) ? incoming[0] : incoming;
  return v && SAFE_ID.test(v) ? v : randomUUID();
}
