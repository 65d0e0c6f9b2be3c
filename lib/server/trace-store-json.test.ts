// The trace store over a columnar backend (Jaeger v3's decode into columns): the JSON traces
// API's body, span detail by ID and by position, and what it counts against its cap.
import { describe, expect, it } from "vitest";
import { decodeOtlpTable } from "../backends/jaeger/otlp-columns";
import type { TracesBackend } from "../backends/types";
import { pivotMargins } from "../correlation/pivots";
import type { TraceResponse } from "../model/api";
import { traceOfTable } from "../model/span-table";
import type { PlaceContext } from "./place-spans";
import { spanAtPos, spanById, TraceStore } from "./trace-store";

const CTX: PlaceContext = {
  margins: pivotMargins({ spanLogMarginMs: 45_000 }),
  configured: { metrics: true, logs: false },
};
const TRACE = "0af7651916cd43dd8448eb211c80319c";

function body(n: number): string {
  const spans = Array.from({ length: n }, (_, i) => {
    const id = (i + 1).toString(16).padStart(16, "0");
    const parent =
      i === 0
        ? ""
        : Math.ceil(i / 2)
            .toString(16)
            .padStart(16, "0");
    return `{"traceId":"${TRACE}","spanId":"${id}","parentSpanId":"${parent}","name":"op-${i % 3}","startTimeUnixNano":"${1_700_000_000_000_000_000n + BigInt(i * 1000)}","endTimeUnixNano":"${1_700_000_000_000_000_000n + BigInt(i * 1000 + 700)}","attributes":[{"key":"i","value":{"intValue":"${i}"}}]}`;
  });
  return `{"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeSpans":[{"scope":{"name":"lib"},"spans":[${spans.join(",")}]}]}]}}`;
}

function columnarBackend(text: string) {
  let calls = 0;
  const traces = {
    async getTrace() {
      throw new Error("the store asks for columns");
    },
    async getTraceTable(id: string) {
      calls++;
      return decodeOtlpTable(new TextEncoder().encode(text), { what: "test" }, id);
    },
  } as unknown as TracesBackend;
  return {
    calls: () => calls,
    deps: async () => ({ traces, inventory: async () => ({ containers: [], errors: [] }), place: CTX }),
  };
}

describe("TraceStore over columns", () => {
  it("serves the JSON body with every span once, keeps it and counts it", async () => {
    const text = body(50);
    const b = columnarBackend(text);
    const store = new TraceStore(b.deps, () => 1e9);
    const r = await store.get(TRACE);
    if (r.kind !== "ok") throw new Error(r.kind);
    const before = store.bytes;
    const json = store.json(r.stored);
    const parsed = JSON.parse(Buffer.from(json).toString("utf8")) as TraceResponse;
    const want = traceOfTable(decodeOtlpTable(new TextEncoder().encode(text), { what: "test" })!);
    expect(parsed.trace).toEqual(JSON.parse(JSON.stringify(want)));
    expect(parsed.trace.spans).toHaveLength(50);
    expect(parsed.spanContainer).toEqual(new Array(50).fill(-1));
    expect(parsed.unmatched.map((u) => u.service)).toEqual(["cart"]);
    expect(store.json(r.stored)).toBe(json);
    expect(store.bytes).toBe(before + json.length);
    expect(b.calls()).toBe(1);
  });

  it("builds the span asked for, by ID or by position, with its attributes", async () => {
    const store = new TraceStore(columnarBackend(body(20)).deps, () => 1e9);
    const r = await store.get(TRACE);
    if (r.kind !== "ok") throw new Error(r.kind);
    const s = spanById(r.stored, "000000000000000b");
    expect(s).toMatchObject({
      spanId: "000000000000000b",
      service: "cart",
      attributes: { "otel.scope.name": "lib", i: 10 },
    });
    expect(spanById(r.stored, "00000000000000ff")).toBeUndefined();
    // Position 1 in pre-order is the root's first child: span 2.
    expect(spanAtPos(r.stored, 0)?.spanId).toBe("0000000000000001");
    expect(spanAtPos(r.stored, 1)?.spanId).toBe("0000000000000002");
    expect(spanAtPos(r.stored, 20)).toBeUndefined();
  });

  it("counts a columnar trace as its body's bytes plus its columns", async () => {
    const text = body(200);
    const store = new TraceStore(columnarBackend(text).deps, () => 1e9);
    const r = await store.get(TRACE);
    if (r.kind !== "ok") throw new Error(r.kind);
    expect(r.stored.bytes).toBeGreaterThan(text.length);
    expect(r.stored.bytes).toBeLessThan(text.length + 200 * 400);
  });
});
