// The one transport every adapter uses: timeout, response-size cap, auth headers, and
// errors that name the backend. Unix sockets (Docker/Podman) go through node:http.
import http from "node:http";
import { performance as nodePerformance } from "node:perf_hooks";
import type { BackendAuth } from "../config";
import { BackendError, type BackendName } from "../model/errors";
import { operationOf, outcomeOf, selfMetrics } from "../observe/metrics";
import { currentRequestId } from "../observe/request-context";
import { Utf8Text } from "../utf8";
import { coalesce, governorFor } from "./governor";
import { eachChunk, getStreamed, type StreamedAnswer } from "./http-stream";
import { traceMark } from "../trace-timing";

export interface Transport {
  backend: BackendName;
  /** http(s) base URL, or "http://d" when socketPath is set. */
  baseUrl: string;
  socketPath?: string;
  timeoutMs: number;
  maxBytes: number;
  /** Cap on a streamed-and-decoded body (traces, see HttpRequest.decode); default maxBytes. */
  maxTraceBytes?: number;
  auth?: BackendAuth;
}

/** Receives a body chunk by chunk as it arrives; end() returns the decoded value. */
export interface BodySink<T> {
  push(chunk: Uint8Array): void;
  end(): T;
}

export interface DecodeSpec<T> {
  /** Tells apart coalesced calls that decode differently (part of the sharing key). */
  key: string;
  /** `bytes`: the body's Content-Length when the answer gives one (a sink may size its buffers). */
  sink: (bytes?: number) => BodySink<T>;
  /** "trace": the transport's maxTraceBytes (one trace by ID); otherwise maxBytes, as for any answer. */
  cap?: "trace";
}

export interface HttpRequest {
  method?: "GET" | "POST" | "HEAD";
  path: string;
  query?: Record<string, string | number | boolean | undefined | (string | number)[]>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the transport's timeout (e.g. long-poll events). */
  timeoutMs?: number;
  /** Skips the per-backend slot limit: cheap health checks, which must show the backend, not our queue. */
  priority?: boolean;
  /**
   * Decode a 2xx body as it streams in (never held whole), capped by maxBytes, or by the
   * transport's maxTraceBytes for one trace (decode.cap); the result is HttpResponse.value and
   * text is "". Other statuses are read as text, as usual.
   */
  decode?: DecodeSpec<unknown>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The decoded body, with HttpRequest.decode and a 2xx status. */
  value?: unknown;
}

export function buildQuery(q: HttpRequest["query"]): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function authHeaders(auth: BackendAuth | undefined): Record<string, string> {
  const h: Record<string, string> = { ...(auth?.headers ?? {}) };
  if (auth?.bearerToken) h.Authorization = `Bearer ${auth.bearerToken}`;
  else if (auth?.basicAuth)
    h.Authorization = `Basic ${Buffer.from(`${auth.basicAuth.user}:${auth.basicAuth.password}`).toString("base64")}`;
  return h;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOENT") return "socket not found";
  if (code === "ENOTFOUND") return "host not found";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  return e?.cause?.message ?? e?.message ?? String(err);
}

/**
 * One backend call, governed and measured: identical concurrent calls share one request
 * (lib/backends/governor), and each backend endpoint runs a bounded number at once, the rest
 * wait in a bounded queue or fail "busy" (503). Long polls (own timeout) bypass the slot
 * limit. Every call is timed by backend, operation and outcome for /metrics.
 */
const failures = (globalThis as typeof globalThis & { __sightlineBackendFailures?: { count: number } })
  .__sightlineBackendFailures ?? { count: 0 };
(globalThis as typeof globalThis & { __sightlineBackendFailures?: { count: number } }).__sightlineBackendFailures =
  failures;
/**
 * How many backend calls have failed since start (any backend; unreachable, timed out, busy or
 * 5xx: not a 4xx, not the caller's abort). What remembers a recent health check compares it: a failure seen anywhere makes the
 * next check fresh.
 */
export const backendFailureCount = (): number => failures.count;

export async function request(t: Transport, req: HttpRequest): Promise<HttpResponse> {
  const start = performance.now();
  let status: number | undefined;
  let kind: string | undefined;
  try {
    const res = await governed(t, req);
    status = res.status;
    return res;
  } catch (err) {
    kind = err instanceof BackendError ? err.kind : req.signal?.aborted ? "aborted" : "error";
    throw err;
  } finally {
    const outcome = outcomeOf(status, kind);
    if (outcome !== "ok" && outcome !== "http_4xx" && outcome !== "aborted") failures.count++;
    selfMetrics().backendDuration.observe(
      { backend: t.backend, operation: operationOf(req.path), outcome },
      (performance.now() - start) / 1000,
    );
  }
}

