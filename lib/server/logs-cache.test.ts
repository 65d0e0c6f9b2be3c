// The logs API's shared answers: which requests share one Loki round, how long an answer is
// reused (open vs settled range), what is never kept, and the LRU's bounds.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { correlationConfigSchema } from "../correlation/overrides";
import { type Millis, millis } from "../model/time";
import { backends, container, fakeLoki, logLine } from "./fake-backends.test-helper";

vi.mock("./correlation-config", () => {
  const config = correlationConfigSchema.parse({ loki: { label: "ctr_name", key: "name" } });
  return { loadCorrelationConfig: async () => ({ config, patterns: [] }) };
});

import {
  AnswerCache,
  cachedContainerLogs,
  keptContainerLogs,
  type LogsAnswer,
  logsAnswerCache,
  matchesEtag,
  OPEN_TTL_MS,
  SETTLED_AFTER_MS,
  SETTLED_TTL_MS,
} from "./logs-cache";

const NOW = 1_795_300_000_000;
const C = container("shop-cart-1");
const settled = { from: millis(NOW - 3_600_000), to: millis(NOW - SETTLED_AFTER_MS) };
const open = { from: millis(NOW - 3_600_000), to: millis(NOW) };
const req = (range: { from: Millis; to: Millis }, extra = {}) => ({
  range,
  qmode: "substring" as const,
  limit: 100,
  ...extra,
});

const json = (a: LogsAnswer) => JSON.parse(Buffer.from(a.body).toString("utf8"));

function countingLoki() {
  let n = 0;
  const loki = fakeLoki(() => ({ lines: [logLine(`${NOW - 120_000}000000`, `line ${++n}`)] }));
  return loki;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  logsAnswerCache().clear();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("keptContainerLogs (the request hook's fast path)", () => {
  it("starts nothing: undefined until an answer is kept, then that answer while it is fresh", async () => {
    const loki = countingLoki();
    const b = backends({ logs: loki });
    expect(await keptContainerLogs(b, C, req(open))).toBeUndefined();
    expect(loki.calls).toHaveLength(0);
    const a = await cachedContainerLogs(b, C, req(open));
    expect((await keptContainerLogs(b, C, req(open)))?.body).toBe(a.body);
    expect(await keptContainerLogs(b, C, req(open, { limit: 99 }))).toBeUndefined();
    vi.setSystemTime(NOW + OPEN_TTL_MS + 1);
    expect(await keptContainerLogs(b, C, req(open))).toBeUndefined();
    expect(loki.calls).toHaveLength(1);
  });

  it("joins the answer being made for an identical request, as the route would", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const loki = fakeLoki(() => ({ lines: [logLine(`${NOW - 120_000}000000`, "slow")] }));
    const slow = {
      ...loki,
      queryRange: async (p: Parameters<typeof loki.queryRange>[0]) => {
        await gate;
        return loki.queryRange(p);
      },
    };
    const b = backends({ logs: slow });
    const making = cachedContainerLogs(b, C, req(open));
    await new Promise((r) => setTimeout(r, 0));
    const joined = keptContainerLogs(b, C, req(open));
    await new Promise((r) => setTimeout(r, 20)); // it looked in the cache while Loki was still answering
    expect(loki.calls).toHaveLength(0);
    release();
    const [a, j] = await Promise.all([making, joined]);
    expect(j?.body).toBe(a.body);
    expect(loki.calls).toHaveLength(1);
  });
});

