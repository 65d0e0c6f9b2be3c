// The TCP peer's address, which Next.js does not give to proxy.ts or route handlers (its
// x-forwarded-for keeps whatever the client sent). instrumentation.ts installs a hook on
// Node's HTTP server that writes the socket's address into a request header, prefixed with
// a per-process nonce, before Next.js sees the request; a client cannot forge the nonce.
import { randomBytes } from "node:crypto";
import http from "node:http";

export const PEER_HEADER = "x-sightline-peer";

const g = globalThis as typeof globalThis & { __sightlinePeerNonce?: string; __sightlinePeerHook?: boolean };

function nonce(): string {
  g.__sightlinePeerNonce ??= randomBytes(16).toString("hex");
  return g.__sightlinePeerNonce;
}

/** Patch http.Server so every request carries its real peer address. Idempotent. */
export function installPeerAddressHook(): void {
  if (g.__sightlinePeerHook) return;
  g.__sightlinePeerHook = true;
  const n = nonce();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function patched(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = `${n};${req.socket?.remoteAddress ?? ""}`;
    }
    return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
}

/** The peer address stamped by the hook, or undefined when the hook did not stamp this request. */
export function peerAddress(headers: Headers): string | undefined {
  const v = headers.get(PEER_HEADER);
  if (!v || !g.__sightlinePeerNonce) return undefined;
  const i = v.indexOf(";");
  if (i < 0 || v.slice(0, i) !== g.__sightlinePeerNonce) return undefined;
  return v.slice(i + 1) || undefined;
}

/** Tests: stamp a Headers object as the hook would. */
export function stampPeerForTests(headers: Headers, addr: string): void {
  headers.set(PEER_HEADER, `${nonce()};${addr}`);
}
