// Live tail hub: one Loki tail per distinct query, shared by every browser watching it.
// Loki allows few tails per tenant (max_concurrent_tail_requests, 10 by default), so tails are
// capped; so are subscribers, in total and per client, with a clear message (429/503) when full.
// Each subscriber has a bounded queue: a client that stops reading loses its oldest lines and is
// told how many. Lines carry SSE ids, so a reconnecting EventSource (Last-Event-ID) gets only
// lines it has not seen. Errors are framed safely (one `data:` per text line); a final error
// (the query is refused, the hub is full) tells the browser not to retry.
import { BackendError } from "../model/errors";
import type { LogLine, LogTailFrame } from "../model/logs";
import { asNanosString, compareNanos, isNanosString, type NanosString } from "../model/time";
import type { LogTail, LogTailHandlers } from "../backends/types";
import { getConfig } from "../config";

export interface TailHubLimits {
  /** Distinct Loki tails open at once (Loki's max_concurrent_tail_requests is 10 by default). */
  maxTails: number;
  /** Browsers subscribed in total. */
  maxSubscribers: number;
  /** Browsers subscribed per client key (address or identity). */
  maxPerClient: number;
  /** Lines queued per subscriber before the oldest are dropped. */
  queueLines: number;
  /** Recent lines per tail a new or reconnecting subscriber starts with. */
  replayLines: number;
  /** How often queued lines are written (one SSE event per subscriber per tick). */
  flushMs: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  pingMs: number;
  /** A tail nobody watches stays open this long (absorbs reloads and reconnects). */
  lingerMs: number;
}

export const DEFAULT_TAIL_LIMITS: TailHubLimits = {
  maxTails: 10,
  maxSubscribers: 500,
  maxPerClient: 8,
  queueLines: 2000,
  replayLines: 500,
  flushMs: 250,
  pingMs: 15_000,
  lingerMs: 5_000,
};

/** Opens the backend tail for a query; the hub calls it once per distinct query. */
export type OpenTail = (handlers: LogTailHandlers) => LogTail;

export interface SubscribeRequest {
  /** Identifies the tail: the backend and the exact LogQL. */
  key: string;
  client: string;
  /** The EventSource's Last-Event-ID: the key of the last line it received. */
  lastEventId?: string | null;
  open: OpenTail;
  /** Applied to every batch before it is shared (trace-ID patterns). */
  transform?: (lines: LogLine[]) => LogLine[];
  /** Events this subscriber gets first, before any line (e.g. the line → trace pivot). */
  preamble?: { event: string; data: string }[];
  signal?: AbortSignal;
}

export type SubscribeResult =
  | { ok: true; stream: ReadableStream<Uint8Array> }
  | { ok: false; status: 429 | 503; message: string };

/** One SSE event; every line of `data` gets its own `data:` field, so newlines cannot break framing. */
export function sseEvent(event: string, data: string, id?: string): string {
  const name = event.replace(/[^\w-]/g, "");
  const body = data
    .split(/\r\n|\r|\n/)
    .map((l) => `data: ${l}`)
    .join("\n");
  const idLine = id ? `id: ${id.replace(/[\r\n\0]/g, "")}\n` : "";
  return `${idLine}event: ${name}\n${body}\n\n`;
}

/** Line keys start with the exact nanosecond timestamp (`<ts>-<hash>-<n>`, lib/backends/loki). */
function tsOfKey(key: string): NanosString | undefined {
  const ts = key.slice(0, key.indexOf("-"));
  return isNanosString(ts) ? asNanosString(ts) : undefined;
}

interface Cursor {
  ts: NanosString;
  key: string;
}

/** Was this line already delivered to a subscriber whose last line was `c`? */
function seen(l: LogLine, c: Cursor): boolean {
  const d = compareNanos(l.ts, c.ts);
  return d < 0 || (d === 0 && l.key <= c.key);
}

interface Sub {
  client: string;
  tail: Tail;
  controller: ReadableStreamDefaultController<Uint8Array>;
  queue: LogLine[];
  dropped: number;
  notices: string[];
  cursor?: Cursor;
  lastWrite: number;
  closed: boolean;
  final: boolean;
}