describe("cachedContainerLogs", () => {
  it("answers a repeated request from the first answer, byte for byte", async () => {
    const loki = countingLoki();
    const b = backends({ logs: loki });
    const a = await cachedContainerLogs(b, C, req(open));
    const again = await cachedContainerLogs(b, C, req(open));
    expect(loki.calls).toHaveLength(1);
    expect(again.body).toBe(a.body);
    expect(json(a)).toMatchObject({
      lines: [{ line: "line 1" }],
      limit: 100,
      query: '{ctr_name="shop-cart-1"}',
    });
    expect(json(a).tracePivot).toMatchObject({ kind: "item" });
  });

  it("hands back the decoded answer with a fresh one only, equal to its body", async () => {
    const b = backends({ logs: countingLoki() });
    const a = await cachedContainerLogs(b, C, req(open));
    expect(a.res).toEqual(json(a));
    const again = await cachedContainerLogs(b, C, req(open));
    expect(again.body).toBe(a.body);
    expect(again.res).toBeUndefined();
  });

  it("identical requests in flight share one Loki round", async () => {
    const loki = countingLoki();
    const b = backends({ logs: loki });
    const answers = await Promise.all([1, 2, 3, 4].map(() => cachedContainerLogs(b, C, req(open))));
    expect(loki.calls).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it("anything that changes the answer is another entry: range, page, limit, filter, trace, container", async () => {
    const loki = countingLoki();
    const b = backends({ logs: loki });
    await cachedContainerLogs(b, C, req(open));
    await cachedContainerLogs(b, C, req({ ...open, to: millis(NOW - 1) }));
    await cachedContainerLogs(b, C, req(open, { limit: 10 }));
    await cachedContainerLogs(b, C, req(open, { q: "timeout" }));
    await cachedContainerLogs(b, C, req(open, { before: `${NOW - 1000}000000` }));
    await cachedContainerLogs(b, C, req(open, { traceId: "2c4d87704d15565aa38c99f600db6813" }));
    await cachedContainerLogs(b, container("shop-cart-1", { id: "b".repeat(64) }), req(open));
    await cachedContainerLogs(b, container("shop-cart-2"), req(open));
    // The trace query is a second (forward) query of its own.
    expect(loki.calls.filter((c) => c.direction === "backward")).toHaveLength(8);
  });

  it("a range that may still grow is reused for seconds, then asked again", async () => {
    const loki = countingLoki();
    const b = backends({ logs: loki });
    const a = await cachedContainerLogs(b, C, req(open));
    expect(a.settled).toBe(false);
    vi.setSystemTime(NOW + OPEN_TTL_MS - 1);
    await cachedContainerLogs(b, C, req(open));
    expect(loki.calls).toHaveLength(1);
    vi.setSystemTime(NOW + OPEN_TTL_MS + 1);
    const b2 = await cachedContainerLogs(b, C, req(open));
    expect(loki.calls).toHaveLength(2);
    expect(json(b2).lines[0].line).toBe("line 2");
  });

  it("a settled range is reused for a minute and carries an ETag", async () => {
    const loki = countingLoki();
    const b = backends({ logs: loki });
    const a = await cachedContainerLogs(b, C, req(settled));
    expect(a.settled).toBe(true);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    vi.setSystemTime(NOW + SETTLED_TTL_MS - 1);
    expect((await cachedContainerLogs(b, C, req(settled))).etag).toBe(a.etag);
    expect(loki.calls).toHaveLength(1);
    vi.setSystemTime(NOW + SETTLED_TTL_MS + 1);
    await cachedContainerLogs(b, C, req(settled));
    expect(loki.calls).toHaveLength(2);
  });

  it("a first page whose volume query failed is kept only for the short window", async () => {
    const loki = fakeLoki(() => ({ lines: [] }), {
      queryRangeMetric: async () => {
        throw new Error("loki: 500");
      },
    });
    const b = backends({ logs: loki });
    await cachedContainerLogs(b, C, req(settled));
    vi.setSystemTime(NOW + OPEN_TTL_MS + 1);
    await cachedContainerLogs(b, C, req(settled));
    expect(loki.calls).toHaveLength(2);
  });

  it("failures are not kept: the next request asks Loki again", async () => {
    let fail = true;
    const loki = fakeLoki(() => {
      if (fail) throw new Error("loki down");
      return { lines: [] };
    });
    const b = backends({ logs: loki });
    await expect(cachedContainerLogs(b, C, req(open))).rejects.toThrow("loki down");
    fail = false;
    await expect(cachedContainerLogs(b, C, req(open))).resolves.toMatchObject({ settled: false });
    expect(loki.calls).toHaveLength(2);
  });

  it("a caller that goes away stops waiting; the others still get the answer", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const loki = fakeLoki(() => ({ lines: [] }), {
      async queryRange(p) {
        await gate;
        return { lines: [], truncated: false, limit: p.limit };
      },
    });
    const b = backends({ logs: loki });
    const ac = new AbortController();
    const gone = cachedContainerLogs(b, C, req(open), ac.signal);
    const stays = cachedContainerLogs(b, C, req(open));
    // Both are waiting on the shared round by now.
    await new Promise((r) => setImmediate(r));
    ac.abort(new Error("client went away"));
    await expect(gone).rejects.toThrow("client went away");
    release();
    await expect(stays).resolves.toMatchObject({ settled: false });
  });
});

describe("AnswerCache", () => {
  const answer = (body: string): LogsAnswer => ({ body: new TextEncoder().encode(body), etag: '"x"', settled: false });

  it("evicts the least recently used entries beyond its size and count", () => {
    const c = new AnswerCache(10, 3, 8);
    c.set("a", answer("aaaa"), 1000, 0);
    c.set("b", answer("bbbb"), 1000, 0);
    expect(c.get("a", 1)?.body.byteLength).toBe(4); // a is now the most recent
    c.set("c", answer("cccc"), 1000, 0); // 12 chars > 10: b goes
    expect(c.get("b", 1)).toBeUndefined();
    expect(c.get("a", 1)).toBeDefined();
    expect(c.totalBytes).toBeLessThanOrEqual(10);
    c.set("d", answer("d"), 1000, 0);
    c.set("e", answer("e"), 1000, 0);
    expect(c.size).toBeLessThanOrEqual(3);
  });

  it("never keeps an answer larger than an entry may be, or one with no lifetime", () => {
    const c = new AnswerCache(100, 10, 8);
    c.set("big", answer("123456789"), 1000, 0);
    c.set("now", answer("x"), 0, 0);
    expect(c.size).toBe(0);
  });

  it("expires entries and forgets their size", () => {
    const c = new AnswerCache();
    c.set("a", answer("abc"), 10, 0);
    expect(c.get("a", 9)).toBeDefined();
    expect(c.get("a", 10)).toBeUndefined();
    expect(c.totalBytes).toBe(0);
  });
});

describe("matchesEtag", () => {
  it("reads lists, weak validators and *", () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag("*", '"abc"')).toBe(true);
    expect(matchesEtag('"abd"', '"abc"')).toBe(false);
    expect(matchesEtag(null, '"abc"')).toBe(false);
  });
});
