// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SpansAtResponse } from "@/lib/model/api-trace";
import { micros } from "@/lib/model/time";
import type { Span } from "@/lib/model/trace";
import { spanQuery } from "@/lib/queries/trace-keys";
import { type FetchSpansAt, SETTLE_MS, useDetailPrefetch } from "./use-detail-prefetch";
import { buildWaterfall, spanIdAt, type WaterfallModel } from "./waterfall-model";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const span = (i: number): Span => ({
  traceId: TRACE,
  spanId: (i + 1).toString(16).padStart(16, "0"),
  parentSpanId: i === 0 ? undefined : "0000000000000001",
  service: "svc",
  name: `op-${i}`,
  kind: "internal",
  start: micros(1_000_000 + i),
  duration: micros(10),
  status: "unset",
  attributes: { i },
  events: [],
  links: [],
  resource: {},
});
const SPANS = Array.from({ length: 50 }, (_, i) => span(i));
const model = (version: string): WaterfallModel => buildWaterfall(SPANS, { traceId: TRACE, version });

/** A server that answers from SPANS in the model's pre-order, and records what it was asked. */
function server(m: WaterfallModel) {
  const asked: number[][] = [];
  let fail = false;
  const fetcher = vi.fn<FetchSpansAt>(async (_t, version, positions) => {
    asked.push([...positions]);
    if (fail) throw new Error("409");
    const byId = new Map(SPANS.map((s) => [s.spanId, s]));
    return {
      version,
      spans: positions.map((pos) => ({ pos, span: byId.get(spanIdAt(m, pos))! })),
    } satisfies SpansAtResponse;
  });
  return { fetcher, asked, failNext: () => (fail = true) };
}

let qc: QueryClient;
const wrapper = ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client: qc }, children);
const cached = (m: WaterfallModel, pos: number) =>
  qc.getQueryData(spanQuery(TRACE, spanIdAt(m, pos)).queryKey) as { span: Span } | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  qc = new QueryClient();
});
afterEach(() => {
  vi.useRealTimers();
  qc.clear();
});

describe("useDetailPrefetch", () => {
  it("asks once for the rows of a view that stays put, and the span queries hold their detail", async () => {
    const m = model("v1");
    const srv = server(m);
    const { result } = renderHook(() => useDetailPrefetch(TRACE, m, undefined, true, srv.fetcher), { wrapper });
    // Scrolling: views that change before they settle ask nothing.
    result.current(Int32Array.of(0, 1, 2));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS / 2));
    result.current(Int32Array.of(10, 11, 12));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS + 1));
    expect(srv.asked).toEqual([[10, 11, 12]]);
    expect(cached(m, 11)?.span.spanId).toBe(spanIdAt(m, 11));
    expect(cached(m, 1)).toBeUndefined();
    // A view overlapping what is cached asks only for the rest; a view all cached asks nothing.
    result.current(Int32Array.of(11, 12, 13));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS + 1));
    result.current(Int32Array.of(10, 13));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS + 1));
    expect(srv.asked).toEqual([[10, 11, 12], [13]]);
  });

  it("never overwrites a detail the click already fetched, and asks nothing while off", async () => {
    const m = model("v1");
    const srv = server(m);
    const mine = { span: { ...SPANS[0]!, name: "from the click" } };
    qc.setQueryData(spanQuery(TRACE, spanIdAt(m, 0)).queryKey, mine);
    const { result, rerender } = renderHook(
      ({ on }: { on: boolean }) => useDetailPrefetch(TRACE, m, undefined, on, srv.fetcher),
      { wrapper, initialProps: { on: false } },
    );
    result.current(Int32Array.of(0, 1));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS * 3));
    expect(srv.asked).toEqual([]);
    rerender({ on: true });
    result.current(Int32Array.of(0, 1));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS + 1));
    expect(srv.asked).toEqual([[1]]);
    expect(cached(m, 0)).toBe(mine);
  });

  it("after a failure (e.g. the server fetched the trace again) it stops asking for this model", async () => {
    const m = model("v1");
    const srv = server(m);
    srv.failNext();
    const { result } = renderHook(() => useDetailPrefetch(TRACE, m, undefined, true, srv.fetcher), { wrapper });
    result.current(Int32Array.of(1, 2));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS + 1));
    result.current(Int32Array.of(3, 4));
    await act(() => vi.advanceTimersByTimeAsync(SETTLE_MS + 1));
    expect(srv.asked).toEqual([[1, 2]]);
    expect(cached(m, 1)).toBeUndefined();
  });
  it("new rows (the trace arrived, a collapse, an expand) are asked for at once, and rows being fetched are not asked twice", async () => {
    const m = model("v1");
    const srv = server(m);
    let answer: () => void = () => {};
    const gate = new Promise<void>((r) => (answer = r));
    const slow = vi.fn<FetchSpansAt>(async (...args) => {
      await gate;
      return srv.fetcher(...args);
    });
    const { result } = renderHook(() => useDetailPrefetch(TRACE, m, undefined, true, slow), { wrapper });
    result.current(Int32Array.of(0, 1, 2), false);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(slow).toHaveBeenCalledTimes(1);
    // Collapse then expand while the first answer is on its way: only the new row is asked for.
    result.current(Int32Array.of(0), false);
    await act(() => vi.advanceTimersByTimeAsync(0));
    result.current(Int32Array.of(0, 1, 2, 3), false);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(slow.mock.calls.map((c) => c[2])).toEqual([[0, 1, 2], [3]]);
    answer();
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(cached(m, 2)?.span.spanId).toBe(spanIdAt(m, 2));
    expect(cached(m, 3)?.span.spanId).toBe(spanIdAt(m, 3));
  });
});