function governed(t: Transport, req: HttpRequest): Promise<HttpResponse> {
  const endpoint = t.socketPath ?? t.baseUrl;
  const url = `${t.baseUrl}${req.path}${buildQuery(req.query)}`;
  const longPoll = req.timeoutMs !== undefined && req.timeoutMs > t.timeoutMs;
  const key = JSON.stringify([
    t.backend,
    endpoint,
    req.method ?? "",
    url,
    req.form ?? null,
    req.headers ?? null,
    req.decode?.key ?? null,
  ]);
  return coalesce(key, req.signal, async (signal) => {
    if (longPoll || req.priority) return send(t, req, signal);
    const release = await governorFor(t.backend, endpoint).acquire(signal);
    try {
      return await send(t, req, signal);
    } finally {
      release();
    }
  });
}

async function send(t: Transport, req: HttpRequest, callerSignal: AbortSignal): Promise<HttpResponse> {
  const timeoutMs = req.timeoutMs ?? t.timeoutMs;
  // A streamed body may take longer than the timeout to arrive (a million spans): its
  // timeout is for silence, restarted by every chunk.
  const idle = req.decode ? idleTimeout(timeoutMs) : undefined;
  const timeout = idle ?? idleTimeout(timeoutMs);
  const call = callSignal(callerSignal, timeout.signal);
  const signal = call.signal;
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders(t.auth), ...req.headers };
  // The id of the user's request travels to the backend, so its logs can be matched to ours.
  const requestId = currentRequestId();
  if (requestId) headers["X-Request-Id"] = requestId;
  let body: string | undefined;
  if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  const url = `${t.baseUrl}${req.path}${buildQuery(req.query)}`;
  const method = req.method ?? (body ? "POST" : "GET");
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        if (t.socketPath) {
          const r = await viaSocket(t, url, method, headers, body, signal);
          if (!req.decode || r.status < 200 || r.status > 299) return r;
          const sink = req.decode.sink();
          sink.push(Buffer.from(r.text, "utf8"));
          return { ...r, text: "", value: sink.end() };
        }
        if (req.decode && method === "GET") {
          // A streamed answer (a trace: up to hundreds of MB) goes through node:http, see http-stream.ts.
          const a = await getStreamed(url, headers, signal);
          traceMark("headers");
          if (a.status >= 200 && a.status <= 299) {
            const value = await readDecodedStream(t, a, req.decode, idle?.touch);
            return { status: a.status, headers: a.headers, text: "", value };
          }
          const text = await readCappedStream(t, a);
          return { status: a.status, headers: a.headers, text };
        }
        // keepalive on a GET: Next.js wraps fetch (dedupe-fetch) and, during a render, tees
        // every GET response and keeps the unread copy until the request ends, so a 300 MB
        // trace body was held twice and every chunk copied through the tee (+4 s at a million
        // spans). It passes keepalive requests through untouched; a GET has no body, so
        // keepalive changes nothing else. Sightline caches what it needs itself.
        const res = await fetch(url, { method, headers, body, signal, keepalive: body === undefined });
        const resHeaders = Object.fromEntries(res.headers.entries());
        const text = await readCapped(t, res);
        return { status: res.status, headers: resHeaders, text };
      } catch (err) {
        if (err instanceof BackendError) throw err;
        if (callerSignal.aborted) throw err; // every caller cancelled: not a backend failure
        if (timeout.signal.aborted)
          throw new BackendError(
            t.backend,
            "timeout",
            idle?.streaming() ? `the answer stalled: no data for ${timeoutMs} ms` : `no answer within ${timeoutMs} ms`,
            { cause: err },
          );
        // A kept-alive connection the backend closed just as we reused it (its idle timeout) is
        // reset; a read-only request is sent once more, on a fresh connection.
        if (attempt === 1 && (method === "GET" || method === "HEAD") && describe(err) === "connection reset") continue;
        throw new BackendError(t.backend, "unreachable", `cannot reach ${displayUrl(t)}: ${describe(err)}`, {
          cause: err,
        });
      }
    }
  } finally {
    timeout.stop();
    call.dispose();
  }
}

/**
 * The call's signal: aborted by the caller or the timeout, and released when the call ends.
 * (AbortSignal.any with AbortSignal.timeout kept every call's signals reachable until its
 * timeout would have fired — 15 s of backend calls under load, most of the heap's growth in
 * the #13 load bench's sampling profile — whatever happened to the call.)
 */
function callSignal(caller: AbortSignal, timeout: AbortSignal) {
  const controller = new AbortController();
  const sources = [caller, timeout];
  const onAbort = function (this: AbortSignal) {
    controller.abort(this.reason);
  };
  for (const s of sources) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener("abort", onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of sources) s.removeEventListener("abort", onAbort);
    },
  };
}

export function displayUrl(t: Transport): string {
  if (t.socketPath) return `unix://${t.socketPath}`;
  try {
    const u = new URL(t.baseUrl);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return t.baseUrl;
  }
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
/** Said on screen when an answer is cut off: what the cap is and what to do. */
const capText = (t: Transport) =>
  `Sightline's ${mib(t.maxBytes)} cap per backend answer (SIGHTLINE_MAX_RESPONSE_BYTES): narrow the time range or the search`;

const traceCapText = (max: number) =>
  `Sightline's ${mib(max)} cap per trace (SIGHTLINE_MAX_TRACE_BYTES): raise it, or look at a narrower time range`;

/** An abort signal that fires after `ms` without a touch(). */
function idleTimeout(ms: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let touched = false;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException("idle timeout", "TimeoutError")), ms);
    timer.unref?.();
  };
  arm();
  return {
    signal: controller.signal,
    touch: () => {
      touched = true;
      arm();
    },
    streaming: () => touched,
    stop: () => clearTimeout(timer),
  };
}

