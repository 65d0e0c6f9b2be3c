// A container's searched traces are kept like the logs API's answers: a repeated request within
// two seconds (open range) or a minute (settled range) makes no Jaeger search; identical
// requests in flight share one round; failures and other containers are never served from it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TraceSearchParams } from "../backends/types";
import { correlationConfigSchema } from "../correlation/overrides";
import { type Millis, millis } from "../model/time";
import { backends, container, fakeTraces } from "./fake-backends.test-helper";

vi.mock("./correlation-config", () => {
  const config = correlationConfigSchema.parse({ jaeger: { attribute: "service.name", key: "name" } });
  return { loadCorrelationConfig: async () => ({ config, patterns: [] }) };
});

import { OPEN_TTL_MS, SETTLED_AFTER_MS, SETTLED_TTL_MS } from "./logs-cache";
import { containerTraces, KeptTraces, keptTraces } from "./traces";

const NOW = 1_795_300_000_000;
const open = { from: millis(NOW - 3_600_000), to: millis(NOW) };
const settled = { from: millis(NOW - 3_600_000), to: millis(NOW - SETTLED_AFTER_MS) };

function countingJaeger(fail = () => false) {
  const calls: TraceSearchParams[] = [];
  const traces = fakeTraces({
    search: async (p) => {
      calls.push(p);
      if (fail()) throw new Error("jaeger: connection refused");
      return { summaries: [], traces: [] };
    },
  });
  return { calls, b: backends({ traces }) };
}

const at = (ms: number) => vi.setSystemTime(NOW + ms);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  keptTraces().clear();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("containerTraces keeps its searches", () => {
  it("reuses an open range's searches for two seconds, then searches again", async () => {
    const { calls, b } = countingJaeger();
    const c = container("shop-cart-1");
    const first = await containerTraces(b, c, open);
    const n = calls.length;
    expect(n).toBeGreaterThan(0);
    expect(calls.every((p) => p.service === "shop-cart-1")).toBe(true);
    at(OPEN_TTL_MS - 1);
    expect(await containerTraces(b, c, open)).toEqual(first);
    expect(calls).toHaveLength(n);
    at(OPEN_TTL_MS);
    await containerTraces(b, c, open);
    expect(calls).toHaveLength(2 * n);
  });

  it("reuses a settled range's searches for a minute", async () => {
    const { calls, b } = countingJaeger();
    const c = container("shop-cart-1");
    await containerTraces(b, c, settled);
    const n = calls.length;
    at(SETTLED_TTL_MS - 1);
    await containerTraces(b, c, settled);
    expect(calls).toHaveLength(n);
    at(SETTLED_TTL_MS);
    await containerTraces(b, c, settled);
    expect(calls).toHaveLength(2 * n);
  });

  it("shares one round between identical requests in flight", async () => {
    const { calls, b } = countingJaeger();
    const c = container("shop-cart-1");
    await Promise.all([containerTraces(b, c, open), containerTraces(b, c, open), containerTraces(b, c, open)]);
    const one = countingJaeger();
    await containerTraces(one.b, container("shop-cart-2"), open);
    expect(calls).toHaveLength(one.calls.length);
  });

  it("never serves another container or another range from what it keeps", async () => {
    const { calls, b } = countingJaeger();
    await containerTraces(b, container("shop-cart-1"), open);
    const n = calls.length;
    await containerTraces(b, container("shop-cart-2"), open);
    expect(calls.slice(n).every((p) => p.service === "shop-cart-2")).toBe(true);
    await containerTraces(b, container("shop-cart-1"), { from: open.from, to: millis(NOW - 1) as Millis });
    expect(calls).toHaveLength(3 * n);
  });

  it("does not keep a failure", async () => {
    let failing = true;
    const { calls, b } = countingJaeger(() => failing);
    const c = container("shop-cart-1");
    await expect(containerTraces(b, c, settled)).rejects.toThrow(/connection refused/);
    const n = calls.length;
    failing = false;
    await containerTraces(b, c, settled);
    expect(calls.length).toBeGreaterThan(n);
  });
});

describe("KeptTraces", () => {
  it("keeps at most maxEntries, dropping the least recently used", () => {
    const k = new KeptTraces(2);
    const body = (s: string) => ({ traces: [], service: s });
    k.set("a", body("a"), 1000, 0);
    k.set("b", body("b"), 1000, 0);
    expect(k.get("a", 1)?.service).toBe("a"); // a is now the most recent
    k.set("c", body("c"), 1000, 1);
    expect(k.size).toBe(2);
    expect(k.get("b", 2)).toBeUndefined();
    expect(k.get("a", 2)?.service).toBe("a");
    expect(k.get("c", 1001)).toBeUndefined(); // expired
  });
});
