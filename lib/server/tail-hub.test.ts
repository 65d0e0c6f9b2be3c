import { afterEach, describe, expect, it } from "vitest";
import type { LogTailHandlers } from "../backends/types";
import { BackendError } from "../model/errors";
import type { LogLine } from "../model/logs";
import { asNanosString, nanosToMillis } from "../model/time";
import { sseEvent, TailHub, type TailHubLimits } from "./tail-hub";

const line = (i: number): LogLine => {
  const ts = asNanosString(String(1795300414000000000n + BigInt(i)));
  return {
    ts,
    at: nanosToMillis(ts),
    stream: {},
    structuredMetadata: {},
    line: `line ${i}`,
    level: "info",
    fields: {},
    key: `${ts}-00000000-0`,
  };
};
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => line(from + i));

/** A fake Loki: counts tails, lets the test push frames or errors into any of them. */
function fakeLoki() {
  const tails: { key: string; h: LogTailHandlers; closed: boolean }[] = [];
  return {
    tails,
    open: (key: string) => (h: LogTailHandlers) => {
      const t = { key, h, closed: false };
      tails.push(t);
      return { close: () => void (t.closed = true) };
    },
  };
}

const fast: Partial<TailHubLimits> = { flushMs: 5, lingerMs: 20, pingMs: 60_000 };
let hub: TailHub;
afterEach(() => hub?.closeAll());

function ok(r: ReturnType<TailHub["subscribe"]>): ReadableStream<Uint8Array> {
  if (!r.ok) throw new Error(r.message);
  return r.stream;
}

/** Read SSE text until `done(text)` holds. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (t: string) => boolean) {
  const dec = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const { value, done: end } = await reader.read();
    if (end) break;
    text += dec.decode(value);
  }
  return text;
}

const linesOf = (text: string): string[] =>
  text
    .split("\n\n")
    .filter((e) => e.includes("event: lines"))
    .flatMap((e) => (JSON.parse(e.slice(e.indexOf("data: ") + 6)) as LogLine[]).map((l) => l.line));

describe("TailHub", () => {
  it("one backend tail per distinct query, shared by every subscriber", async () => {
    hub = new TailHub(fast);
    const loki = fakeLoki();
    const a = ok(hub.subscribe({ key: "{c=a}", client: "1", open: loki.open("{c=a}") })).getReader();
    const b = ok(hub.subscribe({ key: "{c=a}", client: "2", open: loki.open("{c=a}") })).getReader();
    ok(hub.subscribe({ key: "{c=b}", client: "3", open: loki.open("{c=b}") }));
    expect(loki.tails.map((t) => t.key)).toEqual(["{c=a}", "{c=b}"]);
    loki.tails[0]!.h.onFrame({ lines: lines(0, 3), dropped: [] });
    const [ta, tb] = await Promise.all([a, b].map((r) => readUntil(r, (t) => linesOf(t).length >= 3)));
    expect(linesOf(ta!)).toEqual(["line 0", "line 1", "line 2"]);
    expect(linesOf(tb!)).toEqual(["line 0", "line 1", "line 2"]);
    expect(hub.stats()).toMatchObject({ tails: 2, subscribers: 3 });
  });

  it("caps: distinct tails and subscribers (503), per client (429), each with a message", () => {
    hub = new TailHub({ ...fast, maxTails: 1, maxPerClient: 2, maxSubscribers: 3 });
    const loki = fakeLoki();
    ok(hub.subscribe({ key: "q1", client: "x", open: loki.open("q1") }));
    const other = hub.subscribe({ key: "q2", client: "y", open: loki.open("q2") });
    expect(other).toMatchObject({ ok: false, status: 503, message: expect.stringMatching(/different log queries/) });
    ok(hub.subscribe({ key: "q1", client: "x", open: loki.open("q1") }));
    expect(hub.subscribe({ key: "q1", client: "x", open: loki.open("q1") })).toMatchObject({ ok: false, status: 429 });
    ok(hub.subscribe({ key: "q1", client: "y", open: loki.open("q1") }));
    expect(hub.subscribe({ key: "q1", client: "z", open: loki.open("q1") })).toMatchObject({ ok: false, status: 503 });
    expect(loki.tails).toHaveLength(1);
  });

  it("a client that stops reading keeps a bounded queue, then learns how many lines it lost", async () => {
    hub = new TailHub({ ...fast, queueLines: 100 });
    const loki = fakeLoki();
    const reader = ok(hub.subscribe({ key: "q", client: "slow", open: loki.open("q") })).getReader();
    // Nobody reads: after the first write fills the stream's one slot, lines queue in the hub.
    for (let i = 0; i < 50; i++) {
      loki.tails[0]!.h.onFrame({ lines: lines(i * 100, 100), dropped: [] });
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(hub.stats().maxQueued).toBeLessThanOrEqual(100);
    const text = await readUntil(reader, (t) => t.includes("event: dropped-slow"));
    expect(text).toMatch(/event: dropped-slow\ndata: \d+/);
  });

  it("a reconnect with Last-Event-ID gets only the lines after it", async () => {
    hub = new TailHub(fast);
    const loki = fakeLoki();
    const first = ok(hub.subscribe({ key: "q", client: "c", open: loki.open("q") })).getReader();
    loki.tails[0]!.h.onFrame({ lines: lines(0, 5), dropped: [] });
    const text = await readUntil(first, (t) => linesOf(t).length >= 5);
    const lastId = /id: (\S+)/.exec(text)?.[1];
    expect(lastId).toBe(line(4).key);
    loki.tails[0]!.h.onFrame({ lines: lines(5, 2), dropped: [] });
    const again = ok(hub.subscribe({ key: "q", client: "c", lastEventId: line(2).key, open: loki.open("q") }));
    const replay = await readUntil(again.getReader(), (t) => linesOf(t).length >= 4);
    expect(linesOf(replay)).toEqual(["line 3", "line 4", "line 5", "line 6"]);
  });

  it("errors are framed line by line; a refused query is final, the tail is closed", async () => {
    hub = new TailHub(fast);
    const loki = fakeLoki();
    const reader = ok(hub.subscribe({ key: "q", client: "c", open: loki.open("q") })).getReader();
    loki.tails[0]!.h.onError(new BackendError("loki", "query", "parse error\nat line 1:2\r\nevent: lines"));
    const text = await readUntil(reader, (t) => t.includes("event: fatal") && t.endsWith("\n\n"));
    expect(text).toContain("event: fatal\ndata: loki: parse error\ndata: at line 1:2\ndata: event: lines\n\n");
    expect(loki.tails[0]!.closed).toBe(true);
    expect(hub.stats()).toMatchObject({ tails: 0, subscribers: 0 });
  });

  it("the backend tail closes once its last viewer has gone (after the linger)", async () => {
    hub = new TailHub(fast);
    const loki = fakeLoki();
    const ac = new AbortController();
    ok(hub.subscribe({ key: "q", client: "c", open: loki.open("q"), signal: ac.signal }));
    ac.abort();
    expect(loki.tails[0]!.closed).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(loki.tails[0]!.closed).toBe(true);
    expect(hub.stats().tails).toBe(0);
  });
});

describe("sseEvent", () => {
  it("cannot be broken by newlines in data, ids or names", () => {
    expect(sseEvent("tail-error", "a\nb\rc")).toBe("event: tail-error\ndata: a\ndata: b\ndata: c\n\n");
    expect(sseEvent("x\ny", "d", "1\n2")).toBe("id: 12\nevent: xy\ndata: d\n\n");
  });
});
