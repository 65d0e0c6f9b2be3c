// One place sees every HTTP request the Node server handles, whatever Next does inside:
// Node's http.Server 'request' event. The hook gives each request an id (kept from the
// caller's X-Request-Id when plain, echoed in the response), runs the request inside that
// id's AsyncLocalStorage context, and on finish counts it and writes one JSON log line.
import { setMaxListeners } from "node:events";
import http from "node:http";
import { performance } from "node:perf_hooks";
import {
  InFlightLimit,
  LATE_FRACTION,
  limitedFor,
  type Overload,
  overloadFor,
  SHED_MIN_IN_FLIGHT,
  startLoopDelaySampler,
} from "./loop-delay";
import { selfMetrics } from "./metrics";
import {
  exemptFromAdmission,
  isPageRequest,
  type PageGateLimits,
  pageBusy,
  pageGate,
  setPageLimits,
} from "./page-gate";
import { type RequestContext, requestIdFrom, requestStorage } from "./request-context";
import { type RouteMatcher, routeMatcherFromBuild } from "./routes";

export { exemptFromAdmission, isPageRequest, setPageLimits };

export interface HookOptions {
  /** Page and API requests served at once before new ones are answered 503 (setMaxInFlight). */
  maxInFlight?: number;
  /** New page and API requests are answered 503 while the event loop runs later than this (ms; 0: never). */
  maxLoopDelayMs?: number;
  /** Server page renders at once and the queue for more (setPageLimits; default: no limit). */
  pages?: PageGateLimits;
  /** The smoothed event-loop delay in ms (default: a sampler started when maxLoopDelayMs > 0); tests fake it. */
  loopDelay?: () => number;
  /**
   * Answers a request before Next.js sees it (a cheap answer that must not queue behind the
   * framework's work: /api/health). Returns false to leave the request alone; when it returns
   * true it owns the request and calls `proceed()` if it decides, later, to hand it on after all.
   */
  early?: (req: http.IncomingMessage, res: http.ServerResponse, pathname: string, proceed: () => void) => boolean;
  /** Write one JSON line per request (default on; SIGHTLINE_REQUEST_LOG=off turns it off). */
  log?: boolean;
  route?: RouteMatcher;
  write?: (line: string) => void;
}

const g = globalThis as typeof globalThis & {
  __sightlineHttpHook?: boolean;
  __sightlineAdmission?: { max: number; inFlight: number };
};

function admission() {
  g.__sightlineAdmission ??= { max: Number.POSITIVE_INFINITY, inFlight: 0 };
  return g.__sightlineAdmission;
}

/** Page and API requests served at once (SIGHTLINE_MAX_CONCURRENT_REQUESTS); tests change it. */
export function setMaxInFlight(max: number): void {
  admission().max = max;
}

/** The 503 of a full server: JSON for API clients, a small page for browsers. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, why: Overload): void {
  const { message } = why;
  const html = /text\/html/.test(String(req.headers.accept ?? ""));
  res.writeHead(503, {
    "Content-Type": html ? "text/html; charset=utf-8" : "application/json",
    "Cache-Control": "no-store",
    "Retry-After": String(why.retryAfterS),
  });
  res.end(
    html
      ? // The browser tries again by itself after Retry-After: a deep link from an alert opens
        // once the load passes, without the user reloading by hand.
        `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="${why.retryAfterS}"><title>Sightline is busy</title><p>${message}. This page reloads itself in ${why.retryAfterS} s.</p>`
      : JSON.stringify({ error: { kind: "busy", message } }),
  );
}

/** Quiet paths: static assets are counted but not logged line by line. */
function quiet(route: string): boolean {
  return route === "/_next/static" || route === "/_next";
}

/**
 * Log lines to stdout, written together once per turn of the event loop: under load one
 * write(2) per request was a tenth of the server's CPU (stdout to a pipe is synchronous).
 * Lines keep their order; whatever is pending is written on exit.
 */