interface Tail {
  key: string;
  backend?: LogTail;
  subs: Set<Sub>;
  recent: LogLine[];
  transform?: (lines: LogLine[]) => LogLine[];
  linger?: ReturnType<typeof setTimeout>;
  ended: boolean;
}

const enc = new TextEncoder();

/** A final error: retrying the same request cannot succeed. */
function isFinal(err: Error): boolean {
  return err instanceof BackendError && (err.kind === "query" || err.kind === "config" || err.status === 400);
}

export class TailHub {
  private tails = new Map<string, Tail>();
  private perClient = new Map<string, number>();
  private subs = new Set<Sub>();
  private timer?: ReturnType<typeof setInterval>;
  readonly limits: TailHubLimits;
  /** Backend tails opened since start (tests, bench). */
  opened = 0;

  constructor(limits: Partial<TailHubLimits> = {}) {
    this.limits = { ...DEFAULT_TAIL_LIMITS, ...limits };
  }

  stats(): { tails: number; subscribers: number; queued: number; maxQueued: number; opened: number } {
    let queued = 0;
    let maxQueued = 0;
    for (const s of this.subs) {
      queued += s.queue.length;
      maxQueued = Math.max(maxQueued, s.queue.length);
    }
    return { tails: this.tails.size, subscribers: this.subs.size, queued, maxQueued, opened: this.opened };
  }

