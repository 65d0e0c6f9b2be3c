// OpenID Connect login (authorization code + PKCE) with openid-client v6: discovery once per
// process, the login-state cookie (state, nonce, verifier, return path) sealed with the
// session key, and the session cookie on return.
import * as client from "openid-client";
import type { AuthConfig } from "../../auth/config";
import {
  LINK_COOKIE,
  LOGIN_COOKIE,
  LOGIN_TTL_SECONDS,
  openLogin,
  SESSION_COOKIE,
  safeReturnTo,
  sealLogin,
  sealSession,
} from "../../auth/session";

const g = globalThis as typeof globalThis & {
  __sightlineOidc?: { issuer: string; config: Promise<client.Configuration> };
};

export function oidcConfiguration(cfg: AuthConfig): Promise<client.Configuration> {
  const o = cfg.oidc;
  if (!o) throw new Error("SIGHTLINE_AUTH is not oidc");
  if (g.__sightlineOidc?.issuer === o.issuer) return g.__sightlineOidc.config;
  const insecure = o.issuer.startsWith("http:");
  const config = client
    .discovery(
      new URL(o.issuer),
      o.clientId,
      o.clientSecret ? { client_secret: o.clientSecret } : undefined,
      o.clientSecret ? client.ClientSecretBasic(o.clientSecret) : client.None(),
      { execute: insecure ? [client.allowInsecureRequests] : [], timeout: 10 },
    )
    .catch((err: unknown) => {
      g.__sightlineOidc = undefined;
      throw new Error(`OpenID Provider ${o.issuer} did not answer discovery: ${(err as Error).message}`);
    });
  g.__sightlineOidc = { issuer: o.issuer, config };
  return config;
}

/** Where the browser reaches Sightline: SIGHTLINE_PUBLIC_URL, else this request's origin
 * (the Host header already passed SIGHTLINE_ALLOWED_HOSTS). */
export function originOf(cfg: AuthConfig, req: Request): string {
  if (cfg.publicUrl) return cfg.publicUrl;
  const u = new URL(req.url);
  const proto = req.headers.get("x-forwarded-proto") === "https" ? "https:" : u.protocol;
  const host = req.headers.get("host") ?? u.host;
  return `${proto}//${host}`;
}

export function cookieHeader(name: string, value: string, maxAge: number, secure: boolean, path = "/"): string {
  return `${name}=${value}; Path=${path}; Max-Age=${Math.max(0, Math.floor(maxAge))}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export const isSecure = (origin: string) => origin.startsWith("https:");

export async function beginLogin(cfg: AuthConfig, req: Request): Promise<Response> {
  const o = cfg.oidc!;
  const config = await oidcConfiguration(cfg);
  const origin = originOf(cfg, req);
  const returnTo = safeReturnTo(new URL(req.url).searchParams.get("returnTo"));
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${origin}/auth/callback`,
    scope: o.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const sealed = await sealLogin(cfg.sessionKey!, { state, nonce, verifier, returnTo });
  return new Response(null, {
    status: 303,
    headers: {
      Location: url.href,
      "Cache-Control": "no-store",
      "Set-Cookie": cookieHeader(LOGIN_COOKIE, sealed, LOGIN_TTL_SECONDS, isSecure(origin), "/auth/"),
    },
  });
}

function claimStrings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  if (typeof v === "string") return v.split(/[,\s]+/).filter(Boolean);
  return [];
}

export interface CallbackResult {
  returnTo: string;
  user: string;
  cookies: string[];
}

/** Finish the login: code → tokens (state, nonce, PKCE checked by openid-client), groups from
 * the ID token or, when the provider keeps them there, from userinfo. */
export async function finishLogin(
  cfg: AuthConfig,
  req: Request,
  loginCookie: string | undefined,
): Promise<CallbackResult> {
  const o = cfg.oidc!;
  if (!loginCookie) throw new Error("the login took too long or started elsewhere (no login state); start again");
  const st = await openLogin(cfg.sessionKey!, loginCookie);
  if (!st.ok) throw new Error(`the login state ${st.reason === "expired" ? "expired" : "is not valid"}; start again`);
  const config = await oidcConfiguration(cfg);
  const origin = originOf(cfg, req);
  const redirectUri = `${origin}/auth/callback`;
  const current = new URL(redirectUri);
  current.search = new URL(req.url).search;
  const tokens = await client.authorizationCodeGrant(
    config,
    current,
    {
      pkceCodeVerifier: st.value.verifier,
      expectedState: st.value.state,
      expectedNonce: st.value.nonce,
      idTokenExpected: true,
    },
    { redirect_uri: redirectUri },
  );
  const claims = tokens.claims();
  if (!claims) throw new Error("the provider sent no ID token");
  let info: Record<string, unknown> = claims;
  if (!(o.groupsClaim in claims) || !(claims.preferred_username || claims.email)) {
    const ui = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    info = { ...ui, ...claims };
  }
  const groups = claimStrings(info[o.groupsClaim]).slice(0, 200);
  const user = String(info.preferred_username ?? info.email ?? claims.sub);
  const email = typeof info.email === "string" ? info.email : undefined;
  const exp = Math.floor(Date.now() / 1000) + cfg.sessionTtlSeconds;
  const session = await sealSession(cfg.sessionKey!, {
    sub: claims.sub,
    user,
    email,
    groups,
    exp,
    sid: client.randomState().slice(0, 12),
  });
  const secure = isSecure(origin);
  return {
    returnTo: st.value.returnTo,
    user,
    cookies: [
      cookieHeader(SESSION_COOKIE, session, cfg.sessionTtlSeconds, secure),
      cookieHeader(LOGIN_COOKIE, "", 0, secure, "/auth/"),
      cookieHeader(LINK_COOKIE, "", 0, secure),
    ],
  };
}

/** Clear the session; then the provider's own logout when it has one. */
export async function logout(cfg: AuthConfig, req: Request): Promise<Response> {
  const origin = originOf(cfg, req);
  const secure = isSecure(origin);
  let location = `${origin}/auth/signed-out`;
  try {
    const config = await oidcConfiguration(cfg);
    if (config.serverMetadata().end_session_endpoint) {
      location = client.buildEndSessionUrl(config, {
        client_id: cfg.oidc!.clientId,
        post_logout_redirect_uri: `${origin}/auth/signed-out`,
      }).href;
    }
  } catch {
    // The provider is down: the local session still ends.
  }
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  headers.append("Set-Cookie", cookieHeader(SESSION_COOKIE, "", 0, secure));
  headers.append("Set-Cookie", cookieHeader(LINK_COOKIE, "", 0, secure));
  return new Response(null, { status: 303, headers });
}