function batchedStdout(): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length) return;
    const text = `${pending.join("\n")}\n`;
    pending = [];
    process.stdout.write(text);
  };
  process.once("exit", flush);
  return (line) => {
    pending.push(line);
    if (pending.length >= 1000) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

export function installHttpHook(opts: HookOptions = {}): void {
  if (g.__sightlineHttpHook) return;
  g.__sightlineHttpHook = true;
  const route = opts.route ?? routeMatcherFromBuild();
  const log = opts.log ?? true;
  const write = opts.write ?? batchedStdout();
  const storage = requestStorage();
  if (opts.maxInFlight !== undefined) setMaxInFlight(opts.maxInFlight);
  if (opts.pages) setPageLimits(opts.pages);
  const adm = admission();
  const pages = pageGate();
  const maxDelay = opts.maxLoopDelayMs ?? 0;
  const loopDelay = opts.loopDelay ?? (maxDelay > 0 ? startLoopDelaySampler().delayMs : () => 0);
  const early = opts.early;
  // Under the hard limit the loop may still be late: then admissions follow an adaptive limit
  // that aims at a fraction of it (loop-delay.ts).
  const inFlightLimit = new InFlightLimit(maxDelay * LATE_FRACTION, performance.now());
  // Later than that target, page renders run one at a time (page-gate.ts).
  if (maxDelay > 0) pages.late = () => loopDelay() > inFlightLimit.targetMs;
  const m = selfMetrics();
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function patched(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event !== "request") return emit.apply(this, [event, ...args]);
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    const start = performance.now();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q >= 0 ? url.slice(0, q) : url;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const r = route(pathname);
      const method = req.method ?? "GET";
      // A client that went away before the answer ended is 499, as nginx logs it.
      const status = res.writableFinished ? res.statusCode : 499;
      const seconds = (performance.now() - start) / 1000;
      m.httpRequests.inc({ route: r, method, status: String(status) });
      m.httpDuration.observe({ route: r, method }, seconds);
      if (log && !quiet(r))
        write(
          JSON.stringify({
            ts: new Date().toISOString(),
            level: status >= 500 ? "error" : status >= 400 && status !== 404 && status !== 499 ? "warn" : "info",
            msg: "request",
            requestId,
            method,
            route: r,
            path: pathname.length > 512 ? `${pathname.slice(0, 512)}…` : pathname,
            status,
            durationMs: Math.round(seconds * 10_000) / 10,
          }),
        );
    };
    res.once("finish", finish);
    res.once("close", finish);
    const proceed = () => {
      admitted(this, event, args, req, res, pathname, requestId);
    };
    // The early answer runs with the request's id (its log line and any error name it).
    if (early && storage.run({ requestId, headersSent: () => res.headersSent }, early, req, res, pathname, proceed))
      return true;
    return admitted(this, event, args, req, res, pathname, requestId);
  } as typeof http.Server.prototype.emit;

  function admitted(
    server: http.Server,
    event: string | symbol,
    args: unknown[],
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
    requestId: string,
  ): boolean {
    // Admission: beyond the cap, or while the event loop runs late, a page or API request is
    // refused at once (503, Retry-After) instead of queueing behind the others, so the server
    // keeps answering within its means.
    if (!exemptFromAdmission(pathname)) {
      if (adm.inFlight >= adm.max) {
        m.requestsShed.inc({ reason: "in_flight" });
        refuse(req, res, {
          message: `Sightline is busy: ${adm.max} requests are being served; try again in a moment`,
          retryAfterS: 1,
        });
        return true;
      }
      if (maxDelay > 0 && adm.inFlight >= SHED_MIN_IN_FLIGHT) {
        const delay = loopDelay();
        const limit = inFlightLimit.at(performance.now(), delay, adm.inFlight);
        const late =
          overloadFor(delay, maxDelay) ??
          (delay > inFlightLimit.targetMs && adm.inFlight >= limit ? limitedFor(delay, limit) : undefined);
        if (late) {
          m.requestsShed.inc({ reason: "loop_delay" });
          refuse(req, res, late);
          return true;
        }
      }
      adm.inFlight++;
      // One pair of listeners ends the request's admission: its count and its render slot (a
      // page fans out to many listeners of its own; Node warns beyond ten on one response).
      let counted = true;
      let releaseSlot: (() => void) | undefined;
      const leave = () => {
        if (!counted) return;
        counted = false;
        adm.inFlight--;
        releaseSlot?.();
      };
      res.once("finish", leave);
      res.once("close", leave);
      if (isPageRequest(req.method, pathname)) {
        const slot = pages.enter();
        if (slot === undefined) {
          m.requestsShed.inc({ reason: "page_queue_full" });
          refuse(req, res, pageBusy(pages, "all render slots are taken and the queue is full"));
          return true;
        }
        if (typeof slot !== "function") {
          void slot.then((release) => {
            // The client left while it waited (its 'close' ended the admission): the slot, if
            // any, goes to the next one and nothing is rendered.
            if (!counted) return release?.();
            if (!release) {
              m.requestsShed.inc({ reason: "page_queue_timeout" });
              refuse(
                req,
                res,
                pageBusy(pages, `no render slot came free within ${pages.limits.queueTimeoutMs / 1000} s`),
              );
              return;
            }
            releaseSlot = release;
            serve(server, event, args, res, requestId);
          });
          return true;
        }
        releaseSlot = slot;
      }
    }
    return serve(server, event, args, res, requestId);
  }

  /** The request handed to the framework, with its context (request id, abort signal, status). */
  function serve(
    server: http.Server,
    event: string | symbol,
    args: unknown[],
    res: http.ServerResponse,
    requestId: string,
  ): boolean {
    // The request's abort signal for server-rendered pages (requestSignal): made on first use.
    let controller: AbortController | undefined;
    let gone = false;
    const goneError = () => new DOMException("the client went away", "AbortError");
    res.once("close", () => {
      if (res.writableFinished) return;
      gone = true;
      controller?.abort(goneError());
    });
    const signal = () => {
      if (!controller) {
        controller = new AbortController();
        // One page fans out to a dozen backend calls, each listening until it ends.
        setMaxListeners(100, controller.signal);
        if (gone) controller.abort(goneError());
      }
      return controller.signal;
    };
    const context: RequestContext = { requestId, headersSent: () => res.headersSent, signal };
    // A page's own status (setResponseStatus), applied when the head goes out (an implicit
    // head — a write without writeHead — goes through writeHead too).
    const writeHead = res.writeHead;
    res.writeHead = function statusAware(this: http.ServerResponse, code: number, ...rest: unknown[]) {
      if (context.status === undefined || code === context.status)
        return (writeHead as (...a: unknown[]) => http.ServerResponse).call(this, code, ...rest);
      const headers = typeof rest[0] === "string" ? rest.slice(1) : rest;
      return (writeHead as (...a: unknown[]) => http.ServerResponse).call(this, context.status, ...headers);
    } as typeof res.writeHead;
    return storage.run(context, () => emit.apply(server, [event, ...args]));
  }
}
