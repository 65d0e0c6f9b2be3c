import { describe, expect, it } from "vitest";
import type { TracesBackend } from "../backends/types";
import { pivotMargins } from "../correlation/pivots";
import type { Container } from "../model/container";
import { micros } from "../model/time";
import type { Span, Trace } from "../model/trace";
import { decodeTrace } from "../trace-wire/codec";
import { containerIndexAt, spanIdAt } from "../trace-wire/model";
import { container } from "./fake-backends.test-helper";
import type { PlaceContext } from "./place-spans";
import { spanAtPos, TraceStore } from "./trace-store";
import { queryMatches, viewRows } from "./trace-window";

const CTX: PlaceContext = {
  margins: pivotMargins({ spanLogMarginMs: 45_000 }),
  configured: { metrics: true, logs: false },
};

function span(spanId: string, parent?: string, resource: Span["resource"] = {}): Span {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId,
    parentSpanId: parent,
    service: "svc",
    name: `op-${spanId}`,
    kind: "server",
    start: micros(1000 + spanId.length),
    duration: micros(5),
    status: "unset",
    attributes: { k: spanId },
    events: [],
    links: [],
    resource,
  };
}

function fakeBackend(spansOf: (id: string) => Span[] | undefined, containers: Container[] = []) {
  const calls: string[] = [];
  const traces = {
    async getTrace(id: string): Promise<Trace | undefined> {
      calls.push(id);
      await new Promise((r) => setTimeout(r, 5));
      const spans = spansOf(id);
      return spans ? { traceId: id, spans, warnings: [] } : undefined;
    },
  } as unknown as TracesBackend;
  return { calls, deps: async () => ({ traces, inventory: async () => ({ containers, errors: [] }), place: CTX }) };
}

