// What proxy.ts calls for access control, kept in one function so proxy.ts stays a list of
// steps: authenticate, stamp the identity on the request, then (on the way out) cookies and
// the security headers.
import type { NextRequest } from "next/server";
import { getConfig } from "../../config";
import { authenticate } from "./gate";
import { IDENTITY_HEADER, stampIdentity } from "./identity";
import { cspFor, newNonce, securityHeaders } from "./security-headers";

export interface AccessStep {
  /** Set: answer with this and stop. */
  response?: Response;
  /** Put the identity on the request headers routes will see (overwriting any client value). */
  stamp(headers: Headers): void;
  /** Cookies and security headers on the response. */
  finish(res: Response): void;
}

export async function accessControl(req: NextRequest): Promise<AccessStep> {
  const cfg = getConfig();
  const gate = await authenticate(cfg.auth, {
    method: req.method,
    url: req.nextUrl,
    headers: req.headers,
    cookie: (n) => req.cookies.get(n)?.value,
  });
  const path = req.nextUrl.pathname;
  if (gate.kind === "respond") {
    securityHeaders(cfg, req, gate.response.headers, { keepCsp: true });
    return { response: gate.response, stamp: () => {}, finish: () => {} };
  }
  const nonce = newNonce();
  return {
    stamp(headers) {
      headers.delete(IDENTITY_HEADER);
      stampIdentity(headers, gate.identity);
      // Next.js takes the nonce for its own scripts from the request's CSP header (pages only:
      // an API route renders no script).
      if (!path.startsWith("/api/")) headers.set("Content-Security-Policy", cspFor(cfg, req.nextUrl, nonce));
    },
    finish(res) {
      for (const c of gate.setCookies) res.headers.append("Set-Cookie", c);
      securityHeaders(cfg, req, res.headers, { keepCsp: false, nonce });
      if (gate.identity.via === "link" && path.startsWith("/embed/")) res.headers.set("Referrer-Policy", "no-referrer");
    },
  };
}
