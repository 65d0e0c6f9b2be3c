// The request id of the request being served, across awaits: set once per incoming HTTP
// request by the instrumentation hook, read by the transport (sent to backends as
// X-Request-Id) and by error answers (shown in panel errors), so an operator can follow one
// user's failed call from the browser through Sightline's log to the backend's.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
  /** Set by setResponseStatus: the hook answers with it instead of what Next.js chose. */
  status?: number;
  /** Whether the response's head has gone out (then the status can no longer change). */
  headersSent?: () => boolean;
  /** Aborted when the client goes away before the response ended (made on first use). */
  signal?: () => AbortSignal;
}

const g = globalThis as typeof globalThis & { __sightlineRequestContext?: AsyncLocalStorage<RequestContext> };

export function requestStorage(): AsyncLocalStorage<RequestContext> {
  g.__sightlineRequestContext ??= new AsyncLocalStorage<RequestContext>();
  return g.__sightlineRequestContext;
}

export function currentRequestId(): string | undefined {
  return requestStorage().getStore()?.requestId;
}

/**
 * A server-rendered page's own HTTP status. The App Router gives a page no way to set one, and
 * notFound() renders its boundary only in the browser (React's streaming SSR does not run client
 * error boundaries, so the HTML is an empty shell: nothing without JavaScript); a page that must
 * work without scripts (the embed) renders its message itself and calls this. It works while
 * the head is unsent, i.e. for content outside any Suspense boundary (no loading.tsx above),
 * where Next.js waits for the page before it writes the head. False when it could not apply.
 */
export function setResponseStatus(status: number): boolean {
  const store = requestStorage().getStore();
  if (!store?.headersSent || store.headersSent()) return false;
  store.status = status;
  return true;
}

/**
 * Aborted when the client of the request being served disconnects before its response ended.
 * Route handlers have `request.signal`; a server-rendered page has none: Next.js 16 aborts a
 * page's render on response close only for development HMR refreshes (app-render.js,
 * `serverComponentsHmrCancellation`), and React's `cacheSignal()` aborts when the render ends,
 * not when the client leaves. So the HTTP hook (instrumentation) makes this one from the
 * Node response's `close`. Undefined outside a request (tests calling a page directly).
 */
export function requestSignal(): AbortSignal | undefined {
  return requestStorage().getStore()?.signal?.();
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller's X-Request-Id is kept when it is short and plain; otherwise a new one is made. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const v = Array.isArray(incoming) ? incoming[0] : incoming;
  return v && SAFE_ID.test(v) ? v : randomUUID();
}
