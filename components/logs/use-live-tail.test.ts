// @vitest-environment happy-dom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogLine } from "@/lib/model/logs";
import { LIVE_MAX_LINES, useLiveTail } from "./use-live-tail";

/** A stand-in EventSource the test drives: `emit` delivers a server event. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  closed = false;
  onerror: (() => void) | null = null;
  private handlers = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), fn]);
  }
  emit(type: string, data = "") {
    for (const fn of this.handlers.get(type) ?? []) fn({ data } as MessageEvent<string>);
  }
  close() {
    this.closed = true;
  }
}

let n = 0;
const line = (text: string): LogLine => {
  n += 1;
  return {
    ts: String(1_000_000_000n + BigInt(n)) as LogLine["ts"],
    at: n as LogLine["at"],
    stream: {},
    structuredMetadata: {},
    line: text,
    level: "info",
    fields: {},
    key: `k${n}`,
  };
};
const send = (es: FakeEventSource, texts: string[]) => es.emit("lines", JSON.stringify(texts.map(line)));
const texts = (ls: LogLine[]) => ls.map((l) => l.line);

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.all = [];
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("useLiveTail", () => {
  it("does nothing without a URL", () => {
    const { result } = renderHook(() => useLiveTail(undefined, true));
    expect(FakeEventSource.all).toHaveLength(0);
    expect(result.current.lines).toEqual([]);
  });

  it("batches lines into one update every 250 ms, newest first", () => {
    const { result } = renderHook(() => useLiveTail("/tail", true));
    const es = FakeEventSource.all[0]!;
    act(() => es.emit("open"));
    expect(result.current.connected).toBe(true);
    act(() => {
      send(es, ["a", "b"]);
      send(es, ["c"]);
    });
    expect(result.current.lines).toEqual([]);
    act(() => vi.advanceTimersByTime(250));
    expect(texts(result.current.lines)).toEqual(["c", "b", "a"]);
    act(() => {
      send(es, ["d"]);
      vi.advanceTimersByTime(250);
    });
    expect(texts(result.current.lines)).toEqual(["d", "c", "b", "a"]);
  });

  it("while the user is scrolled away, new lines wait as 'N new lines' until resume", () => {
    const { result, rerender } = renderHook(({ following }) => useLiveTail("/tail", following), {
      initialProps: { following: true },
    });
    const es = FakeEventSource.all[0]!;
    act(() => {
      send(es, ["a"]);
      vi.advanceTimersByTime(250);
    });
    rerender({ following: false });
    act(() => {
      send(es, ["b", "c"]);
      vi.advanceTimersByTime(250);
    });
    expect(texts(result.current.lines)).toEqual(["a"]);
    expect(result.current.pendingCount).toBe(2);
    act(() => result.current.resume());
    expect(result.current.pendingCount).toBe(0);
    expect(texts(result.current.lines)).toEqual(["c", "b", "a"]);
  });

  it("keeps at most LIVE_MAX_LINES, dropping the oldest", () => {
    const { result } = renderHook(() => useLiveTail("/tail", true));
    const es = FakeEventSource.all[0]!;
    act(() => {
      send(
        es,
        Array.from({ length: LIVE_MAX_LINES + 10 }, (_, i) => `l${i}`),
      );
      vi.advanceTimersByTime(250);
    });
    expect(result.current.lines).toHaveLength(LIVE_MAX_LINES);
    expect(result.current.lines[0]?.line).toBe(`l${LIVE_MAX_LINES + 9}`);
  });

  it("counts Loki's dropped entries, shows tail errors, and takes the server's trace pivot", () => {
    const { result } = renderHook(() => useLiveTail("/tail", true));
    const es = FakeEventSource.all[0]!;
    const pivot = { kind: "item", label: "Open trace", target: { view: "trace" }, marginMs: 300_000 };
    act(() => {
      es.emit("dropped", "3");
      es.emit("dropped", "2");
      es.emit("tail-error", "Loki tail closed");
      es.emit("pivot", JSON.stringify(pivot));
    });
    expect(result.current.dropped).toBe(5);
    expect(result.current.error).toBe("Loki tail closed");
    expect(result.current.tracePivot).toEqual(pivot);
  });

  it("a new URL (filter changed) closes the old stream and starts empty; unmount closes it", () => {
    const { result, rerender, unmount } = renderHook(({ url }) => useLiveTail(url, true), {
      initialProps: { url: "/tail?q=a" },
    });
    const first = FakeEventSource.all[0]!;
    act(() => {
      send(first, ["x"]);
      vi.advanceTimersByTime(250);
    });
    rerender({ url: "/tail?q=b" });
    expect(first.closed).toBe(true);
    expect(FakeEventSource.all[1]?.url).toBe("/tail?q=b");
    expect(result.current.lines).toEqual([]);
    unmount();
    expect(FakeEventSource.all[1]?.closed).toBe(true);
  });
});
