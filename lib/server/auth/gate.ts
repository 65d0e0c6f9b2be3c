// Authentication, once per request, before any route runs (called from proxy.ts): the Host
// check, then a signed link, a session, the trusted proxy's headers, or nothing (auth off).
// The result is the request's Identity (lib/server/auth/identity.ts) or a response that
// ends the request (401, a redirect to the login, 421 for a foreign Host).
import { createHash, timingSafeEqual } from "node:crypto";
import { type AuthConfig, hostAllowed, PROXY_SECRET_HEADER, sourceAllowed } from "../../auth/config";
import { LINK_PARAM, verifyLink } from "../../auth/link-token";
import { loadPolicy, type Principal, scopeFor } from "../../auth/policy";
import { NOTHING } from "../../auth/selector";
import { LINK_COOKIE, openSession, SESSION_COOKIE, safeReturnTo } from "../../auth/session";
import { ANONYMOUS, type Identity } from "./identity";
import { peerAddress } from "./peer";
import { authPage, escapeHtml } from "./pages";

export interface GateRequest {
  method: string;
  url: URL;
  headers: Headers;
  cookie(name: string): string | undefined;
}

export type GateResult =
  | { kind: "pass"; identity: Identity; setCookies: string[] }
  | { kind: "respond"; response: Response };

const PUBLIC_PREFIXES = ["/auth/", "/_next/"];
// Probes and the metrics scrape carry no container data (route patterns only) and must work
// for orchestrators and Prometheus, which hold no session.
const PUBLIC_PATHS = new Set(["/favicon.ico", "/robots.txt", "/livez", "/readyz", "/metrics"]);

