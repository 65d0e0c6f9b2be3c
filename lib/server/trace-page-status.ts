// The HTTP status of a trace page load, decided in the proxy before the page renders. A page
// can only set 404 by throwing notFound(), and Next 16 answers that with an empty HTML shell
// that scripts fill in (the not-found UI rides only in the RSC payload): blank without
// JavaScript. So for a document request the proxy asks the trace store first (the page then
// finds the trace in the store, or renders its not-found message itself) and sets the status,
// the way lib/url/status.ts sets 400. It waits only until the trace is known to exist (a span
// of it decoded), not for the whole of it.
import { type Millis, millis } from "../model/time";
import { normalizeTraceId } from "../model/trace-id";
import { traceHref } from "../url/links";
import { resolveRange } from "../url/range";
import { parseTraceView } from "../url/state-parse";
import { accessFor } from "./auth/access";
import { storeScope } from "./auth/trace-scope";
import { freshMs, traceStore } from "./trace-store";
import { traceMark } from "../trace-timing";

/** Request header from the proxy to the trace page: "missing" when the store has no such trace. */
export const TRACE_STATE_HEADER = "x-sightline-trace";
/** Request header: the proxy's clock, so the page resolves a relative range to the same store key. */
export const PAGE_NOW_HEADER = "x-sightline-now";

interface PageRequest {
  method: string;
  headers: Headers;
  nextUrl: { pathname: string; searchParams: URLSearchParams };
}

function segment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The clock the page should use: the proxy's, when it stamped one. */
export function pageNow(h: Headers): Millis {
  const t = Number(h.get(PAGE_NOW_HEADER));
  return millis(Number.isFinite(t) && t > 0 ? t : Date.now());
}

/**
 * 404 when `req` loads the page of a trace the store does not find (and marks `headers`, the
 * request headers the page will see); undefined for anything else. Client navigations and
 * prefetches (RSC requests) are left to the page: a prefetch must not load a trace, and a
 * client navigation renders notFound() with its scripts.
 */
export async function tracePageStatus(req: PageRequest, headers: Headers, now: Millis): Promise<404 | undefined> {
  traceMark("proxy");
  headers.delete(TRACE_STATE_HEADER);
  headers.delete(PAGE_NOW_HEADER);
  const parts = req.nextUrl.pathname.split("/").filter(Boolean);
  if (parts[0] !== "traces" || parts.length !== 2) return undefined;
  if (req.method !== "GET" && req.method !== "HEAD") return undefined;
  if (req.headers.has("rsc") || req.headers.has("next-router-prefetch")) return undefined;
  const traceId = normalizeTraceId(segment(parts[1] ?? ""));
  const view = parseTraceView(req.nextUrl.searchParams, now);
  if (!traceId || !view.ok) return undefined; // the page's URL error (400, lib/url/status.ts)
  headers.set(PAGE_NOW_HEADER, String(now));
  const range = view.state.range ? resolveRange(view.state.range, now) : undefined;
  try {
    const access = accessFor(headers, "/traces/[traceId]", traceHref(traceId));
    const l = await traceStore().start(traceId, range, freshMs(), await storeScope(access));
    // The trace exists once a span of it is decoded: a huge one need not be read to the end
    // before its page starts (the page may show its first rows while the rest arrives).
    const r = await (l.progress ? Promise.race([l.done, l.progress.found.then(() => undefined)]) : l.done);
    if (r?.kind !== "not-found") return undefined;
  } catch {
    return undefined; // a backend failure: the page shows it
  }
  headers.set(TRACE_STATE_HEADER, "missing");
  return 404;
}
