// GET /auth/login?returnTo=/same/origin/path: off to the OpenID Provider.
import { getConfig } from "@/lib/config";
import { beginLogin } from "@/lib/server/auth/oidc";
import { authPage, escapeHtml } from "@/lib/server/auth/pages";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const cfg = getConfig().auth;
  if (cfg.mode !== "oidc") return authPage(404, "No login here", "<p>SIGHTLINE_AUTH is not oidc.</p>");
  try {
    return await beginLogin(cfg, req);
  } catch (err) {
    return authPage(502, "Cannot reach the login provider", `<p>${escapeHtml((err as Error).message)}</p>`);
  }
}
