// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { earlyFetchScript, takeEarly } from "./early";
import { fetchJson } from "./fetch-json";

afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as unknown as Record<string, unknown>).__sightlineEarly;
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "X-Request-Id": "r-1" },
  });

describe("early requests", () => {
  it("the page's script fetches each path once, and fetchJson takes that response instead of asking again", async () => {
    const fetch = vi.fn(async (url: string) => json({ url }));
    vi.stubGlobal("fetch", fetch);
    new Function(earlyFetchScript(["/api/containers/a/metrics?from=1&to=2", "/api/containers/a/traces?from=1&to=2"]))();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/containers/a/metrics?from=1&to=2");

    await expect(fetchJson("/api/containers/a/metrics?from=1&to=2")).resolves.toEqual({
      url: "/api/containers/a/metrics?from=1&to=2",
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    // Taken once: a refetch of the same URL is a new request.
    await fetchJson("/api/containers/a/metrics?from=1&to=2");
    expect(fetch).toHaveBeenCalledTimes(3);
    // Another URL was never started early.
    await fetchJson("/api/containers/a/logs?from=1&to=2");
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it("an early response that failed is the same ApiError a late one would be", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json({ error: { kind: "http", message: "Loki failed", backend: "loki" } }, 502)),
    );
    new Function(earlyFetchScript(["/api/x"]))();
    await expect(fetchJson("/api/x")).rejects.toMatchObject({
      name: "ApiError",
      status: 502,
      backend: "loki",
      message: "Loki failed",
      requestId: "r-1",
    });
  });

  it("nothing started early for a path: takeEarly has nothing", () => {
    expect(takeEarly("/api/y")).toBeUndefined();
  });

  it("only same-origin paths, and the script cannot be closed by a crafted URL", () => {
    const src = earlyFetchScript([
      "/api/containers/%3C/script%3E?q=</script><script>alert(1)</script>",
      "https://evil.example/x",
      "//evil.example/y",
    ]);
    expect(src).not.toContain("</script");
    expect(src).not.toContain("evil.example");
    const fetch = vi.fn(async (_url: string) => json({}));
    vi.stubGlobal("fetch", fetch);
    new Function(src)();
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      "/api/containers/%3C/script%3E?q=</script><script>alert(1)</script>",
    ]);
  });
});
