// Next.js wraps the server's fetch (dedupe-fetch): during a render it tees every GET response
// and keeps the unread copy until the request ends. Backend GETs must not go through that tee
// (a streamed trace body is 300 MB at a million spans; those now go through node:http, see
// http-stream.test.ts): they are sent as keepalive requests, which the wrapper passes through
// untouched.
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
    const res = await request(
      { backend: "jaeger", baseUrl: "http://backend.invalid", timeoutMs: 1000, maxBytes: 1024 },
      { path: "/api/v3/services" },
    );
    expect(res.text).toBe('{"ok":true}');
    expect(inner).toHaveBeenCalledTimes(1);
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
