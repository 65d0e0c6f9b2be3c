// @vitest-environment happy-dom
// The windowed explorer's rows against the server's own window code (lib/server/trace-window.ts)
// behind a stubbed fetch: what the browser holds, asks for and shows after each action.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StoredTrace } from "@/lib/server/trace-store";
import { matchesSlice, queryMatches, windowOf as serverWindow } from "@/lib/server/trace-window";
import { decodeTrace } from "@/lib/trace-wire/codec";
import { spanIdAt } from "@/lib/trace-wire/model";
import { storedTree, TREE_TRACE_ID, treeSpan } from "@/lib/trace-wire/tree.test-helper";
import { DEFAULT_VIEW, MAX_TOGGLED, parseWindowParams } from "@/lib/trace-wire/window";
import { windowOf } from "./row-source";
import { PAGE_ROWS, TOO_MANY_TOGGLES, useWindowRows } from "./use-window-rows";

const TRACE = TREE_TRACE_ID;
const N = 600;
const id = (i: number) => (0x1000 + i).toString(16).padStart(16, "0");
// A root and three chains below it (1 → 4 → 7 …, 2 → 5 …, 3 → 6 …): 600 rows when expanded.
const parentOf = (i: number) => (i === 0 ? -1 : i <= 3 ? 0 : i - 3);
const span = (i: number) =>
  treeSpan(id(i), i === 0 ? undefined : id(parentOf(i)), 1_000 + i, {
    service: `svc-${i % 3}`,
    name: i % 100 === 50 ? `needle-${i}` : `op-${i}`,
  });
const stored = () => storedTree(Array.from({ length: N }, (_, i) => span(i)));

let trace: StoredTrace;
let asked: URL[];
let qc: QueryClient;
const wrapper = ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client: qc }, children);

/** The routes' answers, from the server's window code over `trace`. */
async function serve(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input), "http://sightline.test");
  asked.push(url);
  if (url.pathname.endsWith("/search")) {
    const all = queryMatches(trace, url.searchParams.get("q") ?? "");
    const num = (k: string) => (url.searchParams.has(k) ? Number(url.searchParams.get(k)) : undefined);
    const { positions, first } = matchesSlice(all, { limit: num("limit"), after: num("after"), before: num("before") });
    return Response.json({ version: "v1", positions: [...positions], count: all.length, first });
  }
  const p = parseWindowParams(url.searchParams);
  if (!p.ok) return Response.json({ error: { kind: "bad-request", message: p.message } }, { status: 400 });
  if (p.request.version !== trace.version)
    return Response.json({ error: { kind: "stale", message: "reload the page" } }, { status: 409 });
  const bytes = serverWindow(trace, p.request);
  return new Response(bytes.slice().buffer, { headers: { "Content-Type": "application/octet-stream" } });
}

beforeEach(() => {
  trace = stored();
  asked = [];
  qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  vi.stubGlobal("fetch", vi.fn(serve));
});
afterEach(() => vi.unstubAllGlobals());

const firstWindow = () =>
  windowOf(decodeTrace(serverWindow(trace, { view: DEFAULT_VIEW, first: 0, count: PAGE_ROWS }).slice().buffer))!;
const windowAsks = () => asked.filter((u) => u.pathname.endsWith("/window"));

function mount(query = "", only = false, onStale?: () => void) {
  const first = firstWindow();
  return renderHook(({ q, o }) => useWindowRows(TRACE, undefined, first, "v1", q, o, onStale), {
    wrapper,
    initialProps: { q: query, o: only },
  });
}

