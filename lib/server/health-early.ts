// GET /api/health answered in the request hook (lib/observe/http-hook.ts `early`), before the
// Next.js pipeline: under load every step of that pipeline waits a full turn of a busy event
// loop, so the health answer took seconds while its own work is a lookup in memory (measured
// in the #13 load bench: 0.6 s median server-side with the loop 0.2 s late). The steps are
// the same as the framework's path — proxy.ts's access control (Host check, authentication,
// identity, cookies, security headers) and app/api/health/route.ts (the shared report, the
// audit line) — with the same functions; anything else (a refusal from the gate, a failed
// check, another method) goes on to Next.js, which answers it the usual way.
import type http from "node:http";
import { NextRequest } from "next/server";
import { accessFor } from "./auth/access";
import { accessControl } from "./auth/proxy-step";
import { checkHealth } from "./health";

export const HEALTH_PATH = "/api/health";

/** Node's request headers as a Fetch Headers (undefined when one is not a valid header). */
function headersOf(req: http.IncomingMessage): Headers | undefined {
  const h = new Headers();
  try {
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) h.append(k, x);
      else h.set(k, v);
    }
  } catch {
    return undefined;
  }
  return h;
}

/** The request as proxy.ts sees it, or undefined when it cannot be built (Next.js answers it). */
export function asNextRequest(req: http.IncomingMessage): NextRequest | undefined {
  const headers = headersOf(req);
  if (!headers) return undefined;
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  try {
    return new NextRequest(`${proto}://${req.headers.host || "localhost"}${req.url ?? "/"}`, { headers });
  } catch {
    return undefined;
  }
}

/** The `early` handler of the request hook: takes GET /api/health, leaves everything else. */
export function answerHealthEarly(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  proceed: () => void,
): boolean {
  if (pathname !== HEALTH_PATH || req.method !== "GET") return false;
  const nreq = asNextRequest(req);
  if (!nreq) return false;
  void healthAnswer(nreq)
    .then((a) => {
      if (!a) return proceed();
      for (const [k, v] of a.headers) res.appendHeader(k, v);
      res.setHeader("Content-Length", Buffer.byteLength(a.body));
      res.writeHead(200);
      res.end(a.body);
    })
    .catch(() => {
      // Nothing sent yet: the framework answers (its error page for a failed check).
      if (!res.headersSent) proceed();
      else res.destroy();
    });
  return true;
}

/** What the framework path would send, or undefined to leave the request to it. */
export async function healthAnswer(
  req: NextRequest,
): Promise<{ headers: [string, string][]; body: string } | undefined> {
  const access = await accessControl(req);
  if (access.response) return undefined;
  const stamped = new Headers(req.headers);
  access.stamp(stamped);
  const report = await checkHealth();
  const body = JSON.stringify(report);
  const out = new Response(null, { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
  access.finish(out);
  accessFor(stamped, HEALTH_PATH, HEALTH_PATH).audit(200);
  const headers: [string, string][] = [];
  out.headers.forEach((v, k) => {
    if (k !== "set-cookie") headers.push([k, v]);
  });
  for (const c of out.headers.getSetCookie()) headers.push(["set-cookie", c]);
  return { headers, body };
}
