// The OIDC session cookie and the short-lived login-state cookie: JWTs encrypted with a
// key derived from SIGHTLINE_SESSION_SECRET (dir + A256GCM), so the browser holds them but
// can neither read nor change them.
import { EncryptJWT, errors, jwtDecrypt } from "jose";

export const SESSION_COOKIE = "sightline_session";
export const LOGIN_COOKIE = "sightline_login";
export const LINK_COOKIE = "sightline_link";
const SESSION_AUD = "sightline-session";
const LOGIN_AUD = "sightline-login";
export const LOGIN_TTL_SECONDS = 600;

export interface SessionClaims {
  sub: string;
  user: string;
  email?: string;
  groups: string[];
  /** Seconds since the epoch. */
  exp: number;
  sid: string;
}

export interface LoginState {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

async function seal(key: Uint8Array, aud: string, payload: Record<string, unknown>, exp: number): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(exp)
    .encrypt(key);
}

export type Opened<T> = { ok: true; value: T } | { ok: false; reason: "expired" | "invalid" };

async function open(key: Uint8Array, aud: string, token: string): Promise<Opened<Record<string, unknown>>> {
  try {
    const { payload } = await jwtDecrypt(token, key, { audience: aud, requiredClaims: ["exp"] });
    return { ok: true, value: payload as Record<string, unknown> };
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

export function sealSession(key: Uint8Array, s: SessionClaims): Promise<string> {
  return seal(key, SESSION_AUD, { sub: s.sub, user: s.user, email: s.email, groups: s.groups, sid: s.sid }, s.exp);
}

export async function openSession(key: Uint8Array, token: string): Promise<Opened<SessionClaims>> {
  const r = await open(key, SESSION_AUD, token);
  if (!r.ok) return r;
  const p = r.value;
  if (typeof p.sub !== "string" || typeof p.user !== "string" || !Array.isArray(p.groups)) {
    return { ok: false, reason: "invalid" };
  }
  return {
    ok: true,
    value: {
      sub: p.sub,
      user: p.user,
      email: typeof p.email === "string" ? p.email : undefined,
      groups: p.groups.filter((g): g is string => typeof g === "string"),
      exp: Number(p.exp),
      sid: typeof p.sid === "string" ? p.sid : "",
    },
  };
}

export function sealLogin(key: Uint8Array, s: LoginState): Promise<string> {
  return seal(key, LOGIN_AUD, { ...s }, Math.floor(Date.now() / 1000) + LOGIN_TTL_SECONDS);
}

export async function openLogin(key: Uint8Array, token: string): Promise<Opened<LoginState>> {
  const r = await open(key, LOGIN_AUD, token);
  if (!r.ok) return r;
  const p = r.value;
  if ([p.state, p.nonce, p.verifier, p.returnTo].some((v) => typeof v !== "string"))
    return { ok: false, reason: "invalid" };
  return { ok: true, value: p as unknown as LoginState };
}

/**
 * A same-origin path to return to after login, or "/". Only a path that starts with one
 * "/" and no backslash or control characters: "//evil", "/\\evil", "https://evil" are refused.
 */
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || raw.length > 4000) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return "/";
  try {
    const u = new URL(raw, "http://sightline.invalid");
    if (u.origin !== "http://sightline.invalid") return "/";
    if (u.pathname.startsWith("/auth/")) return "/";
    return u.pathname + u.search + u.hash;
  } catch {
    return "/";
  }
}
