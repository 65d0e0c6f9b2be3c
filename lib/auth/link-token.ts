// Signed links: an expiring token that carries a scope, for /embed/… and /go without a
// session (Grafana's sandboxed Text panel sends no cookies; alert links open cold).
// A JWT (HS256) whose header names the key (`kid`): SIGHTLINE_LINK_KEYS lists several keys,
// the first signs and all verify, so keys rotate without breaking links in flight.
// scripts/sign-link.mjs mints the same format from the command line.
import { randomBytes } from "node:crypto";
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import type { LinkKey } from "./config";
import { type Scope, scopeSchema } from "./selector";

export const LINK_AUDIENCE = "sightline-link";
export const LINK_PARAM = "token";
export const MAX_LINK_TTL_SECONDS = 366 * 24 * 3600;

export interface LinkClaims {
  /** Token id, for the audit log. */
  jti: string;
  /** Who minted it ("cli" from the command line). */
  sub: string;
  exp: number;
  iat: number;
  scope: Scope;
}

export type LinkVerdict =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: "expired"; expiredAt: number; jti?: string }
  | { ok: false; reason: "invalid"; detail: string };

export async function signLink(
  keys: LinkKey[],
  opts: { scope: Scope; ttlSeconds: number; sub: string; now?: number },
): Promise<{ token: string; claims: LinkClaims }> {
  const key = keys[0];
  if (!key) throw new Error("SIGHTLINE_LINK_KEYS is not set: signed links are off");
  const ttl = Math.floor(opts.ttlSeconds);
  if (!(ttl > 0 && ttl <= MAX_LINK_TTL_SECONDS)) throw new Error(`expiry must be between 1 s and 366 days`);
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  const claims: LinkClaims = {
    jti: randomBytes(9).toString("base64url"),
    sub: opts.sub,
    iat,
    exp: iat + ttl,
    scope: scopeSchema.parse(opts.scope),
  };
  const token = await new SignJWT({ scp: claims.scope })
    .setProtectedHeader({ alg: "HS256", kid: key.kid })
    .setAudience(LINK_AUDIENCE)
    .setJti(claims.jti)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(claims.exp)
    .sign(key.secret);
  return { token, claims };
}

/** Signature first, then expiry: a link that is both altered and old is reported as altered. */
export async function verifyLink(keys: LinkKey[], token: string, now?: number): Promise<LinkVerdict> {
  if (token.length > 8192) return { ok: false, reason: "invalid", detail: "the token is too long" };
  let kid: string | undefined;
  try {
    const h = decodeProtectedHeader(token);
    kid = typeof h.kid === "string" ? h.kid : undefined;
    if (h.alg !== "HS256")
      return { ok: false, reason: "invalid", detail: "the token is not signed the way Sightline signs" };
  } catch {
    return { ok: false, reason: "invalid", detail: "the token is not readable (cut short or altered)" };
  }
  const key = keys.find((k) => k.kid === kid);
  if (!key) {
    return {
      ok: false,
      reason: "invalid",
      detail: keys.length
        ? "the token names a signing key this Sightline does not have (altered, or the key was retired)"
        : "signed links are not enabled on this Sightline",
    };
  }
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: ["HS256"],
      audience: LINK_AUDIENCE,
      requiredClaims: ["exp", "jti", "sub", "iat"],
      currentDate: now === undefined ? undefined : new Date(now),
    });
    const scope = scopeSchema.safeParse(payload.scp);
    if (!scope.success) return { ok: false, reason: "invalid", detail: "the token's scope is not readable" };
    return {
      ok: true,
      claims: {
        jti: String(payload.jti),
        sub: String(payload.sub),
        exp: Number(payload.exp),
        iat: Number(payload.iat),
        scope: scope.data,
      },
    };
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      return {
        ok: false,
        reason: "expired",
        expiredAt: Number(err.payload.exp) * 1000,
        jti: typeof err.payload.jti === "string" ? err.payload.jti : undefined,
      };
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, reason: "invalid", detail: "the signature does not match (the link was altered)" };
    }
    return { ok: false, reason: "invalid", detail: `the token was refused (${(err as Error).message})` };
  }
}