describe("TraceStore", () => {
  it("shares one backend call between concurrent requests and keeps the result", async () => {
    const b = fakeBackend(() => [span("r"), span("c1", "r")]);
    const store = new TraceStore(b.deps, () => 1e9);
    const [x, y] = await Promise.all([store.get("t1"), store.get("t1")]);
    expect(b.calls).toEqual(["t1"]);
    expect(x.kind === "ok" && y.kind === "ok" && x.stored === y.stored).toBe(true);
    await store.get("t1");
    expect(b.calls).toEqual(["t1"]);
  });

  it("encodes columns the client decodes, and maps positions back to the kept spans", async () => {
    const b = fakeBackend(() => [span("c1", "r"), span("r")]);
    const store = new TraceStore(b.deps, () => 1e9);
    const r = await store.get("t1");
    if (r.kind !== "ok") throw new Error(r.kind);
    const m = decodeTrace(store.encoded(r.stored).slice().buffer);
    expect(m.version).toBe(r.stored.version);
    expect([spanIdAt(m, 0), spanIdAt(m, 1)]).toEqual(["r", "c1"]);
    expect(spanAtPos(r.stored, 1)?.attributes).toEqual({ k: "c1" });
  });

  it("sends the server's span placement and pivots in the columns: a container index per span, the table in the header", async () => {
    const web = container("shop-web-1");
    const b = fakeBackend(
      () => [
        span("c1", "r", { "container.id": web.id }),
        span("r", undefined, { "container.id": web.id }),
        span("x", "r"),
      ],
      [web],
    );
    const store = new TraceStore(b.deps, () => 1e9);
    const r = await store.get("t1");
    if (r.kind !== "ok") throw new Error(r.kind);
    const m = decodeTrace(store.encoded(r.stored).slice().buffer);
    const byId = (id: string) => {
      for (let p = 0; p < m.n; p++) if (spanIdAt(m, p) === id) return p;
      throw new Error(id);
    };
    expect(m.containers.map((c) => c.name)).toEqual(["shop-web-1"]);
    expect(containerIndexAt(m, byId("r"))).toBe(0);
    expect(containerIndexAt(m, byId("c1"))).toBe(0);
    expect(containerIndexAt(m, byId("x"))).toBe(-1);
    // The decisions ride along as made on the server: margin from the config, reasons for absent backends.
    const place = m.containers[0]!;
    expect(place.spanLogs.kind).toBe("reason");
    expect(place.spanMetrics.kind === "item" && place.spanMetrics.marginMs).toBe(CTX.margins.spanMetricsMs);
    expect(place.open.kind).toBe("link");
    // The JSON body keeps the same placement, in the order of the spans.
    expect(r.stored.body.spanContainer).toEqual([0, 0, -1]);
  });

  it("says why a span has no container: the span's own column is -1 and its service is unmatched", async () => {
    const b = fakeBackend(() => [span("r")], []);
    const store = new TraceStore(b.deps, () => 1e9);
    const r = await store.get("t1");
    if (r.kind !== "ok") throw new Error(r.kind);
    const m = decodeTrace(store.encoded(r.stored).slice().buffer);
    expect(containerIndexAt(m, 0)).toBe(-1);
    expect(m.unmatched.map((u) => u.service)).toEqual(["svc"]);
    expect(m.unmatched[0]!.reason.length).toBeGreaterThan(0);
  });

  it("evicts the least recently used traces past the byte cap, and reloads them on demand", async () => {
    const b = fakeBackend(() => [span("r")]);
    let cap = 1e9;
    const store = new TraceStore(b.deps, () => cap);
    await store.get("t1");
    const one = store.bytes;
    cap = one * 2;
    await store.get("t2");
    await store.get("t1"); // t1 is now the most recent
    await store.get("t3"); // over the cap: t2 goes
    expect(store.bytes).toBeLessThanOrEqual(cap);
    expect(b.calls).toEqual(["t1", "t2", "t3"]);
    await store.get("t1");
    expect(b.calls).toEqual(["t1", "t2", "t3"]);
    await store.get("t2");
    expect(b.calls).toEqual(["t1", "t2", "t3", "t2"]);
  });

  it("counts a huge trace's kept views and searches against the cap, and lets them push older traces out", async () => {
    const spans = [span("r"), ...Array.from({ length: 99 }, (_, i) => span(`c${i}`, "r"))];
    const b = fakeBackend(() => spans);
    let cap = 1e9;
    const store = new TraceStore(b.deps, () => cap);
    await store.get("t1");
    const r = await store.get("t2");
    if (r.kind !== "ok") throw new Error(r.kind);
    const plain = store.bytes;
    const view = { base: "all" as const, toggled: [], reveal: [], q: "", only: false };
    const v = viewRows(r.stored, view);
    // The view's rows and its collapsed flags now count.
    expect(store.bytes).toBe(plain + v.rows.byteLength + v.collapsed.byteLength);
    const m = queryMatches(r.stored, "op-c1");
    expect(store.bytes).toBe(plain + v.rows.byteLength + v.collapsed.byteLength + m.byteLength);
    // Kept views are bounded (4): more of them do not grow the count past that.
    for (let i = 0; i < 10; i++) viewRows(r.stored, { ...view, toggled: [0], reveal: [i + 1] });
    expect(store.bytes).toBeLessThanOrEqual(plain + 4 * (100 * 4 + 100) + m.byteLength);
    // Over the cap because of them: the older trace goes, the one in use stays.
    cap = store.bytes - 1;
    viewRows(r.stored, { ...view, q: "op-c2" });
    expect(store.bytes).toBeLessThanOrEqual(cap + 100 * 5 + 400);
    await store.get("t2");
    expect(b.calls).toEqual(["t1", "t2"]);
    await store.get("t1");
    expect(b.calls).toEqual(["t1", "t2", "t1"]);
  });

  it("re-fetches a trace older than the page's freshness limit, with a new version", async () => {
    let now = 0;
    const b = fakeBackend(() => [span("r")]);
    const store = new TraceStore(
      b.deps,
      () => 1e9,
      () => now,
    );
    const a = await store.get("t1", undefined, 30_000);
    now = 40_000;
    const again = await store.get("t1"); // detail/search: any age
    const fresh = await store.get("t1", undefined, 30_000);
    expect(b.calls).toEqual(["t1", "t1"]);
    if (a.kind !== "ok" || again.kind !== "ok" || fresh.kind !== "ok") throw new Error("not ok");
    expect(again.stored).toBe(a.stored);
    expect(fresh.stored.version).not.toBe(a.stored.version);
  });

  it("a page load re-decides the pivots when the correlation config changed; detail and search keep the version", async () => {
    let margin = 45_000;
    const b = fakeBackend(() => [span("r")]);
    const deps = async () => ({
      ...(await b.deps()),
      place: { ...CTX, margins: pivotMargins({ spanLogMarginMs: margin }) },
    });
    const store = new TraceStore(deps, () => 1e9);
    const a = await store.get("t1", undefined, 30_000);
    expect((await store.get("t1", undefined, 30_000)).kind === "ok").toBe(true);
    expect(b.calls).toEqual(["t1"]);
    margin = 120_000;
    const detail = await store.get("t1"); // span detail / search: same version
    const page = await store.get("t1", undefined, 30_000);
    expect(b.calls).toEqual(["t1", "t1"]);
    if (a.kind !== "ok" || detail.kind !== "ok" || page.kind !== "ok") throw new Error("not ok");
    expect(detail.stored).toBe(a.stored);
    expect(page.stored.version).not.toBe(a.stored.version);
    expect(page.stored.placeKey).toContain("120000");
  });

  it("a scoped caller gets its own copy: other containers' spans without details, the notice in the header", async () => {
    const cart = container("shop-cart-1", { id: "c".repeat(64) });
    const pay = container("shop-payments-1", { id: "d".repeat(64) });
    const b = fakeBackend(
      () => [span("r", undefined, { "container.id": cart.id }), span("p1", "r", { "container.id": pay.id })],
      [cart, pay],
    );
    const store = new TraceStore(b.deps, () => 1e9);
    const { redactTrace } = await import("./auth/trace-scope");
    const scope = {
      key: JSON.stringify({ allow: [{ name: "shop-cart-1" }] }),
      inventory: async () => ({ containers: [cart], errors: [] }),
      redact: (t: Trace) => redactTrace(t, [cart, pay], (c) => c.name === "shop-cart-1"),
    };
    const full = await store.get("t1");
    const mine = await store.get("t1", undefined, undefined, scope);
    if (full.kind !== "ok" || mine.kind !== "ok") throw new Error("not found");
    expect(mine.stored).not.toBe(full.stored);
    expect(full.stored.body.trace.spans.find((x) => x.spanId === "p1")?.attributes).toEqual({ k: "p1" });
    const hidden = mine.stored.body.trace.spans.find((x) => x.spanId === "p1");
    expect(hidden?.attributes).toEqual({});
    expect(hidden?.redacted).toBe(true);
    // Placed among the caller's containers only: payments is not named anywhere it can read.
    expect(JSON.stringify(mine.stored.body.containers)).not.toContain("shop-payments-1");
    const m = decodeTrace(store.encoded(mine.stored).slice().buffer);
    expect(m.redacted?.spans).toBe(1);
    expect(JSON.stringify(m.containers)).not.toContain("shop-payments-1");
    // A caller that sees none of the trace's containers: not found.
    const none = await store.get("t1", undefined, undefined, {
      key: "nothing",
      inventory: async () => ({ containers: [], errors: [] }),
      redact: (t: Trace) => redactTrace(t, [cart, pay], () => false),
    });
    expect(none.kind).toBe("not-found");
  });

  it("does not keep a trace that is not there", async () => {
    const b = fakeBackend(() => undefined);
    const store = new TraceStore(b.deps, () => 1e9);
    expect((await store.get("t1")).kind).toBe("not-found");
    expect((await store.get("t1")).kind).toBe("not-found");
    expect(b.calls).toEqual(["t1", "t1"]);
    expect(store.bytes).toBe(0);
  });
});
