import { describe, expect, it } from "vitest";
import type { TracesBackend } from "../backends/types";
import { pivotMargins } from "../correlation/pivots";
import { micros } from "../model/time";
import type { Span } from "../model/trace";
import { estimateSpansBytes, TraceStore } from "./trace-store";

const span = (i: number, attributes: Span["attributes"] = {}): Span => ({
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: (i + 1).toString(16).padStart(16, "0"),
  parentSpanId: i ? "0000000000000001" : undefined,
  service: "svc",
  name: "op",
  kind: "internal",
  start: micros(1000 + i),
  duration: micros(5),
  status: "unset",
  attributes,
  events: [],
  links: [],
  resource: {},
});

describe("the trace store's size estimate", () => {
  it("follows the attributes, not only the span count", () => {
    const small = Array.from({ length: 2000 }, (_, i) => span(i, { ok: true }));
    const big = Array.from({ length: 2000 }, (_, i) => span(i, { "db.statement": "x".repeat(60_000) }));
    expect(estimateSpansBytes(small)).toBeLessThan(2000 * 1000);
    expect(estimateSpansBytes(big)).toBeGreaterThan(2000 * 60_000);
    expect(estimateSpansBytes([])).toBe(0);
  });

  it("a store of traces with big attributes evicts by their size", async () => {
    const traces = {
      async getTrace(id: string) {
        const attrs: Span["attributes"] = id === "big" ? { "db.statement": "x".repeat(60_000) } : {};
        return { traceId: id, spans: Array.from({ length: 100 }, (_, i) => span(i, attrs)), warnings: [] };
      },
    } as unknown as TracesBackend;
    const deps = async () => ({
      traces,
      inventory: async () => ({ containers: [], errors: [] }),
      place: { margins: pivotMargins({}), configured: { metrics: false, logs: false } },
    });
    const store = new TraceStore(deps, () => 4 * 1024 * 1024);
    await store.get("a");
    await store.get("b");
    const two = store.bytes;
    expect(two).toBeLessThan(1024 * 1024);
    await store.get("big"); // 100 spans × 60 KB: over the 4 MiB cap alone, so it evicts both others
    expect(store.bytes).toBeGreaterThan(100 * 60_000);
    const again = await store.get("a");
    expect(again.kind).toBe("ok");
    expect(store.bytes).toBeLessThan(two); // "big" went; "a" reloaded
  });
});
