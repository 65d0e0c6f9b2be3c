import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { millis } from "../model/time";
import { PAGE_NOW_HEADER, pageNow, TRACE_STATE_HEADER, tracePageStatus } from "./trace-page-status";
import { traceStore } from "./trace-store";

const KNOWN = `feed${"0".repeat(20)}${(500).toString(16).padStart(8, "0")}`;
const UNKNOWN = "0123456789abcdef0123456789abcdef";
let restore: () => Promise<void>;

beforeAll(async () => {
  restore = (await useDemoBackends()).restore;
});
afterAll(async () => {
  await restore?.();
});

const now = millis(Date.now());
function req(path: string, headers: Record<string, string> = {}, method = "GET") {
  const u = new URL(`http://127.0.0.1${path}`);
  return { method, headers: new Headers(headers), nextUrl: { pathname: u.pathname, searchParams: u.searchParams } };
}

describe("tracePageStatus", () => {
  it("answers 404 for a document load of a trace the store does not find, and tells the page", async () => {
    const h = new Headers();
    expect(await tracePageStatus(req(`/traces/${UNKNOWN}`), h, now)).toBe(404);
    expect(h.get(TRACE_STATE_HEADER)).toBe("missing");
    expect(pageNow(h)).toBe(now);
  });

  it("leaves a trace that is there to the page, loading in the store for it", async () => {
    const h = new Headers({ [TRACE_STATE_HEADER]: "missing" }); // a client cannot fake the answer
    expect(await tracePageStatus(req(`/traces/${KNOWN}?spanId=00000001`), h, now)).toBeUndefined();
    expect(h.get(TRACE_STATE_HEADER)).toBeNull();
    // The proxy waits only until the trace is found; the page joins the load it started.
    const first = await traceStore().get(KNOWN);
    if (first.kind !== "ok") throw new Error(first.kind);
    const bytes = traceStore().bytes;
    expect(bytes).toBeGreaterThan(0);
    const again = await traceStore().get(KNOWN);
    expect(again.kind === "ok" && again.stored).toBe(first.stored); // the same stored copy, no second load
    expect(traceStore().bytes).toBe(bytes);
  });

  it("does not look up client navigations, prefetches, other pages or unreadable links", async () => {
    for (const r of [
      req(`/traces/${UNKNOWN}`, { rsc: "1" }),
      req(`/traces/${UNKNOWN}`, { rsc: "1", "next-router-prefetch": "1" }),
      req(`/traces/${UNKNOWN}`, {}, "POST"),
      req(`/traces/${UNKNOWN}/more`),
      req("/containers/x"),
      req("/traces/not-hex"),
      req(`/traces/${UNKNOWN}?from=garbage`),
    ]) {
      const h = new Headers({ [PAGE_NOW_HEADER]: "1" });
      expect(await tracePageStatus(r, h, now)).toBeUndefined();
      expect(h.get(TRACE_STATE_HEADER)).toBeNull();
      expect(h.get(PAGE_NOW_HEADER)).toBeNull();
    }
  });
});
