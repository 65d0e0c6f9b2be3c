// Access-control settings (SIGHTLINE_AUTH and friends), parsed with the rest of the
// configuration so a bad value stops start-up with a message that names the variable.
import { createHash } from "node:crypto";
import { BlockList, isIP } from "node:net";

export type AuthMode = "none" | "proxy" | "oidc";

export interface LinkKey {
  kid: string;
  secret: Uint8Array;
}

export interface ProxyAuthConfig {
  /** Empty when only the shared secret is checked. */
  sources: string[];
  sourceList?: BlockList;
  secret?: string;
  userHeaders: string[];
  emailHeaders: string[];
  groupsHeaders: string[];
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  groupsClaim: string;
  scopes: string;
}

export interface AuthConfig {
  mode: AuthMode;
  proxy?: ProxyAuthConfig;
  oidc?: OidcConfig;
  /** 32-byte key derived from SIGHTLINE_SESSION_SECRET. */
  sessionKey?: Uint8Array;
  sessionTtlSeconds: number;
  /** Origin users reach Sightline at (OIDC redirect URI, HSTS), when configured. */
  publicUrl?: string;
  policyFile?: string;
  /** First signs; all verify. */
  linkKeys: LinkKey[];
  /** Host names (lower case, no port; `*.example.com` and `*` allowed). */
  allowedHosts: string[];
  audit: boolean;
  /** SIGHTLINE_FRAME_ALL_ROUTES=1: SIGHTLINE_FRAME_ANCESTORS applies to every page, not only the embeds. */
  frameAllRoutes: boolean;
}

export const DEFAULT_USER_HEADERS = ["X-Forwarded-User", "Remote-User"];
export const DEFAULT_EMAIL_HEADERS = ["X-Forwarded-Email", "Remote-Email"];
export const DEFAULT_GROUPS_HEADERS = ["X-Forwarded-Groups", "Remote-Groups"];
export const PROXY_SECRET_HEADER = "X-Sightline-Proxy-Secret";
const MIN_SECRET = 32;

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function cidrs(raw: string, errors: string[]): { sources: string[]; list: BlockList } {
  const bl = new BlockList();
  const sources = list(raw);
  for (const s of sources) {
    const [addr = "", bits] = s.split("/");
    const fam = isIP(addr);
    const max = fam === 6 ? 128 : 32;
    const prefix = bits === undefined ? max : Number(bits);
    if (!fam || !/^\d*$/.test(bits ?? "") || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      errors.push(`SIGHTLINE_AUTH_PROXY_SOURCES: ${JSON.stringify(s)} is not an address or CIDR (e.g. 10.0.0.0/8)`);
      continue;
    }
    bl.addSubnet(addr, prefix, fam === 6 ? "ipv6" : "ipv4");
  }
  return { sources, list: bl };
}

function linkKeys(raw: string | undefined, errors: string[]): LinkKey[] {
  const out: LinkKey[] = [];
  for (const entry of list(raw)) {
    const i = entry.indexOf(":");
    const kid = i > 0 ? entry.slice(0, i) : createHash("sha256").update(entry).digest("hex").slice(0, 8);
    const secret = i > 0 ? entry.slice(i + 1) : entry;
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(kid)) {
      errors.push(`SIGHTLINE_LINK_KEYS: key id ${JSON.stringify(kid)} must be 1-32 of A-Z a-z 0-9 _ . -`);
    } else if (secret.length < MIN_SECRET) {
      errors.push(`SIGHTLINE_LINK_KEYS: key ${kid} is shorter than ${MIN_SECRET} characters`);
    } else if (out.some((k) => k.kid === kid)) {
      errors.push(`SIGHTLINE_LINK_KEYS: key id ${kid} appears twice`);
    } else out.push({ kid, secret: new TextEncoder().encode(secret) });
  }
  return out;
}

