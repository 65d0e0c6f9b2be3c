// A streamed-and-decoded backend answer (HttpRequest.decode: a trace, a trace search) read with
// node:http(s) instead of fetch. At a million spans the body is 300 MB in ~4,600 chunks, and
// undici's fetch spent ~1.5 s of the server's CPU moving them through its web stream
// (fetchParams.controller.resume, extractBody, execute in the 1M-span CPU profile) while the
// decoder waited; node:http hands each socket read to the sink as it is. Compressed answers are
// inflated here as fetch would (zlib runs on the thread pool), and the cap counts inflated bytes.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

/** Kept-alive connections for streamed answers, as fetch keeps its own. */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export interface StreamedAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body, inflated; read it (or destroy it) once. */
  body: Readable;
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(", ") : (v ?? "");
  return h;
}

function inflate(res: IncomingMessage): Readable {
  switch ((res.headers["content-encoding"] ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return res.pipe(zlib.createGunzip());
    case "deflate":
      return res.pipe(zlib.createInflate());
    case "br":
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

/** Send a GET and resolve with its status, headers and (inflated) body stream. */
export function getStreamed(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<StreamedAnswer> {
  const u = new URL(url);
  const secure = u.protocol === "https:";
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      u,
      {
        method: "GET",
        headers: { "Accept-Encoding": "gzip, deflate, br", ...headers },
        agent: secure ? agents.https : agents.http,
        signal,
      },
      (res) => {
        const body = inflate(res);
        if (body !== res) {
          res.on("error", (e) => body.destroy(e));
          body.on("close", () => res.destroy());
        }
        resolve({ status: res.statusCode ?? 0, headers: headersOf(res), body });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Every chunk of `body` to `onChunk`, until its end; rejects on the stream's error. */
export async function eachChunk(body: Readable, onChunk: (c: Buffer) => void): Promise<void> {
  for await (const c of body as AsyncIterable<Buffer>) onChunk(c);
}
