import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { micros } from "../model/time";
import type { Span } from "../model/trace";
import { spanTableOf } from "../model/span-table";
import { buildWaterfall, buildWaterfallTable, buildWaterfallTableAsync } from "./layout";
import { kindAt, nameAt, spanIdAt, statusAt, statusMessageAt } from "./model";

const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"] as const;
const STATUSES = ["unset", "ok", "error"] as const;

const spansArb = fc
  .array(
    fc.record({
      id: fc.oneof(
        fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 16 }),
        fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 1, maxLength: 24 }),
      ),
      parent: fc.nat(),
      hasParent: fc.boolean(),
      name: fc.constantFrom("a", "b", "GET /x", "é"),
      message: fc.option(fc.constantFrom("boom", "a", "timeout"), { nil: undefined }),
      kind: fc.constantFrom(...KINDS),
      status: fc.constantFrom(...STATUSES),
      start: fc.nat({ max: 1000 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((rows) =>
    rows.map(
      (r, i): Span => ({
        traceId: "t",
        spanId: `${r.id}${i.toString(36)}`, // unique
        parentSpanId: r.hasParent && i > 0 ? `${rows[r.parent % i]!.id}${(r.parent % i).toString(36)}` : undefined,
        service: "svc",
        name: r.name,
        kind: r.kind,
        start: micros(r.start),
        duration: micros(1),
        status: r.status,
        statusMessage: r.message,
        attributes: {},
        events: [],
        links: [],
        resource: {},
      }),
    ),
  );

describe("buildWaterfall columns", () => {
  it("every position shows its span's ID, name, kind, status and message; strings numbered in row order (property)", () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const m = buildWaterfall(spans);
        let seen = -1;
        for (let p = 0; p < m.n; p++) {
          const s = spans[m.order[p]!]!;
          expect(spanIdAt(m, p)).toBe(s.spanId);
          expect(nameAt(m, p)).toBe(s.name);
          expect(kindAt(m, p)).toBe(s.kind);
          expect(statusAt(m, p)).toBe(s.status);
          expect(statusMessageAt(m, p)).toBe(s.statusMessage || undefined);
          // First use of each string in row order gets the next number.
          for (const idx of [m.nameOf[p]!, m.statusMessageOf[p]!]) {
            if (idx > seen) {
              expect(idx).toBe(seen + 1);
              seen = idx;
            }
          }
        }
        expect(m.strings.length).toBe(seen + 1);
      }),
    );
  });
});

describe("buildWaterfall tree columns", () => {
  it("each row's parentPos is its parent span's row, depth one more than the parent's, size its subtree (property)", () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const m = buildWaterfall(spans);
        const posOf = new Map<string, number>();
        for (let p = m.n - 1; p >= 0; p--) posOf.set(spans[m.order[p]!]!.spanId, p);
        const size = new Array<number>(m.n).fill(1);
        for (let p = m.n - 1; p >= 0; p--) {
          const s = spans[m.order[p]!]!;
          const want = s.parentSpanId === undefined ? -1 : (posOf.get(s.parentSpanId) ?? -1);
          expect(m.parentPos[p]).toBe(want);
          expect(m.depth[p]).toBe(want < 0 ? 0 : m.depth[want]! + 1);
          expect(want).toBeLessThan(p);
          expect(m.size[p]).toBe(size[p]);
          if (want >= 0) size[want]! += size[p]!;
        }
        expect(m.rootCount).toBe(Array.from(m.parentPos).filter((x) => x < 0).length);
        expect(m.maxDepth).toBe(Math.max(0, ...m.depth));
      }),
    );
  });

  it("laid out in steps (the server's way): the same model, other work running between the phases", async () => {
    await fc.assert(
      fc.asyncProperty(spansArb, async (spans) => {
        const table = spanTableOf({ traceId: spans[0]!.traceId, spans, warnings: [] });
        const order: string[] = [];
        setImmediate(() => order.push("other work"));
        const stepped = await buildWaterfallTableAsync(table, { version: "v" });
        order.push("layout done");
        expect(stepped).toEqual(buildWaterfallTable(table, { version: "v" }));
        expect(order).toEqual(["other work", "layout done"]);
      }),
      { numRuns: 30 },
    );
  });
});
