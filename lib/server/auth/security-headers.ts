// Response headers per route: a full Content-Security-Policy (scripts only with this
// request's nonce, which Next.js reads back from the request's CSP header and puts on its
// own scripts), framing only where embedding is meant to happen, HSTS behind https.
import { randomBytes } from "node:crypto";
import type { NextRequest } from "next/server";
import type { AppConfig } from "../../config";

/** /embed/… (no JavaScript at all) and pages opened with ?embed=1 (the interactive embed). */
export function isEmbedRoute(url: URL): boolean {
  return url.pathname.startsWith("/embed/") || url.searchParams.get("embed") === "1";
}

export function frameAncestorsFor(cfg: AppConfig, url: URL): string {
  if (isEmbedRoute(url) || cfg.auth.frameAllRoutes) return cfg.frameAncestors;
  return "'self'";
}

const dev = process.env.NODE_ENV === "development";

/** Sign-out posts to Sightline, which redirects to the provider's logout: Chromium checks
 * form-action on that redirect too. */
export function formAction(cfg: AppConfig): string {
  const issuer = cfg.auth.oidc?.issuer;
  let extra = "";
  try {
    if (issuer) extra = ` ${new URL(issuer).origin}`;
  } catch {}
  return `form-action 'self'${extra}`;
}

export function cspFor(cfg: AppConfig, url: URL, nonce: string): string {
  const fa = `frame-ancestors ${frameAncestorsFor(cfg, url)}`;
  if (url.pathname.startsWith("/embed/")) {
    // Rendered complete on the server for a sandbox="" iframe: no script runs, no request
    // leaves except its own stylesheet; links open Sightline in a new tab.
    return [
      "default-src 'none'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      fa,
    ].join("; ");
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and ECharts set style attributes; no stylesheet comes from elsewhere.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    formAction(cfg),
    fa,
  ].join("; ");
}

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function securityHeaders(
  cfg: AppConfig,
  req: NextRequest,
  h: Headers,
  opts: { keepCsp: boolean; nonce?: string },
): void {
  if (!opts.keepCsp || !h.has("Content-Security-Policy")) {
    h.set("Content-Security-Policy", cspFor(cfg, req.nextUrl, opts.nonce ?? newNonce()));
  }
  if (!isEmbedRoute(req.nextUrl) && !cfg.auth.frameAllRoutes) h.set("X-Frame-Options", "SAMEORIGIN");
  h.set("X-Content-Type-Options", "nosniff");
  if (!h.has("Referrer-Policy")) h.set("Referrer-Policy", "strict-origin-when-cross-origin");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  const https = cfg.auth.publicUrl
    ? cfg.auth.publicUrl.startsWith("https:")
    : req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  if (https) h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
