// The first rows of a trace still loading (TraceStore.start / partialHead / lookupOrPartial):
// the backend's answer arrives in two halves with a gate between them.
import { describe, expect, it } from "vitest";
import { otlpColumnsDecode } from "../backends/jaeger/otlp-columns";
import type { TraceProgress } from "../backends/trace-progress";
import type { TracesBackend } from "../backends/types";
import { pivotMargins } from "../correlation/pivots";
import { FLAG_ORPHAN, spanIdAt } from "../trace-wire/model";
import type { PlaceContext } from "./place-spans";
import { lookupOrPartial, TraceStore } from "./trace-store";

const CTX: PlaceContext = {
  margins: pivotMargins({ spanLogMarginMs: 45_000 }),
  configured: { metrics: true, logs: false },
};
const TRACE = "0af7651916cd43dd8448eb211c80319c";
const id = (i: number) => (0x1000 + i).toString(16).padStart(16, "0");

/** An OTLP answer of the spans in `order`: span i's parent is span i - 1, except every odd span's is the root. */
function otlpBody(order: number[]): string {
  const spans = order.map((i) => ({
    traceId: TRACE,
    spanId: id(i),
    ...(i > 0 ? { parentSpanId: id(i % 2 ? 0 : i - 1) } : {}),
    name: `op-${i}`,
    kind: 2,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 1000n),
    endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 1000n + 500n),
    attributes: [{ key: "i", value: { intValue: String(i) } }],
  }));
  return JSON.stringify({
    result: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeSpans: [{ spans }],
        },
      ],
    },
  });
}

/** A backend whose answer stops after `cut` bytes until `release()`. */
function gatedBackend(body: string, cut: number) {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const bytes = new TextEncoder().encode(body);
  const traces = {
    async getTrace() {
      throw new Error("the store reads columns");
    },
    async getTraceTable(traceId: string, opts?: { progress?: TraceProgress }) {
      const sink = otlpColumnsDecode(
        { backend: "jaeger", what: "GET /api/v3/traces/{id}" },
        traceId,
        opts?.progress,
      ).sink(bytes.length);
      sink.push(bytes.subarray(0, cut));
      await gate;
      sink.push(bytes.subarray(cut));
      return sink.end();
    },
  } as unknown as TracesBackend;
  const deps = async () => ({ traces, inventory: async () => ({ containers: [], errors: [] }), place: CTX });
  return { deps, release };
}

describe("a trace still loading", () => {
  it("is found before its answer ends, and its first rows come from the spans decoded so far", async () => {
    const n = 200;
    const body = otlpBody(Array.from({ length: n }, (_, i) => i));
    const b = gatedBackend(body, Math.floor(body.length / 2));
    const store = new TraceStore(b.deps, () => 1e9);
    const l = await store.start(TRACE);
    expect(l.progress).toBeDefined();
    await l.progress!.found;
    let done = false;
    void l.done.then(() => {
      done = true;
    });
    const r = await lookupOrPartial(store, l, TRACE, Date.now());
    if (!("partial" in r)) throw new Error("expected the partial head");
    const p = r.partial;
    expect(done).toBe(false);
    expect(p.loading.spans).toBeGreaterThan(10);
    expect(p.loading.spans).toBeLessThan(n);
    expect(p.loading.totalBytes).toBe(new TextEncoder().encode(body).length);
    expect(p.loading.bytes).toBe(Math.floor(body.length / 2));
    expect(p.model.n).toBe(p.loading.spans);
    expect(p.rows).toBe(Math.min(80, p.loading.spans));
    expect(spanIdAt(p.model, 0)).toBe(id(0)); // the root is first
    expect(p.model.version.startsWith("partial.")).toBe(true);
    // A second page at once gets the same head (one layout), not a new one.
    expect(store.partialHead(TRACE, l.progress!)).toBe(p);
    // How far the load is, cheaply, for the page to show while it waits.
    expect(store.loadProgress(TRACE)).toEqual({ bytes: Math.floor(body.length / 2), totalBytes: p.loading.totalBytes });
    expect(
      store.loadProgress(TRACE, undefined, {
        key: "other-view",
        inventory: async () => ({ containers: [], errors: [] }),
      }),
    ).toBeUndefined();
    b.release();
    const full = await l.done;
    if (full.kind !== "ok") throw new Error(full.kind);
    expect(full.stored.laid.n).toBe(n);
    // The snapshot is its own: the rest of the answer did not change it.
    expect(p.model.n).toBe(p.loading.spans);
    expect(store.loadProgress(TRACE)).toBeUndefined();
    // Stored now: no progress, get's answer at once.
    const again = await store.start(TRACE);
    expect(again.progress).toBeUndefined();
    const r2 = await lookupOrPartial(store, again, TRACE, Date.now());
    expect("lookup" in r2 && r2.lookup.kind === "ok" && r2.lookup.stored).toBe(full.stored);
  });

  it("calls no row an orphan whose parent has not arrived yet", async () => {
    const n = 100;
    // Children before their parents: the first half names parents in the second half.
    const order = Array.from({ length: n }, (_, i) => n - 1 - i);
    const body = otlpBody(order);
    const b = gatedBackend(body, Math.floor(body.length / 2));
    const store = new TraceStore(b.deps, () => 1e9);
    const l = await store.start(TRACE);
    const r = await lookupOrPartial(store, l, TRACE, Date.now());
    if (!("partial" in r)) throw new Error("expected the partial head");
    const m = r.partial.model;
    for (let p = 0; p < r.partial.rows; p++) expect(m.flags[p]! & FLAG_ORPHAN).toBe(0);
    expect(m.orphanCount).toBe(0);
    expect(Object.keys(m.orphanParents)).toEqual([]);
    b.release();
    const full = await l.done;
    expect(full.kind === "ok" && full.stored.laid.orphanCount).toBe(0);
  });

  it("waits for the whole trace when it comes before the deadline", async () => {
    const body = otlpBody(Array.from({ length: 10 }, (_, i) => i));
    const b = gatedBackend(body, body.length);
    b.release();
    const store = new TraceStore(b.deps, () => 1e9);
    const l = await store.start(TRACE);
    const r = await lookupOrPartial(store, l, TRACE, Date.now() + 60_000);
    expect("lookup" in r && r.lookup.kind).toBe("ok");
  });
});
