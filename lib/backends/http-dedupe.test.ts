// Next.js wraps the server's fetch (dedupe-fetch): during a render it tees every GET response
// and keeps the unread copy until the request ends. A streamed trace body (300 MB at a million
// spans) must not go through that tee: backend GETs are sent as keepalive requests, which the
// wrapper passes through untouched.
import { createDedupeFetch } from "next/dist/server/lib/dedupe-fetch.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { request } from "./http";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe("backend calls under Next.js's fetch", () => {
  it("are GETs Next's dedupe hands to the real fetch as they are: the body is the backend's own stream", async () => {
    const inner = vi.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response('{"ok":true}', { headers: { "Content-Type": "application/json" } }),
    );
    const tee = vi.spyOn(ReadableStream.prototype, "tee");
    globalThis.fetch = createDedupeFetch(inner as unknown as typeof fetch) as typeof fetch;
    const seen: number[] = [];
    const res = await request(
      { backend: "jaeger", baseUrl: "http://backend.invalid", timeoutMs: 1000, maxBytes: 1024 },
      {
        path: "/api/v3/traces/abc",
        decode: {
          key: "t",
          sink: () => ({ push: (c: Uint8Array) => seen.push(c.length), end: () => "done" }),
        },
      },
    );
    expect(res.value).toBe("done");
    expect(inner).toHaveBeenCalledTimes(1);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(11);
    expect(inner.mock.calls[0]![1]?.keepalive).toBe(true);
    expect(tee).not.toHaveBeenCalled();
    tee.mockRestore();
  });

  it("with a body (POST) are not keepalive: the fetch spec limits those bodies to 64 KiB", async () => {
    const inner = vi.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response("{}", { headers: { "Content-Type": "application/json" } }),
    );
    globalThis.fetch = inner as unknown as typeof fetch;
    await request(
      { backend: "loki", baseUrl: "http://backend.invalid", timeoutMs: 1000, maxBytes: 1024 },
      { path: "/x", form: { q: "x".repeat(100_000) } },
    );
    expect(inner).toHaveBeenCalledTimes(1);
    expect(inner.mock.calls[0]![1]?.keepalive).toBe(false);
  });
});
