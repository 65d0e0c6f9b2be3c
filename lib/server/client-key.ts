// Who a per-client limit (the live-tail cap) counts. With access control on, the authenticated
// identity (the session's or the proxy's user, or the signed link): two users behind one NAT
// address each get their own share, and one user cannot multiply it by changing address. With
// it off, the client's address: the TCP peer (lib/server/auth/peer.ts), or, only when the peer is
// a proxy the operator trusts (SIGHTLINE_TRUSTED_PROXIES), the nearest address in
// X-Forwarded-For that is not itself a trusted proxy. A client talking to Sightline directly
// cannot choose its bucket by forging X-Forwarded-For.
import { isIP } from "node:net";
import { getConfig } from "../config";
import type { LimitsConfig } from "../limits-config";
import { identityOf } from "./auth/identity";
import { peerAddress } from "./auth/peer";

function normalize(addr: string): string | undefined {
  let a = addr.trim();
  // "[::1]:1234", "1.2.3.4:5678" and "::ffff:1.2.3.4" forms some proxies write.
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracket?.[1]) a = bracket[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : undefined;
}

function trusted(limits: LimitsConfig, addr: string): boolean {
  const fam = isIP(addr);
  return Boolean(limits.trustedProxyList && fam && limits.trustedProxyList.check(addr, fam === 6 ? "ipv6" : "ipv4"));
}

/** The client's address as far as it can be trusted; undefined when the request carries no peer. */
export function clientAddress(headers: Headers, limits: LimitsConfig): string | undefined {
  const peerRaw = peerAddress(headers);
  const peer = peerRaw ? normalize(peerRaw) : undefined;
  if (!peer || !trusted(limits, peer)) return peer;
  // From the right: each hop was appended by the proxy in front of the previous one.
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").slice(-32).reverse();
  let client = peer;
  for (const h of hops) {
    const a = normalize(h);
    if (!a) break; // a garbled entry: stop at the last address a trusted proxy vouched for
    client = a;
    if (!trusted(limits, a)) break;
  }
  return client;
}

/** The per-client key: `id:<identity>` with access control on, else `addr:<address>`. */
export function clientKey(headers: Headers): string {
  const cfg = getConfig();
  if (cfg.auth.mode !== "none") return `id:${identityOf(headers).id}`;
  return `addr:${clientAddress(headers, cfg.limits) ?? "unknown"}`;
}
