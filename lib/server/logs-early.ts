// GET /api/containers/{ref}/logs answered in the request hook (lib/observe/http-hook.ts
// `early`) when its answer is already kept (lib/server/logs-cache.ts): Next.js's pipeline costs
// ~1.8 ms of CPU per request even for a handler that does nothing, more than twice the work of
// sending a kept answer (#15: ≥ 1,000 req/s for a repeated logs request). It serves only what
// the framework path would send, with the same functions in the same order:
//   proxy.ts            access control (Host check, authentication, identity, cookies, security headers)
//   container-route.ts  the container resolved within the caller's scope, the audit line
//   logs/route.ts       the parameters (logsParams), the kept answer, its status and headers
//   router-server.js    Next's compression middleware (Vary, gzip/deflate for a client that asks)
// Anything else — a refusal at any step, a container out of scope or unknown, a bad parameter,
// an answer not kept or no longer fresh, an error, a request shape the framework might treat
// differently — goes on to Next.js, which answers it the usual way (its status, its body).
import type http from "node:http";
import compression from "next/dist/compiled/compression";
import type { NextRequest } from "next/server";
import { decodePathSegment } from "../url/links";
import { accessFor } from "./auth/access";
import { accessControl } from "./auth/proxy-step";
import { getBackends } from "./backends";
import { asNextRequest } from "./health-early";
import { keptAnswer, logsAnswerHead, logsAnswerKey } from "./logs-cache";
import { logsParams, logsRequestOf } from "./logs-params";
import { parseParams } from "./params";

export const LOGS_ROUTE = "/api/containers/[ref]/logs";

/**
 * A ref the fast path takes: plain characters only, so Next's routing and the route's
 * decodePathSegment see the same text (anything encoded, `.`/`..`, or unusual goes to Next).
 */
const LOGS_PATH = /^\/api\/containers\/([A-Za-z0-9_.:@~-]{1,253})\/logs$/;

/** The logs API's query parameters: a request with any other goes to Next. */
const PARAMS = new Set(["from", "to", "q", "qmode", "traceId", "spanId", "before", "limit"]);

/** Request headers Next.js itself reads (RSC, router state, actions, middleware): those go to Next. */
const FRAMEWORK_HEADER = /^(rsc|next-|x-middleware-|x-nextjs-|x-invoke-|x-now-|x-vercel-|purpose$)/;

/**
 * The Vary Next.js puts on every App Router answer, route handlers included (its compression
 * middleware then appends Accept-Encoding to a compressible one).
 */
export const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

/** Next's own compression middleware, with Next's options (none: the defaults). */
const compress = compression();

/** The ref in the path when the request is one the fast path may take, else undefined. */
export function logsEarlyRef(req: http.IncomingMessage, pathname: string): string | undefined {
  if (req.method !== "GET") return undefined;
  const url = req.url ?? "";
  if (!url.startsWith("/")) return undefined;
  const m = LOGS_PATH.exec(pathname);
  const ref = m?.[1];
  if (!ref || ref === "." || ref === "..") return undefined;
  for (const name of Object.keys(req.headers)) if (FRAMEWORK_HEADER.test(name)) return undefined;
  const q = url.indexOf("?");
  if (q >= 0) {
    const query = url.slice(q + 1);
    if (query.includes("#")) return undefined;
    for (const key of new URLSearchParams(query).keys()) if (!PARAMS.has(key)) return undefined;
  }
  return ref;
}

export interface EarlyAnswer {
  status: 200 | 304;
  /** In order; set-cookie last, one entry per cookie. */
  headers: [string, string][];
  body: Uint8Array | null;
}

/**
 * What the framework path answers when it is a kept answer; `{ miss: key }` when the answer
 * would be kept but is not (yet); undefined to leave the request to the framework. Side
 * effects are those of the framework path: the audit line.
 */
