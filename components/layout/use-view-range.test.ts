// @vitest-environment happy-dom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The URL the hook reads, and what it asked the router to do.
const nav = vi.hoisted(() => ({
  search: new URLSearchParams(),
  pathname: "/containers/shop-cart-1",
  push: vi.fn<(url: string, opts?: unknown) => void>(),
  replace: vi.fn<(url: string, opts?: unknown) => void>(),
}));
vi.mock("next/navigation", () => ({
  useSearchParams: () => nav.search,
  usePathname: () => nav.pathname,
  useRouter: () => ({ push: nav.push, replace: nav.replace }),
}));

import { useViewRange } from "./use-view-range";

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const MIN = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  nav.search = new URLSearchParams();
  nav.push.mockReset();
  nav.replace.mockReset();
});
afterEach(() => vi.useRealTimers());

describe("useViewRange", () => {
  it("without from/to: the last hour, relative", () => {
    const { result } = renderHook(() => useViewRange());
    expect(result.current.range).toEqual({ from: NOW - 60 * MIN, to: NOW });
    expect(result.current.isRelative).toBe(true);
  });

  it("a relative range resolves with the server page's clock when the browser's agrees, else with its own", () => {
    nav.search = new URLSearchParams({ from: "now-30m", to: "now" });
    const server = NOW - 4000; // rendered 4 s ago
    const near = renderHook(() => useViewRange(server));
    expect(near.result.current.range).toEqual({ from: server - 30 * MIN, to: server });
    const far = renderHook(() => useViewRange(NOW - 10 * MIN)); // e.g. a browser with a wrong clock
    expect(far.result.current.range).toEqual({ from: NOW - 30 * MIN, to: NOW });
  });

  it("absolute epoch-ms from/to are used as they are", () => {
    nav.search = new URLSearchParams({ from: String(NOW - 10 * MIN), to: String(NOW - 5 * MIN) });
    const { result } = renderHook(() => useViewRange());
    expect(result.current.range).toEqual({ from: NOW - 10 * MIN, to: NOW - 5 * MIN });
    expect(result.current.isRelative).toBe(false);
  });

  it("a bad from typed into the address bar falls back to the default instead of throwing", () => {
    nav.search = new URLSearchParams({ from: "yesterday-ish" });
    const { result } = renderHook(() => useViewRange());
    expect(result.current.range.from).toBe(NOW - 60 * MIN);
  });

  it("setAbsolute pushes epoch ms and keeps every other parameter", () => {
    nav.search = new URLSearchParams({ from: "now-30m", theme: "dark", tab: "logs" });
    const { result } = renderHook(() => useViewRange());
    act(() => result.current.setAbsolute(NOW - 20 * MIN, NOW - 10 * MIN));
    expect(nav.push).toHaveBeenCalledOnce();
    const url = new URL(nav.push.mock.calls[0]![0], "http://x");
    expect(url.pathname).toBe("/containers/shop-cart-1");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: String(NOW - 20 * MIN),
      to: String(NOW - 10 * MIN),
      theme: "dark",
      tab: "logs",
    });
  });

  it("setParams removes empty values; replace mode does not add a history entry", () => {
    nav.search = new URLSearchParams({ q: "error", live: "1" });
    const { result } = renderHook(() => useViewRange());
    act(() => result.current.setParams({ q: "", live: undefined, tab: "traces" }, "replace"));
    expect(nav.push).not.toHaveBeenCalled();
    expect(nav.replace.mock.calls[0]![0]).toBe("/containers/shop-cart-1?tab=traces");
  });

  it("auto-refresh moves a relative range forward on each tick, and only then", () => {
    nav.search = new URLSearchParams({ from: "now-15m", refresh: "30s" });
    const { result } = renderHook(() => useViewRange());
    expect(result.current.refreshMs).toBe(30_000);
    expect(result.current.range.to).toBe(NOW);
    act(() => vi.advanceTimersByTime(29_000));
    expect(result.current.range.to).toBe(NOW);
    act(() => vi.advanceTimersByTime(1_000));
    expect(result.current.range).toEqual({ from: NOW + 30_000 - 15 * MIN, to: NOW + 30_000 });
  });

  it("an absolute range does not move with auto-refresh", () => {
    nav.search = new URLSearchParams({ from: String(NOW - MIN), to: String(NOW), refresh: "5s" });
    const { result } = renderHook(() => useViewRange());
    act(() => vi.advanceTimersByTime(60_000));
    expect(result.current.range).toEqual({ from: NOW - MIN, to: NOW });
  });
});
