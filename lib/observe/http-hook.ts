// One place sees every HTTP request the Node server handles, whatever Next does inside:
// Node's http.Server 'request' event. The hook gives each request an id (kept from the
// caller's X-Request-Id when plain, echoed in the response), runs the request inside that
// id's AsyncLocalStorage context, and on finish counts it and writes one JSON log line.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { selfMetrics } from "./metrics";
import { requestIdFrom, requestStorage } from "./request-context";
import { type RouteMatcher, routeMatcherFromBuild } from "./routes";

export interface HookOptions {
  /** Write one JSON line per request (default on; SIGHTLINE_REQUEST_LOG=off turns it off). */
  log?: boolean;
  route?: RouteMatcher;
  write?: (line: string) => void;
}

const g = globalThis as typeof globalThis & { __sightlineHttpHook?: boolean };

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
    return storage.run({ requestId }, () => emit.apply(this, [event, ...args]));
  } as typeof http.Server.prototype.emit;
}
