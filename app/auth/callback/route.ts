// GET /auth/callback: the OpenID Provider sends the browser back here with a code.
import { cookies } from "next/headers";
import { LOGIN_COOKIE } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { NOBODY } from "@/lib/server/auth/identity";
import { auditLine } from "@/lib/server/auth/access";
import { finishLogin, originOf } from "@/lib/server/auth/oidc";
import { authPage, escapeHtml } from "@/lib/server/auth/pages";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const cfg = getConfig().auth;
  if (cfg.mode !== "oidc") return authPage(404, "No login here", "<p>SIGHTLINE_AUTH is not oidc.</p>");
  const sp = new URL(req.url).searchParams;
  if (sp.get("error")) {
    return authPage(
      401,
      "The login provider refused",
      `<p>${escapeHtml(`${sp.get("error")}: ${sp.get("error_description") ?? ""}`)}</p><p><a href="/auth/login">Try again</a></p>`,
    );
  }
  try {
    const r = await finishLogin(cfg, req, (await cookies()).get(LOGIN_COOKIE)?.value);
    auditLine({ identity: { ...NOBODY, id: r.user, via: "oidc" }, route: "/auth/callback", outcome: "login" });
    const headers = new Headers({
      Location: new URL(r.returnTo, originOf(cfg, req)).href,
      "Cache-Control": "no-store",
    });
    for (const c of r.cookies) headers.append("Set-Cookie", c);
    return new Response(null, { status: 303, headers });
  } catch (err) {
    return authPage(
      401,
      "Sign-in did not complete",
      `<p>${escapeHtml((err as Error).message)}</p><p><a href="/auth/login">Sign in again</a></p>`,
    );
  }
}
