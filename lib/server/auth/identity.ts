// Who is asking, established once per request in proxy.ts (lib/server/auth/gate.ts) and
// handed to routes and server components in a request header that proxy.ts always
// overwrites and that carries an HMAC only this process can make, so a client cannot send
// its own.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getConfig } from "../../config";
import { EVERYTHING, NOTHING, type Scope, scopeSchema } from "../../auth/selector";

export type AuthVia = "none" | "proxy" | "oidc" | "link";

export interface Identity {
  via: AuthVia;
  /** For the audit log: the user, or `link:<token id>`, or `anonymous`. */
  id: string;
  user?: string;
  email?: string;
  groups: string[];
  scope: Scope;
  /** May open the correlation settings. */
  admin: boolean;
  /** Signed link: when it stops working (ms since the epoch). */
  expiresAt?: number;
}

export const IDENTITY_HEADER = "x-sightline-identity";

/** Authentication off (SIGHTLINE_AUTH=none): today's behaviour, everything visible. */
export const ANONYMOUS: Identity = { via: "none", id: "anonymous", groups: [], scope: EVERYTHING, admin: true };
/** No valid identity with authentication on: nothing visible. */
export const NOBODY: Identity = { via: "none", id: "nobody", groups: [], scope: NOTHING, admin: false };

const g = globalThis as typeof globalThis & { __sightlineIdentityKey?: Buffer };
function key(): Buffer {
  g.__sightlineIdentityKey ??= randomBytes(32);
  return g.__sightlineIdentityKey;
}

function mac(body: string): string {
  return createHmac("sha256", key()).update(body).digest("base64url");
}

// Every request is stamped in proxy.ts and read back by its route: both ends remember the
// last few hundred stamps (a stamp is a pure function of the identity and this process's key,
// and a header that verified once verifies again), so a repeated identity costs a map lookup
// instead of an HMAC, a JSON round and a schema check. Expiry is still checked every time.
const MEMO_ENTRIES = 512;
/** Longer keys (an identity with hundreds of groups) are not remembered: memory stays bounded. */
const MEMO_KEY_CHARS = 8192;
const stamps = new Map<string, string>();
const parsed = new Map<string, Identity>();
function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (k.length > MEMO_KEY_CHARS) return v;
  if (m.size >= MEMO_ENTRIES) m.delete(m.keys().next().value as string);
  m.set(k, v);
  return v;
}

export function stampIdentity(headers: Headers, id: Identity): void {
  const json = JSON.stringify(id);
  let stamp = stamps.get(json);
  if (stamp === undefined) {
    const body = Buffer.from(json).toString("base64url");
    stamp = remember(stamps, json, `${body}.${mac(body)}`);
  }
  headers.set(IDENTITY_HEADER, stamp);
}

function parse(v: string | null): Identity | undefined {
  if (!v) return undefined;
  const known = parsed.get(v);
  if (known) return known;
  const id = verify(v);
  return id ? remember(parsed, v, id) : undefined;
}

function verify(v: string): Identity | undefined {
  const i = v.lastIndexOf(".");
  if (i <= 0) return undefined;
  const body = v.slice(0, i);
  const got = Buffer.from(v.slice(i + 1));
  const want = Buffer.from(mac(body));
  if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
  try {
    const o = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Identity;
    const scope = scopeSchema.safeParse(o.scope);
    if (!scope.success || typeof o.id !== "string") return undefined;
    return { ...o, scope: scope.data, groups: Array.isArray(o.groups) ? o.groups : [] };
  } catch {
    return undefined;
  }
}

/**
 * The identity of the request with these headers. With authentication off and no stamp
 * (a unit test calling a handler directly) it is ANONYMOUS; with it on, a missing or
 * forged stamp is NOBODY, who sees nothing.
 */
export function identityOf(headers: Headers): Identity {
  const stamped = parse(headers.get(IDENTITY_HEADER));
  if (stamped) {
    // A link's identity ends with the link, even within a long-lived stream or page.
    if (stamped.expiresAt !== undefined && stamped.expiresAt <= Date.now()) return NOBODY;
    return stamped;
  }
  return getConfig().auth.mode === "none" ? ANONYMOUS : NOBODY;
}

/** Server components: the current request's identity. */
export async function currentIdentity(): Promise<Identity> {
  const { headers } = await import("next/headers");
  return identityOf(await headers());
}