describe("useWindowRows", () => {
  it("holds the first window, asks for the rows the list draws, and reads them where they landed", async () => {
    const { result } = mount();
    expect(result.current.source.count).toBe(N);
    expect(result.current.source.row(0)?.pos).toBe(0);
    expect(result.current.source.row(PAGE_ROWS)).toBeUndefined();
    act(() => result.current.source.need?.(450, 480));
    await waitFor(() => expect(result.current.source.row(460)).toBeDefined());
    expect(windowAsks().map((u) => u.searchParams.get("first"))).toEqual(["400"]);
    expect(result.current.source.row(460)?.pos).toBe(460);
    expect(result.current.source.spanIdOf(460)).toBe(spanIdAt(trace.laid, 460));
    // Asking again for rows it has asks nothing.
    act(() => result.current.source.need?.(450, 480));
    expect(windowAsks()).toHaveLength(1);
  });

  it("drops the windows asked for on the way when the list has moved far on (a scrollbar dragged)", () => {
    const aborted: string[] = [];
    // A server that never answers: every window stays in flight until dropped.
    vi.stubGlobal(
      "fetch",
      vi.fn(
        (input: RequestInfo | URL, init?: RequestInit) =>
          new Promise<Response>((_, reject) => {
            const first = new URL(String(input), "http://sightline.test").searchParams.get("first") ?? "";
            init?.signal?.addEventListener("abort", () => {
              aborted.push(first);
              reject(new DOMException("aborted", "AbortError"));
            });
          }),
      ),
    );
    trace = storedTree(Array.from({ length: 3_000 }, (_, i) => span(i)));
    const { result } = mount();
    act(() => result.current.source.need?.(210, 230)); // the window at 200
    act(() => result.current.source.need?.(450, 480)); // at 400: 200 is near, kept
    expect(aborted).toEqual([]);
    act(() => result.current.source.need?.(2_450, 2_480)); // far on: 200 and 400 are dropped
    expect(aborted.sort()).toEqual(["200", "400"]);
    act(() => result.current.source.need?.(2_650, 2_680)); // the next window: 2,400 is near, kept
    expect(aborted).toHaveLength(2);
    expect(result.current.error).toBeNull();
  });

  it("collapse all keeps the old rows until the new view's rows arrive; a toggle expands through the server", async () => {
    const { result } = mount();
    act(() => result.current.collapseAll());
    expect(result.current.source.count).toBe(N); // the old view, until the new one is here
    await waitFor(() => expect(result.current.source.count).toBe(1));
    expect(windowAsks().at(-1)?.searchParams.get("base")).toBe("all");
    expect(result.current.source.row(0)).toMatchObject({ pos: 0, collapsed: true });
    act(() => result.current.toggle(0));
    await waitFor(() => expect(result.current.source.count).toBe(4));
    expect(windowAsks().at(-1)?.searchParams.get("t")).toBe("0");
    expect(result.current.source.row(0)?.collapsed).toBe(false);
    expect([1, 2, 3].map((i) => result.current.source.row(i)?.collapsed)).toEqual([true, true, true]);
    act(() => result.current.expandAll());
    await waitFor(() => expect(result.current.source.count).toBe(N));
  });

  it("says so when a view has as many single toggles as it may carry; collapse all starts again", async () => {
    const { result } = mount();
    act(() => result.current.source.need?.(0, 600));
    await waitFor(() => expect(result.current.source.row(599)).toBeDefined());
    const src = result.current.source;
    const parents: number[] = [];
    for (let i = 0; i < src.count; i++) {
      const r = src.row(i)!;
      if (r.m.childCount[r.at]! > 0) parents.push(r.pos);
    }
    expect(parents.length).toBeGreaterThan(MAX_TOGGLED);
    act(() => {
      for (const p of parents.slice(0, MAX_TOGGLED)) result.current.toggle(p);
    });
    expect(result.current.notice ?? null).toBeNull();
    act(() => result.current.toggle(parents[MAX_TOGGLED]!));
    expect(result.current.notice).toBe(TOO_MANY_TOGGLES);
    act(() => result.current.collapseAll());
    expect(result.current.notice).toBeNull();
  });

  it("reveal opens the ancestors of a span deep in a collapsed view and asks the list to scroll to it", async () => {
    const { result } = mount();
    act(() => result.current.collapseAll());
    await waitFor(() => expect(result.current.source.count).toBe(1));
    const deep = trace.laid.n - 1; // the end of the last chain
    act(() => result.current.reveal(deep));
    await waitFor(() => expect(result.current.scrollRequest?.pos).toBe(deep));
    const index = result.current.scrollRequest!.index!;
    await waitFor(() => expect(result.current.source.row(index)?.pos).toBe(deep));
    expect(windowAsks().some((u) => u.searchParams.get("locate") === String(deep))).toBe(true);
  });

  it("find asks the server where a span ID is", async () => {
    const { result } = mount();
    const pos = 377;
    await expect(result.current.find(spanIdAt(trace.laid, pos))).resolves.toBe(pos);
    await expect(result.current.find("00000000deadbeef")).resolves.toBe(-1);
  });

  it("a query marks the matches the server found; only-matches asks for their rows only", async () => {
    const { result, rerender } = mount();
    rerender({ q: "needle", o: false });
    await waitFor(() => expect(result.current.matchCount).toBe(6));
    expect([...result.current.matches]).toEqual([...queryMatches(trace, "needle")]);
    const first = result.current.matches[0]!;
    await waitFor(() => expect(result.current.source.rowOf(first)?.matched).toBe(true));
    rerender({ q: "needle", o: true });
    await waitFor(() => expect(windowAsks().at(-1)?.searchParams.get("only")).toBe("1"));
    await waitFor(() => expect(result.current.source.count).toBeLessThan(N));
    // Every row left is a match or an ancestor of one.
    const c = result.current.source;
    for (let i = 0; i < Math.min(c.count, PAGE_ROWS); i++) {
      const r = c.row(i);
      if (r) expect(r.matched || r.m.childCount[r.at]! > 0).toBe(true);
    }
  });

  it("typing sends one query, once the typing pauses (each costs the server a pass over the trace)", async () => {
    const { result, rerender } = mount();
    for (const q of ["n", "ne", "nee", "need", "needle"]) rerender({ q, o: false });
    await waitFor(() => expect(result.current.matchCount).toBe(6));
    const queries = asked.map((u) => u.searchParams.get("q")).filter(Boolean);
    expect(new Set(queries)).toEqual(new Set(["needle"]));
  });

  it("steps from match to match through the server, with each one's rank, around the ends", async () => {
    const { result, rerender } = mount();
    rerender({ q: "needle", o: false });
    await waitFor(() => expect(result.current.matchCount).toBe(6));
    const all = [...queryMatches(trace, "needle")];
    const step = result.current.step!;
    expect(await step(1, -1)).toEqual({ pos: all[0], rank: 0 });
    expect(await step(1, all[0]!)).toEqual({ pos: all[1], rank: 1 });
    // From a row between two matches: the next one after it.
    expect(await step(1, all[2]! + 1)).toEqual({ pos: all[3], rank: 3 });
    // Past the last: around to the first; before the first: around to the last.
    expect(await step(1, all[5]!)).toEqual({ pos: all[0], rank: 0 });
    expect(await step(-1, all[0]!)).toEqual({ pos: all[5], rank: 5 });
    expect(await step(-1, all[4]!)).toEqual({ pos: all[3], rank: 3 });
    expect(await step(-1, -1)).toEqual({ pos: all[5], rank: 5 });
  });

  it("a window of a version the server no longer has asks the page to load the new one", async () => {
    let stale = 0;
    const { result } = mount("", false, () => stale++);
    trace = { ...stored(), version: "v2" };
    act(() => result.current.source.need?.(450, 480));
    await waitFor(() => expect(stale).toBeGreaterThan(0));
    expect(result.current.error).toBeNull();
    // The same for a search step and a span lookup.
    const before = stale;
    await result.current.find(spanIdAt(trace.laid, 3));
    expect(stale).toBe(before + 1);
  });

  it("a window that fails otherwise is an error with a retry", async () => {
    const { result } = mount("", false, () => {
      throw new Error("not a stale answer");
    });
    const real = trace;
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json({ error: { kind: "upstream", message: "Jaeger is down" } }, { status: 502 })),
    );
    act(() => result.current.source.need?.(450, 480));
    await waitFor(() => expect(result.current.error?.message).toBe("Jaeger is down"));
    trace = real;
    vi.stubGlobal("fetch", vi.fn(serve));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.source.row(460)).toBeDefined());
    expect(result.current.error).toBeNull();
  });
});