  subscribe(r: SubscribeRequest): SubscribeResult {
    const L = this.limits;
    if (this.subs.size >= L.maxSubscribers)
      return {
        ok: false,
        status: 503,
        message: `Live tail is full: this server already streams to ${L.maxSubscribers} viewers. Try again in a minute.`,
      };
    if ((this.perClient.get(r.client) ?? 0) >= L.maxPerClient)
      return {
        ok: false,
        status: 429,
        message: `Too many live tails from this client (at most ${L.maxPerClient}): close another live view first.`,
      };
    const existing = this.tails.get(r.key);
    if (!existing && this.tails.size >= L.maxTails)
      return {
        ok: false,
        status: 503,
        message: `Live tail is full: ${L.maxTails} different log queries are already tailed (Loki allows few tails). Try again later, or watch a container someone already tails.`,
      };
    const tail = existing ?? this.startTail(r);
    if (tail.linger) {
      clearTimeout(tail.linger);
      tail.linger = undefined;
    }
    let sub!: Sub;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          const last = r.lastEventId ?? undefined;
          const ts = last ? tsOfKey(last) : undefined;
          sub = {
            client: r.client,
            tail,
            controller,
            queue: [],
            dropped: 0,
            notices: [],
            cursor: last && ts ? { ts, key: last } : undefined,
            lastWrite: Date.now(),
            closed: false,
            final: false,
          };
          this.subs.add(sub);
          tail.subs.add(sub);
          this.perClient.set(r.client, (this.perClient.get(r.client) ?? 0) + 1);
          controller.enqueue(enc.encode("retry: 3000\n\n"));
          for (const p of r.preamble ?? []) controller.enqueue(enc.encode(sseEvent(p.event, p.data)));
          this.deliver(sub, tail.recent);
          this.ensureTimer();
          r.signal?.addEventListener("abort", () => this.unsubscribe(sub));
        },
        cancel: () => this.unsubscribe(sub),
      },
      { highWaterMark: 1 },
    );
    return { ok: true, stream };
  }

  /** Close every tail and stream (tests, shutdown). */
  closeAll(): void {
    for (const s of [...this.subs]) this.unsubscribe(s);
    for (const t of [...this.tails.values()]) this.endTail(t);
  }

  private startTail(r: SubscribeRequest): Tail {
    const tail: Tail = { key: r.key, subs: new Set(), recent: [], transform: r.transform, ended: false };
    this.tails.set(r.key, tail);
    this.opened++;
    tail.backend = r.open({
      onFrame: (frame) => this.onFrame(tail, frame),
      onError: (err) => this.onError(tail, err),
      onClose: () => this.onClose(tail),
    });
    return tail;
  }

  private onFrame(tail: Tail, frame: LogTailFrame): void {
    if (tail.ended) return;
    const lines = tail.transform ? tail.transform(frame.lines) : frame.lines;
    if (lines.length) {
      tail.recent.push(...lines);
      if (tail.recent.length > this.limits.replayLines)
        tail.recent.splice(0, tail.recent.length - this.limits.replayLines);
      for (const s of tail.subs) this.deliver(s, lines);
    }
    if (frame.dropped.length) {
      const n = frame.dropped.length;
      for (const s of tail.subs) s.notices.push(sseEvent("dropped", String(n)));
    }
  }

  private onError(tail: Tail, err: Error): void {
    const final = isFinal(err);
    for (const s of tail.subs) {
      s.notices.push(sseEvent(final ? "fatal" : "tail-error", err.message));
      s.final = true;
    }
    this.endTail(tail);
    this.flushAll();
    for (const s of [...tail.subs]) this.unsubscribe(s);
  }

  private onClose(tail: Tail): void {
    if (tail.ended) return;
    // Loki closed without an error: tell the viewers and let their EventSource reconnect.
    for (const s of tail.subs) {
      s.notices.push(sseEvent("tail-error", "Loki closed the live tail; reconnecting"));
      s.final = true;
    }
    this.endTail(tail);
    this.flushAll();
    for (const s of [...tail.subs]) this.unsubscribe(s);
  }

  private endTail(tail: Tail): void {
    if (tail.linger) clearTimeout(tail.linger);
    tail.ended = true;
    if (this.tails.get(tail.key) === tail) this.tails.delete(tail.key);
    tail.backend?.close();
  }

  private deliver(s: Sub, lines: LogLine[]): void {
    let fresh = lines;
    if (s.cursor) {
      const c = s.cursor;
      const i = lines.findIndex((l) => !seen(l, c));
      if (i === -1) return;
      fresh = lines.slice(i);
      s.cursor = undefined;
    }
    for (const l of fresh) s.queue.push(l);
    const over = s.queue.length - this.limits.queueLines;
    if (over > 0) {
      s.queue.splice(0, over);
      s.dropped += over;
    }
  }

  private unsubscribe(s: Sub | undefined): void {
    if (!s || s.closed) return;
    s.closed = true;
    this.subs.delete(s);
    s.tail.subs.delete(s);
    const n = (this.perClient.get(s.client) ?? 1) - 1;
    if (n > 0) this.perClient.set(s.client, n);
    else this.perClient.delete(s.client);
    try {
      s.controller.close();
    } catch {
      // already closed or cancelled by the consumer
    }
    const tail = s.tail;
    if (!tail.ended && tail.subs.size === 0 && !tail.linger)
      tail.linger = setTimeout(() => {
        tail.linger = undefined;
        if (tail.subs.size === 0) this.endTail(tail);
      }, this.limits.lingerMs);
    if (!this.subs.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private ensureTimer(): void {
    this.timer ??= setInterval(() => this.flushAll(), this.limits.flushMs);
    // Never keep a process alive just for the hub.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private flushAll(): void {
    const now = Date.now();
    for (const s of this.subs) this.flush(s, now);
  }

  private flush(s: Sub, now: number): void {
    if (s.closed) return;
    const desired = s.controller.desiredSize;
    if (desired === null) {
      this.unsubscribe(s);
      return;
    }
    // The client is not reading (the previous write is still queued): keep the bounded queue.
    if (desired <= 0 && !s.final) return;
    let out = "";
    if (s.dropped) {
      out += sseEvent("dropped-slow", String(s.dropped));
      s.dropped = 0;
    }
    if (s.queue.length) {
      const last = s.queue[s.queue.length - 1]!;
      out += sseEvent("lines", JSON.stringify(s.queue), last.key);
      s.queue = [];
    }
    for (const n of s.notices) out += n;
    s.notices = [];
    if (!out && now - s.lastWrite >= this.limits.pingMs) out = ": ping\n\n";
    if (!out) return;
    s.lastWrite = now;
    try {
      s.controller.enqueue(enc.encode(out));
    } catch {
      this.unsubscribe(s);
    }
  }
}

const g = globalThis as typeof globalThis & { __sightlineTailHub?: TailHub };

/** The process's hub, with the configured caps (SIGHTLINE_TAIL_*, lib/limits-config.ts). */
export function tailHub(): TailHub {
  g.__sightlineTailHub ??= new TailHub(getConfig().limits.tail);
  return g.__sightlineTailHub;
}