/** Each chunk goes to the sink as it arrives: memory is the sink's, not the body's. */
async function readDecodedStream<T>(
  t: Transport,
  a: StreamedAnswer,
  spec: DecodeSpec<T>,
  touch?: () => void,
): Promise<T> {
  const trace = spec.cap === "trace" && t.maxTraceBytes !== undefined;
  const max = trace ? (t.maxTraceBytes as number) : t.maxBytes;
  const capMsg = trace ? traceCapText(max) : capText(t);
  const len = Number(a.headers["content-length"] ?? "NaN");
  if (Number.isFinite(len) && len > max) {
    a.body.destroy();
    throw new BackendError(t.backend, "too-large", `response of ${mib(len)} exceeds ${capMsg}`);
  }
  const encoded = (a.headers["content-encoding"] ?? "") !== "";
  const sink = spec.sink(Number.isFinite(len) && len >= 0 && !encoded ? len : undefined);
  let total = 0;
  // For the trace timing (lib/trace-timing.ts): time in the sink, and the event loop's use.
  let pushMs = 0;
  let chunks = 0;
  const elu = nodePerformance.eventLoopUtilization();
  try {
    await eachChunk(a.body, (c) => {
      if (chunks++ === 0) traceMark("first-chunk");
      total += c.byteLength;
      if (total > max) throw new BackendError(t.backend, "too-large", `response exceeds ${capMsg}`);
      touch?.();
      const p0 = performance.now();
      sink.push(c);
      pushMs += performance.now() - p0;
    });
    traceMark(
      () =>
        `last-chunk bytes=${total} chunks=${chunks} in-sink=${pushMs.toFixed(0)}ms event-loop-busy=${(100 * nodePerformance.eventLoopUtilization(elu).utilization).toFixed(0)}%`,
    );
  } catch (err) {
    a.body.destroy();
    throw err;
  }
  const v = sink.end();
  traceMark("sink-end");
  return v;
}

/** A non-2xx streamed answer's text (an error message), capped like any answer. */
async function readCappedStream(t: Transport, a: StreamedAnswer): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    await eachChunk(a.body, (c) => {
      total += c.byteLength;
      if (total > t.maxBytes) throw new BackendError(t.backend, "too-large", `response exceeds ${capText(t)}`);
      chunks.push(c);
    });
  } catch (err) {
    a.body.destroy();
    throw err;
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readCapped(t: Transport, res: Response): Promise<string> {
  const len = Number(res.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(len) && len > t.maxBytes) {
    await res.body?.cancel();
    throw new BackendError(t.backend, "too-large", `response of ${mib(len)} exceeds ${capText(t)}`);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const text = new Utf8Text();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > t.maxBytes) {
      await reader.cancel();
      throw new BackendError(t.backend, "too-large", `response exceeds ${capText(t)}`);
    }
    text.push(value);
  }
  return text.text();
}

function viaSocket(
  t: Transport,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        socketPath: t.socketPath,
        path: `${u.pathname}${u.search}`,
        method,
        headers: { ...headers, Host: "d" },
        signal,
      },
      (res) => {
        const text = new Utf8Text();
        let total = 0;
        res.on("data", (c: Buffer) => {
          total += c.length;
          if (total > t.maxBytes) {
            res.destroy();
            reject(new BackendError(t.backend, "too-large", `response exceeds ${capText(t)}`));
            return;
          }
          text.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
            ),
            text: text.text(),
          }),
        );
        res.on("error", reject);
      },
    );
    r.on("error", reject);
    if (body) r.write(body);
    r.end();
  });
}

/** Parse JSON text or throw a parse error naming the backend; keeps a readable excerpt. */
export function parseJsonText(backend: BackendName, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const excerpt = text.slice(0, 120).replace(/\s+/g, " ");
    const looksHtml = /^\s*</.test(text);
    throw new BackendError(
      backend,
      "parse",
      `${what}: expected JSON, got ${looksHtml ? "HTML" : "text"}${excerpt ? `: ${JSON.stringify(excerpt)}` : " (empty body)"}`,
      { cause: err },
    );
  }
}

/** A readable excerpt of an error body: an HTML page (a proxy's 502) is named by its title. */
export function bodyExcerpt(text: string, max = 200): string {
  // Look at a bounded head only: an error body can be megabytes.
  const t = text.slice(0, 64 * 1024).trim();
  if (/^<(!doctype|html|head|body)/i.test(t)) {
    const title = /<title>([^<]*)<\/title>/i.exec(t)?.[1]?.trim();
    return `got an HTML page${title ? ` "${title}"` : ""} instead of an API answer`;
  }
  return t.slice(0, max);
}
