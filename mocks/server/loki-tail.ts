// Loki's tail WebSocket, /loki/api/v1/tail?query=&limit=&start=&delay_for= (APIS.md §3):
// the first frame replays up to `limit` entries since `start`, then the source is polled
// every second. Like the recorded frames (fixtures/loki-2.8/tail_websocket.messages.json),
// each stream object holds one entry. The "dropped" fault adds dropped_entries.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Labels, LokiEntry, LokiSource } from "../sources";
import { DEFAULT_SLOW_MS, type Fault, NGINX_500, delay } from "./faults";

export type LogMatcher = (
  query: string,
  src: LokiSource,
  fromNs: bigint,
  toNs: bigint,
  limit: number,
  direction: "backward" | "forward",
) => { stream: Labels; entries: LokiEntry[] }[];

export const TAIL_POLL_MS = 1000;
const MAX_DELAY_S = 5;

interface Flat {
  stream: Labels;
  e: LokiEntry;
}

function flatten(groups: { stream: Labels; entries: LokiEntry[] }[]): Flat[] {
  const out = groups.flatMap((g) => g.entries.map((e) => ({ stream: g.stream, e })));
  return out.sort((a, b) => a.e.ns.length - b.e.ns.length || (a.e.ns < b.e.ns ? -1 : a.e.ns > b.e.ns ? 1 : 0));
}

/** Entries seen on one connection, so "every third" holds across frames of one or two lines. */
interface Seen {
  n: number;
}

function frame(items: Flat[], fault: Fault, seen: Seen): string {
  if (fault.mode === "badjson") return JSON.stringify({ unexpected: true, lines: items.length });
  // Every third entry of the connection is reported as dropped instead of sent (a slow tail client).
  const isDropped = items.map(() => fault.mode === "dropped" && ++seen.n % 3 === 0);
  const dropped = items.filter((_x, i) => isDropped[i]);
  const sent = items.filter((_x, i) => !isDropped[i]);
  const body: Record<string, unknown> = {
    streams: sent.map((x) => ({ stream: x.stream, values: [[x.e.ns, x.e.line]] })),
  };
  if (fault.mode === "dropped") body.dropped_entries = dropped.map((x) => ({ labels: x.stream, timestamp: x.e.ns }));
  const text = JSON.stringify(body);
  return fault.mode === "truncated" ? text.slice(0, Math.floor(text.length / 2)) : text;
}

function rejectUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
  body: string,
  type = "text/plain; charset=utf-8",
): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class LokiTail {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly timers = new Set<ReturnType<typeof setInterval>>();

  constructor(
    private readonly src: LokiSource,
    private readonly match: LogMatcher,
    private readonly now: () => number,
    private readonly faultOf: () => Fault,
  ) {}

  /** An `upgrade` listener for the Loki server. */
  readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, fault: Fault): void => {
    const url = new URL(req.url ?? "/", "http://loki");
    if (url.pathname !== "/loki/api/v1/tail") {
      socket.destroy();
      return;
    }
    if (fault.mode === "hang") return; // accept the TCP connection, never answer
    if (fault.mode === "html500") {
      rejectUpgrade(socket, 500, "Internal Server Error", NGINX_500, "text/html");
      return;
    }
    const query = url.searchParams.get("query") ?? "";
    const limit = Math.min(Number(url.searchParams.get("limit") ?? "100") || 100, 5000);
    const delayS = Math.min(Number(url.searchParams.get("delay_for") ?? "0") || 0, MAX_DELAY_S);
    const startRaw = url.searchParams.get("start");
    const nowNs = BigInt(Math.floor(this.now())) * 1_000_000n;
    const start = startRaw && /^\d+$/.test(startRaw) ? BigInt(startRaw) : nowNs - 3_600_000_000_000n;
    try {
      this.match(query, this.src, nowNs, nowNs, 1, "forward"); // validates the query
    } catch (err) {
      rejectUpgrade(socket, 400, "Bad Request", err instanceof Error ? err.message : String(err));
      return;
    }
    const go = () => this.wss.handleUpgrade(req, socket, head, (ws) => this.run(ws, query, start, limit, delayS));
    if (fault.mode === "slow") void delay(fault.delayMs ?? DEFAULT_SLOW_MS).then(go);
    else go();
  };

  private run(ws: WebSocket, query: string, start: bigint, limit: number, delayS: number): void {
    const upTo = () => BigInt(Math.floor(this.now() - delayS * 1000)) * 1_000_000n;
    let cursor = upTo();
    const seen: Seen = { n: 0 };
    const first = flatten(this.match(query, this.src, start, cursor, limit, "backward"));
    if (first.length > 0) ws.send(frame(first, this.faultOf(), seen));
    const timer = setInterval(() => {
      const to = upTo();
      if (to <= cursor) return;
      try {
        const items = flatten(this.match(query, this.src, cursor, to, 5000, "forward"));
        cursor = to;
        if (items.length > 0 && ws.readyState === ws.OPEN) ws.send(frame(items, this.faultOf(), seen));
      } catch (err) {
        ws.close(1011, err instanceof Error ? err.message.slice(0, 100) : "error");
      }
    }, TAIL_POLL_MS);
    this.timers.add(timer);
    ws.on("close", () => {
      clearInterval(timer);
      this.timers.delete(timer);
    });
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}
