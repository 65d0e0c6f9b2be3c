// Runs before every page and API request (Node runtime). Sets framing policy from runtime
// configuration (next.config headers are frozen at build time) and passes theme/embed to
// the root layout, which cannot read search params itself.
import { type NextRequest, NextResponse } from "next/server";
import { getConfig } from "./lib/config";
import { millis } from "./lib/model/time";
import { pageUrlStatus } from "./lib/url/status";

export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  const theme = req.nextUrl.searchParams.get("theme");
  headers.set("x-sightline-theme", theme === "light" || theme === "dark" ? theme : "system");
  const embed = req.nextUrl.searchParams.get("embed") === "1" || req.nextUrl.pathname.startsWith("/embed/");
  headers.set("x-sightline-embed", embed ? "1" : "0");
  headers.set("x-sightline-path", req.nextUrl.pathname + req.nextUrl.search);
  // A link the page cannot read gets its error page with 400, not 200 (lib/url/status).
  const status = pageUrlStatus(req.nextUrl.pathname, req.nextUrl.searchParams, millis(Date.now()));
  const res = NextResponse.next({ request: { headers }, status });
  res.headers.set("Content-Security-Policy", `frame-ancestors ${getConfig().frameAncestors}`);
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
