// node:http ⇄ fetch: turn an IncomingMessage into a Request for MSW's getResponse, and write
// the Response back. Bodies are buffered (exact Content-Length) unless the handler marks the
// response as a stream, which is then piped chunk by chunk until the client goes away.
import { delay } from "./faults";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RequestHandler, getResponse } from "msw";
import { STREAM_HEADER } from "../handlers/engine-http";

export async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) headers.append(k, x);
  }
  const method = req.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(new URL(req.url ?? "/", origin), { method, headers, body, signal });
}

export async function answer(handlers: RequestHandler[], request: Request): Promise<Response> {
  const res = await getResponse(handlers, request);
  return (
    res ??
    new Response("404 page not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } })
  );
}

/** Go's CanonicalMIMEHeaderKey: every backend imitated here is a Go server. */
export function canonicalHeader(k: string): string {
  return k.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
}

function headerList(r: Response, extra: [string, string][] = []): [string, string][] {
  const out: [string, string][] = [];
  r.headers.forEach((v, k) => {
    if (k !== STREAM_HEADER && k !== "content-length" && k !== "transfer-encoding") out.push([canonicalHeader(k), v]);
  });
  return [...out, ...extra];
}

function flat(list: [string, string][]): string[] {
  return list.flat();
}

/**
 * Bodies a handler already has as bytes (a big JSON answer): written as they are. A real
 * backend (Go) serialises straight into the bytes it writes; going through the Response's
 * stream (UTF-8 encoding a string, then copying chunk by chunk) cost the stand-in ~4 copies
 * of a 2.7 MB Loki page per request, a cost no real Loki has.
 */
const prepared = new WeakMap<Response, Buffer>();

/** `r`, whose body is `bytes`: the bridge writes `bytes` without reading `r`'s stream. */
export function withBytes(r: Response, bytes: Buffer): Response {
  prepared.set(r, bytes);
  return r;
}

export async function bodyBytes(r: Response): Promise<Buffer> {
  const ready = prepared.get(r);
  if (ready) {
    await r.body?.cancel();
    return ready;
  }
  return Buffer.from(await r.arrayBuffer());
}

export async function send(
  res: ServerResponse,
  r: Response,
  opts: { head: boolean; truncate?: boolean; stall?: { ms: number; signal: AbortSignal } },
): Promise<void> {
  const live = r.headers.has(STREAM_HEADER) && !opts.truncate;
  if (!live || !r.body) {
    let body = opts.head ? Buffer.alloc(0) : await bodyBytes(r);
    if (opts.truncate) body = body.subarray(0, Math.floor(body.length / 2));
    const len: [string, string][] = opts.head && !opts.truncate ? [] : [["Content-Length", String(body.length)]];
    if (res.destroyed) return;
    res.writeHead(r.status, r.statusText || undefined, flat(headerList(r, len)));
    if (opts.stall && body.length > 1) {
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      await delay(opts.stall.ms, opts.stall.signal);
      if (res.destroyed) return;
      body = body.subarray(half);
    }
    res.end(body);
    return;
  }
  res.writeHead(r.status, r.statusText || undefined, flat(headerList(r)));
  res.flushHeaders();
  const reader = r.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once("close", stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      res.write(value);
    }
  } catch {
    // The stream was cancelled because the client left.
  } finally {
    res.off("close", stop);
    if (!res.destroyed) res.end();
  }
}