function hostNames(raw: string | undefined, extra: (string | undefined)[], errors: string[]): string[] {
  if (raw !== undefined) {
    const hosts = list(raw).map((h) => h.toLowerCase());
    for (const h of hosts) {
      if (!/^(\*|(\*\.)?[a-z0-9_.-]+|\[[0-9a-f:.]+\])$/.test(h)) {
        errors.push(
          `SIGHTLINE_ALLOWED_HOSTS: ${JSON.stringify(h)} is not a host name (no scheme or port; *.example.com allowed)`,
        );
      }
    }
    return hosts;
  }
  const hosts = ["localhost", "127.0.0.1", "[::1]"];
  for (const h of extra) {
    if (!h) continue;
    const v = h.toLowerCase();
    if (v === "0.0.0.0" || v === "::" || v === "[::]") continue;
    hosts.push(isIP(v) === 6 ? `[${v}]` : v);
  }
  return [...new Set(hosts)];
}

const bool = (v: string | undefined) => (v === undefined ? undefined : v === "1" || v === "true");

/** Parse the access-control variables; errors are returned (each naming its variable). */
export function parseAuthConfig(env: Record<string, string | undefined>): { config: AuthConfig; errors: string[] } {
  const errors: string[] = [];
  const get = (k: string) => {
    const v = env[k]?.trim();
    return v ? v : undefined;
  };
  const modeRaw = get("SIGHTLINE_AUTH") ?? "none";
  let mode: AuthMode = "none";
  if (modeRaw === "none" || modeRaw === "proxy" || modeRaw === "oidc") mode = modeRaw;
  else errors.push(`SIGHTLINE_AUTH must be none, proxy or oidc, got ${JSON.stringify(modeRaw)}`);

  let publicUrl: string | undefined;
  const pu = get("SIGHTLINE_PUBLIC_URL");
  if (pu) {
    try {
      const u = new URL(pu);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
      publicUrl = u.origin;
    } catch {
      errors.push(`SIGHTLINE_PUBLIC_URL must be an http(s) URL, got ${JSON.stringify(pu)}`);
    }
  }

  const headerList = (name: string, def: string[]) => {
    const v = list(get(name));
    for (const h of v) if (!HEADER_NAME.test(h)) errors.push(`${name}: ${JSON.stringify(h)} is not a header name`);
    return v.length ? v : def;
  };

  let proxy: ProxyAuthConfig | undefined;
  if (mode === "proxy") {
    const src = get("SIGHTLINE_AUTH_PROXY_SOURCES");
    const secret = get("SIGHTLINE_AUTH_PROXY_SECRET");
    const parsed = src ? cidrs(src, errors) : undefined;
    if (!src && !secret) {
      errors.push(
        "SIGHTLINE_AUTH=proxy needs SIGHTLINE_AUTH_PROXY_SOURCES (the proxy's addresses) and/or SIGHTLINE_AUTH_PROXY_SECRET, or anyone could send the identity headers",
      );
    }
    if (secret && secret.length < 16) errors.push("SIGHTLINE_AUTH_PROXY_SECRET is shorter than 16 characters");
    proxy = {
      sources: parsed?.sources ?? [],
      sourceList: parsed?.list,
      secret,
      userHeaders: headerList("SIGHTLINE_AUTH_PROXY_USER_HEADERS", DEFAULT_USER_HEADERS),
      emailHeaders: headerList("SIGHTLINE_AUTH_PROXY_EMAIL_HEADERS", DEFAULT_EMAIL_HEADERS),
      groupsHeaders: headerList("SIGHTLINE_AUTH_PROXY_GROUPS_HEADERS", DEFAULT_GROUPS_HEADERS),
    };
  }

  let oidc: OidcConfig | undefined;
  if (mode === "oidc") {
    const issuer = get("SIGHTLINE_OIDC_ISSUER");
    const clientId = get("SIGHTLINE_OIDC_CLIENT_ID");
    if (!issuer) errors.push("SIGHTLINE_AUTH=oidc needs SIGHTLINE_OIDC_ISSUER");
    else {
      try {
        const u = new URL(issuer);
        if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error();
      } catch {
        errors.push(`SIGHTLINE_OIDC_ISSUER must be an http(s) URL, got ${JSON.stringify(issuer)}`);
      }
    }
    if (!clientId) errors.push("SIGHTLINE_AUTH=oidc needs SIGHTLINE_OIDC_CLIENT_ID");
    if (!get("SIGHTLINE_SESSION_SECRET")) errors.push("SIGHTLINE_AUTH=oidc needs SIGHTLINE_SESSION_SECRET");
    oidc = {
      issuer: issuer ?? "",
      clientId: clientId ?? "",
      clientSecret: get("SIGHTLINE_OIDC_CLIENT_SECRET"),
      groupsClaim: get("SIGHTLINE_OIDC_GROUPS_CLAIM") ?? "groups",
      scopes: get("SIGHTLINE_OIDC_SCOPES") ?? "openid profile email",
    };
  }

  let sessionKey: Uint8Array | undefined;
  const ss = get("SIGHTLINE_SESSION_SECRET");
  if (ss) {
    if (ss.length < MIN_SECRET) errors.push(`SIGHTLINE_SESSION_SECRET is shorter than ${MIN_SECRET} characters`);
    sessionKey = new Uint8Array(createHash("sha256").update(`sightline-session\0${ss}`).digest());
  }
  let sessionTtlSeconds = 12 * 3600;
  const ttl = get("SIGHTLINE_SESSION_HOURS");
  if (ttl) {
    const n = Number(ttl);
    if (!Number.isFinite(n) || n <= 0 || n > 24 * 90) {
      errors.push(`SIGHTLINE_SESSION_HOURS must be a number of hours between 0 and 2160, got ${JSON.stringify(ttl)}`);
    } else sessionTtlSeconds = Math.round(n * 3600);
  }

  const audit = bool(get("SIGHTLINE_AUDIT_LOG"));
  if (get("SIGHTLINE_AUDIT_LOG") && !["0", "1", "true", "false"].includes(get("SIGHTLINE_AUDIT_LOG") ?? "")) {
    errors.push("SIGHTLINE_AUDIT_LOG must be 0 or 1");
  }
  const fr = get("SIGHTLINE_FRAME_ALL_ROUTES");
  if (fr && !["0", "1", "true", "false"].includes(fr)) errors.push("SIGHTLINE_FRAME_ALL_ROUTES must be 0 or 1");
  const host = get("HOST");
  return {
    errors,
    config: {
      mode,
      proxy,
      oidc,
      sessionKey,
      sessionTtlSeconds,
      publicUrl,
      policyFile: get("SIGHTLINE_POLICY_FILE"),
      linkKeys: linkKeys(get("SIGHTLINE_LINK_KEYS"), errors),
      allowedHosts: hostNames(get("SIGHTLINE_ALLOWED_HOSTS"), [host, publicUrl && new URL(publicUrl).hostname], errors),
      audit: audit ?? mode !== "none",
      frameAllRoutes: bool(fr) ?? false,
    },
  };
}

/** Is `host` (a Host header value) on the allow-list? */
export function hostAllowed(allowed: string[], hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  let h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) h = h.slice(0, h.indexOf("]") + 1);
  else h = h.replace(/:\d+$/, "");
  h = h.replace(/\.$/, "");
  for (const a of allowed) {
    if (a === "*" || a === h) return true;
    if (a.startsWith("*.") && h.endsWith(a.slice(1)) && h.length > a.length - 1) return true;
  }
  return false;
}

/** Is `addr` (the peer's address) one of the proxy's? IPv4-mapped IPv6 counts as IPv4. */
export function sourceAllowed(cfg: ProxyAuthConfig, addr: string | undefined): boolean {
  if (!cfg.sourceList) return true;
  if (!addr) return false;
  const a = addr.startsWith("::ffff:") && isIP(addr.slice(7)) === 4 ? addr.slice(7) : addr;
  const fam = isIP(a);
  if (!fam) return false;
  return cfg.sourceList.check(a, fam === 6 ? "ipv6" : "ipv4");
}