export async function logsEarlyAnswer(
  req: NextRequest,
  ref: string,
  signal?: AbortSignal,
): Promise<EarlyAnswer | { miss: string } | undefined> {
  // proxy.ts
  const access = await accessControl(req);
  if (access.response) return undefined;
  const stamped = new Headers(req.headers);
  access.stamp(stamped);
  // container-route.ts: the caller's scope; outside it the container is not found (404 there).
  const pathname = req.nextUrl.pathname;
  const scoped = accessFor(stamped, LOGS_ROUTE, pathname);
  const p = parseParams(logsParams, req.nextUrl.searchParams);
  if (!p.ok) return undefined;
  const r = await scoped.resolve(decodePathSegment(ref), signal);
  if (!r.container) return undefined;
  // logs/route.ts: only an answer already kept and still fresh, or the one being made for an
  // identical request (which the route would join); nothing is fetched here.
  const key = await logsAnswerKey(await getBackends(), r.container, logsRequestOf(p.value));
  if (key === undefined) return undefined;
  const a = await keptAnswer(key, signal);
  if (!a) return { miss: key };
  const head = logsAnswerHead(a, stamped.get("if-none-match"));
  // In Next's order: proxy.ts's headers, the framework's Vary, then the route's (a Response's
  // headers, lower case, sorted).
  const mw = new Response(null);
  access.finish(mw);
  scoped.audit(head.status, r.container.name);
  const headers: [string, string][] = [];
  mw.headers.forEach((v, k) => {
    if (k !== "set-cookie") headers.push([k, v]);
  });
  for (const c of mw.headers.getSetCookie()) headers.push(["set-cookie", c]);
  headers.push(["vary", NEXT_VARY]);
  new Headers(head.headers).forEach((v, k) => {
    headers.push([k, v]);
  });
  return { status: head.status, headers, body: head.status === 304 ? null : a.body };
}

/** Requests handed on to Next to make an answer that will be kept, by the answer's key. */
const handedOn = new Map<string, Promise<void>>();

/**
 * The answer to send, or undefined to hand the request on. When the answer would be kept but
 * is not, the first such request goes on to Next (which makes and keeps it) and identical
 * requests arriving meanwhile wait for that one to finish, then take the kept answer — instead
 * of all crowding into Next at once each time an answer expires (where load shedding refused
 * some). Whatever is still not kept then goes on to Next as well.
 */
async function earlyOrHandOff(
  nreq: NextRequest,
  ref: string,
  res: http.ServerResponse,
  signal: AbortSignal,
): Promise<EarlyAnswer | undefined> {
  const a = await logsEarlyAnswer(nreq, ref, signal);
  if (!a || !("miss" in a)) return a;
  const pending = handedOn.get(a.miss);
  if (!pending) {
    const key = a.miss;
    const done = new Promise<void>((resolve) => {
      const end = () => {
        if (handedOn.get(key) === done) handedOn.delete(key);
        resolve();
      };
      // 'close' follows the end of an answer and an abort alike. Next adds its own listeners to
      // this response; one more is expected, not a leak.
      res.setMaxListeners(res.getMaxListeners() + 1);
      res.once("close", end);
    });
    handedOn.set(key, done);
    return undefined;
  }
  await pending;
  const again = await logsEarlyAnswer(nreq, ref, signal);
  return again && !("miss" in again) ? again : undefined;
}

/** The `early` handler of the request hook: takes a logs request whose answer is kept. */
export function answerLogsEarly(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  proceed: () => void,
): boolean {
  const ref = logsEarlyRef(req, pathname);
  if (ref === undefined) return false;
  const nreq = asNextRequest(req);
  if (!nreq) return false;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  res.once("close", onClose);
  void earlyOrHandOff(nreq, ref, res, gone.signal)
    .then((a) => {
      res.off("close", onClose);
      if (res.destroyed) return;
      if (!a) return proceed();
      compress(req, res, () => {});
      for (const [k, v] of a.headers) res.appendHeader(k, v);
      res.statusCode = a.status;
      // Written as Next.js writes a route's body: one chunk, then the end.
      if (a.body) res.write(a.body);
      res.end();
    })
    .catch(() => {
      res.off("close", onClose);
      // Nothing sent yet: the framework answers (its error answer, from the route's own path).
      if (!res.headersSent && !res.destroyed) proceed();
      else res.destroy();
    });
  return true;
}
