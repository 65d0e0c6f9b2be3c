// HTTP(S) to the API server with the cluster's own CA and client certificate (fetch cannot take
// either), bounded bodies, a timeout, and a line-by-line reader for watch streams.
import http from "node:http";
import https from "node:https";
import { BackendError } from "../../model/errors";
import { buildQuery, type HttpRequest } from "../http";
import type { KubeCredentials } from "./credentials";

export interface KubeResponse {
  status: number;
  text: string;
}

export interface KubeConnection {
  creds: KubeCredentials;
  timeoutMs: number;
  maxBytes: number;
}

const agents = new WeakMap<KubeCredentials, http.Agent>();

function agentFor(c: KubeCredentials, isHttps: boolean): http.Agent {
  let a = agents.get(c);
  if (!a) {
    a = isHttps
      ? new https.Agent({
          keepAlive: true,
          maxSockets: 8,
          ca: c.tls.ca,
          cert: c.tls.cert,
          key: c.tls.key,
          rejectUnauthorized: c.tls.rejectUnauthorized,
          servername: c.tls.servername,
        })
      : new http.Agent({ keepAlive: true, maxSockets: 8 });
    agents.set(c, a);
  }
  return a;
}

function describeNetError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === "ECONNREFUSED") return "connection refused";
  if (e?.code === "ENOTFOUND") return "host not found";
  if (e?.code === "ECONNRESET") return "connection reset";
  if (e?.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code)) return `TLS: ${e.message ?? e.code}`;
  return e?.message ?? String(err);
}

interface Open {
  status: number;
  res: http.IncomingMessage;
}

async function open(
  conn: KubeConnection,
  path: string,
  query: HttpRequest["query"],
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Open> {
  const url = new URL(`${conn.creds.server}${path}${buildQuery(query)}`);
  const isHttps = url.protocol === "https:";
  const auth = await conn.creds.authorization();
  const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "sightline" };
  if (auth) headers.Authorization = auth;
  return new Promise<Open>((resolve, reject) => {
    const req = (isHttps ? https : http).request(url, {
      method: "GET",
      headers,
      agent: agentFor(conn.creds, isHttps),
      signal,
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), timeoutMs);
    req.on("response", (res) => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, res });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      if (signal.aborted) return reject(err);
      if ((err as { code?: string }).code === "ETIMEDOUT")
        return reject(
          new BackendError("kubernetes", "timeout", `no answer from ${conn.creds.server} within ${timeoutMs} ms`),
        );
      reject(
        new BackendError("kubernetes", "unreachable", `cannot reach ${conn.creds.server}: ${describeNetError(err)}`, {
          cause: err,
        }),
      );
    });
    req.end();
  });
}

async function readAll(res: http.IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of res) {
    const b = c as Buffer;
    total += b.length;
    if (total > maxBytes) {
      res.destroy();
      throw new BackendError("kubernetes", "too-large", `response exceeds the ${maxBytes}-byte cap`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** GET with a bounded body. */
export async function kubeGet(
  conn: KubeConnection,
  path: string,
  query: HttpRequest["query"],
  signal?: AbortSignal,
): Promise<KubeResponse> {
  const ac = new AbortController();
  const sig = signal ? AbortSignal.any([signal, ac.signal]) : ac.signal;
  const { status, res } = await open(conn, path, query, sig, conn.timeoutMs);
  const timer = setTimeout(() => res.destroy(new Error("body timeout")), conn.timeoutMs);
  try {
    return { status, text: await readAll(res, conn.maxBytes) };
  } catch (err) {
    if (err instanceof BackendError) throw err;
    throw new BackendError("kubernetes", "unreachable", `reading ${path}: ${describeNetError(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

export const MAX_WATCH_LINE_BYTES = 4 * 1024 * 1024;

/**
 * A watch: calls onLine for each newline-delimited JSON event until the server ends the
 * stream, the signal aborts, or nothing (not even a bookmark) arrives for idleMs.
 * Non-200 answers are returned with their (bounded) body instead.
 */
export async function kubeWatch(
  conn: KubeConnection,
  path: string,
  query: HttpRequest["query"],
  onLine: (line: string) => void,
  opts: { signal: AbortSignal; idleMs: number },
): Promise<KubeResponse | undefined> {
  const { status, res } = await open(conn, path, query, opts.signal, conn.timeoutMs);
  if (status !== 200) return { status, text: await readAll(res, conn.maxBytes) };
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => res.destroy(new Error("watch idle")), opts.idleMs);
  };
  arm();
  let buf: Buffer[] = [];
  let bufLen = 0;
  try {
    for await (const c of res) {
      arm();
      let chunk = c as Buffer;
      for (;;) {
        const nl = chunk.indexOf(10);
        if (nl < 0) break;
        const line = Buffer.concat([...buf, chunk.subarray(0, nl)]).toString("utf8");
        buf = [];
        bufLen = 0;
        chunk = chunk.subarray(nl + 1);
        if (line.trim()) onLine(line);
      }
      if (chunk.length) {
        bufLen += chunk.length;
        if (bufLen > MAX_WATCH_LINE_BYTES) {
          res.destroy();
          throw new BackendError("kubernetes", "too-large", `a watch event exceeds ${MAX_WATCH_LINE_BYTES} bytes`);
        }
        buf.push(chunk);
      }
    }
  } catch (err) {
    if (err instanceof BackendError || opts.signal.aborted) throw err;
    throw new BackendError("kubernetes", "unreachable", `watch ${path} broke: ${describeNetError(err)}`, {
      cause: err,
    });
  } finally {
    clearTimeout(idle);
  }
  const rest = Buffer.concat(buf).toString("utf8");
  if (rest.trim()) onLine(rest);
  return undefined;
}
