// Live tail over Loki's WebSocket `/loki/api/v1/tail` (APIS.md §3). Server-side only: browsers
// cannot send X-Scope-OrgID on a WebSocket, so the tenant and auth headers are added here.
import WebSocket from "ws";
import { BackendError } from "../../model/errors";
import type { NanosString } from "../../model/time";
import { authHeaders, displayUrl, parseJsonText, type Transport } from "../http";
import type { LogTail, LogTailHandlers } from "../types";
import { parseWith } from "../zod-error";
import { lokiHttpError } from "./decode";
import { tailFrameSchema } from "./schemas";
import { toTailFrame } from "./to-model";

const B = "loki";

export interface TailParams {
  query: string;
  /** Replay entries from here (Loki sends up to `limit` of them in the first frame). */
  start: NanosString;
  limit: number;
  /** Loki's `delay_for` (≤ 5 s): wait for late entries before sending. */
  delayForSeconds?: number;
}

/** The tail URL: http → ws, https → wss, keeping any path prefix of the base URL. */
export function tailUrl(baseUrl: string, p: TailParams): string {
  const u = new URL(`${baseUrl.replace(/\/+$/, "")}/loki/api/v1/tail`);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  u.searchParams.set("query", p.query);
  u.searchParams.set("limit", String(p.limit));
  u.searchParams.set("start", p.start);
  if (p.delayForSeconds !== undefined) u.searchParams.set("delay_for", String(p.delayForSeconds));
  return u.toString();
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

function socketError(t: Transport, err: Error & { code?: string }): BackendError {
  if (/handshake has timed out/i.test(err.message))
    return new BackendError(B, "timeout", `tail: no answer within ${t.timeoutMs} ms`, { cause: err });
  const why = err.code === "ECONNREFUSED" ? "connection refused" : err.message;
  return new BackendError(B, "unreachable", `tail: cannot reach ${displayUrl(t)}: ${why}`, { cause: err });
}

/**
 * Open the tail. Handlers get parsed frames; at most one error (then the socket is closed);
 * `onClose` exactly once, whoever closed.
 */
export function openTail(t: Transport, p: TailParams, h: LogTailHandlers): LogTail {
  const ws = new WebSocket(tailUrl(t.baseUrl, p), {
    headers: authHeaders(t.auth),
    handshakeTimeout: t.timeoutMs,
    maxPayload: t.maxBytes,
  });
  let done = false; // after close() or a reported error: no more frames or errors
  let closedOnce = false;

  const stop = () => {
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000);
  };
  const fail = (err: Error) => {
    if (done) return;
    done = true;
    h.onError(err);
    stop();
  };

  ws.on("message", (data) => {
    if (done) return;
    let frame: ReturnType<typeof toTailFrame>;
    try {
      const json = parseJsonText(B, rawText(data), "tail frame");
      frame = toTailFrame(parseWith(B, "tail frame", tailFrameSchema, json));
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    h.onFrame(frame);
  });

  // A refused upgrade (400 LogQL error, 401 no org id) carries Loki's text in the body.
  ws.on("unexpected-response", (_req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    res.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      fail(lokiHttpError({ status: res.statusCode ?? 0, headers: {}, text }, "tail"));
    });
    res.on("error", (err) => fail(socketError(t, err)));
  });

  ws.on("error", (err) => fail(socketError(t, err)));

  ws.on("close", (code, reason) => {
    // Loki ends a failed tail with a close frame carrying the error text (e.g. 1011);
    // 1006 is a connection lost without any close frame.
    const text = reason.toString("utf8") || `connection closed unexpectedly (code ${code})`;
    if (!done && code !== 1000 && code !== 1005) fail(new BackendError(B, "http", `tail: ${text}`));
    done = true;
    if (closedOnce) return;
    closedOnce = true;
    h.onClose();
  });

  return {
    close() {
      done = true;
      stop();
    },
  };
}