export function isHttps(req: GateRequest, cfg: AuthConfig): boolean {
  if (cfg.publicUrl) return cfg.publicUrl.startsWith("https:");
  return req.url.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

/** Signed links are accepted without a session here (the Grafana embed and alert links). */
export function acceptsLinkToken(path: string): boolean {
  return path.startsWith("/embed/") || path === "/go";
}

/** Who the principal is under the policy file; no file or no rule: nothing (default deny). */
export function principalIdentity(cfg: AuthConfig, via: "proxy" | "oidc", p: Principal): Identity {
  const base = { via, id: p.user, user: p.user, email: p.email, groups: p.groups };
  if (!cfg.policyFile) return { ...base, scope: NOTHING, admin: false };
  try {
    return { ...base, ...scopeFor(loadPolicy(cfg.policyFile), p) };
  } catch (err) {
    console.error(`[sightline] SIGHTLINE_POLICY_FILE: ${(err as Error).message}; denying everything`);
    return { ...base, scope: NOTHING, admin: false };
  }
}

function digestEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

const firstHeader = (h: Headers, names: string[]) => {
  for (const n of names) {
    const v = h.get(n)?.trim();
    if (v) return v;
  }
  return undefined;
};

/** oauth2-proxy and Authelia send "a,b"; Authentik sends "a|b". */
export function splitGroups(v: string | undefined): string[] {
  if (!v) return [];
  return [
    ...new Set(
      v
        .split(/[,|]/)
        .map((g) => g.trim())
        .filter((g) => g && g.length <= 256),
    ),
  ].slice(0, 500);
}

function proxyIdentity(cfg: AuthConfig, req: GateRequest): Identity | string {
  const p = cfg.proxy;
  if (!p) return "proxy mode is not configured";
  if (p.sourceList && !sourceAllowed(p, peerAddress(req.headers))) {
    return "this request did not come from the authenticating proxy's address";
  }
  if (p.secret) {
    const got = req.headers.get(PROXY_SECRET_HEADER);
    if (!got || !digestEqual(got, p.secret)) return `the proxy did not send the shared secret (${PROXY_SECRET_HEADER})`;
  }
  const user = firstHeader(req.headers, p.userHeaders);
  if (!user || user.length > 256) return `the proxy sent no user (${p.userHeaders.join(" or ")})`;
  const email = firstHeader(req.headers, p.emailHeaders);
  const groups = splitGroups(firstHeader(req.headers, p.groupsHeaders));
  return principalIdentity(cfg, "proxy", { user, email: email && email.length <= 256 ? email : undefined, groups });
}

async function sessionIdentity(cfg: AuthConfig, req: GateRequest): Promise<{ identity?: Identity; expired?: boolean }> {
  const raw = req.cookie(SESSION_COOKIE);
  if (!raw || !cfg.sessionKey) return {};
  const s = await openSession(cfg.sessionKey, raw);
  if (!s.ok) return { expired: s.reason === "expired" };
  const id = principalIdentity(cfg, "oidc", { user: s.value.user, email: s.value.email, groups: s.value.groups });
  return { identity: { ...id, id: s.value.user } };
}

async function linkIdentity(cfg: AuthConfig, token: string) {
  const v = await verifyLink(cfg.linkKeys, token);
  if (!v.ok) return { verdict: v };
  const identity: Identity = {
    via: "link",
    id: `link:${v.claims.jti}`,
    user: `link minted by ${v.claims.sub}`,
    groups: [],
    scope: v.claims.scope,
    admin: false,
    expiresAt: v.claims.exp * 1000,
  };
  return { verdict: v, identity };
}

function cookie(name: string, value: string, maxAge: number, secure: boolean): string {
  return `${name}=${value}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAge))}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

const isApi = (path: string) => path.startsWith("/api/");

function unauthorized(
  req: GateRequest,
  title: string,
  detail: string,
  extraHeaders: Record<string, string> = {},
): Response {
  if (isApi(req.url.pathname)) {
    return new Response(JSON.stringify({ error: { kind: "unauthorized", message: `${title}: ${detail}` } }), {
      status: 401,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...extraHeaders },
    });
  }
  return authPage(401, title, `<p>${escapeHtml(detail)}</p>`, extraHeaders);
}

export async function authenticate(cfg: AuthConfig, req: GateRequest): Promise<GateResult> {
  const path = req.url.pathname;
  if (!hostAllowed(cfg.allowedHosts, req.headers.get("host"))) {
    return {
      kind: "respond",
      response: authPage(
        421,
        "This host name is not Sightline's",
        `<p>Sightline answers only to the host names in SIGHTLINE_ALLOWED_HOSTS (today: ${escapeHtml(cfg.allowedHosts.join(", "))}), which keeps other web sites from reaching it through DNS rebinding. Add this name there if it is yours.</p>`,
      ),
    };
  }
  if (cfg.mode === "none") return { kind: "pass", identity: ANONYMOUS, setCookies: [] };
  if (PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p))) {
    return { kind: "pass", identity: { ...ANONYMOUS, scope: NOTHING, admin: false, id: "nobody" }, setCookies: [] };
  }
  const secure = isHttps(req, cfg);

  // 1. A signed link in the URL decides for /embed/… and /go, session or not.
  const token = acceptsLinkToken(path) ? req.url.searchParams.get(LINK_PARAM) : null;
  if (token) {
    const r = await linkIdentity(cfg, token);
    if (!r.identity) {
      const v = r.verdict;
      const body =
        v.ok === false && v.reason === "expired"
          ? {
              title: "This link has expired",
              detail: `It stopped working on ${new Date(v.expiredAt).toISOString().replace("T", " ").slice(0, 19)} UTC. Ask for a new link (Share → link for Grafana / alerts).`,
            }
          : {
              title: "This link is not valid",
              detail: `Sightline refused it: ${v.ok === false && v.reason === "invalid" ? v.detail : "unreadable"}.`,
            };
      return {
        kind: "respond",
        response: unauthorized(req, body.title, body.detail, { "X-Sightline-Link": v.ok ? "ok" : v.reason }),
      };
    }
    // An alert link goes on to the container page and its API calls: they ride on a cookie
    // that lives as long as the link.
    const setCookies =
      path === "/go" ? [cookie(LINK_COOKIE, token, ((r.identity.expiresAt ?? 0) - Date.now()) / 1000, secure)] : [];
    return { kind: "pass", identity: r.identity, setCookies };
  }

  // 2. The user's own identity.
  let expired = false;
  if (cfg.mode === "proxy") {
    const id = proxyIdentity(cfg, req);
    if (typeof id !== "string") return { kind: "pass", identity: id, setCookies: [] };
    const link = await linkCookie(cfg, req);
    if (link) return { kind: "pass", identity: link, setCookies: [] };
    return { kind: "respond", response: unauthorized(req, "Not signed in", id) };
  }
  const s = await sessionIdentity(cfg, req);
  if (s.identity) return { kind: "pass", identity: s.identity, setCookies: [] };
  expired = Boolean(s.expired);
  const link = await linkCookie(cfg, req);
  if (link) return { kind: "pass", identity: link, setCookies: [] };
  if (isApi(path) || req.method !== "GET") {
    return {
      kind: "respond",
      response: unauthorized(req, expired ? "Session expired" : "Not signed in", "sign in again at /auth/login"),
    };
  }
  const back = safeReturnTo(path + req.url.search);
  const login = `/auth/login?returnTo=${encodeURIComponent(back)}${expired ? "&expired=1" : ""}`;
  return {
    kind: "respond",
    // Absolute: Next.js refuses a relative Location from proxy.ts.
    response: new Response(null, {
      status: 303,
      headers: { Location: new URL(login, req.url).href, "Cache-Control": "no-store" },
    }),
  };
}

async function linkCookie(cfg: AuthConfig, req: GateRequest): Promise<Identity | undefined> {
  const raw = req.cookie(LINK_COOKIE);
  if (!raw) return undefined;
  const r = await linkIdentity(cfg, raw);
  return r.identity;
}
