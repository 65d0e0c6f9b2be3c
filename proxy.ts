// Runs before every page and API request (Node runtime). Access control first (identity,
// Host check, security headers: lib/server/auth/proxy-step.ts), then framing/theme/embed
// hints for the root layout, which cannot read search params itself.
import { type NextRequest, NextResponse } from "next/server";
import { millis } from "./lib/model/time";
import { accessControl } from "./lib/server/auth/proxy-step";
import { tracePageStatus } from "./lib/server/trace-page-status";
import { pageUrlStatus } from "./lib/url/status";

export async function proxy(req: NextRequest) {
  const access = await accessControl(req);
  if (access.response) return access.response;
  const headers = new Headers(req.headers);
  access.stamp(headers);
  // API routes answer JSON: none of the root layout's hints below apply to them.
  if (req.nextUrl.pathname.startsWith("/api/")) {
    const res = NextResponse.next({ request: { headers } });
    access.finish(res);
    return res;
  }
  const theme = req.nextUrl.searchParams.get("theme");
  headers.set("x-sightline-theme", theme === "light" || theme === "dark" ? theme : "system");
  const embed = req.nextUrl.searchParams.get("embed") === "1" || req.nextUrl.pathname.startsWith("/embed/");
  headers.set("x-sightline-embed", embed ? "1" : "0");
  headers.set("x-sightline-path", req.nextUrl.pathname + req.nextUrl.search);
  // A link the page cannot read gets its error page with 400, not 200 (lib/url/status); a
  // trace the store does not have, its not-found page with 404 (lib/server/trace-page-status).
  const now = millis(Date.now());
  const status =
    pageUrlStatus(req.nextUrl.pathname, req.nextUrl.searchParams, now) ?? (await tracePageStatus(req, headers, now));
  const res = NextResponse.next({ request: { headers }, status });
  access.finish(res);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
