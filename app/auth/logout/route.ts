// POST /auth/logout (the top bar's form): end the session, then the provider's.
import { getConfig } from "@/lib/config";
import { logout } from "@/lib/server/auth/oidc";
import { authPage } from "@/lib/server/auth/pages";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const cfg = getConfig().auth;
  const origin = req.headers.get("origin");
  // Another site cannot sign users out (the browser sends Origin on every form POST).
  if (origin && new URL(origin).host !== req.headers.get("host")) {
    return authPage(403, "Refused", "<p>Sign-out must come from Sightline's own page.</p>");
  }
  if (cfg.mode !== "oidc") return authPage(404, "No session here", "<p>SIGHTLINE_AUTH is not oidc.</p>");
  return logout(cfg, req);
}

/** A plain link to /auth/logout shows a button rather than signing out on a GET. */
export async function GET() {
  return authPage(
    200,
    "Sign out of Sightline?",
    '<form method="post" action="/auth/logout"><button type="submit" data-testid="logout-confirm">Sign out</button></form>',
  );
}
