import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeOtlpTable } from "../backends/jaeger/otlp-columns";
import { spanTableOf, traceOfTable } from "../model/span-table";
import { buildWaterfallTable } from "./layout";
import { searchSpans, searchTable } from "./search";

const WORDS = ["cart", "pay", "GET", "error", "ok", "server", "db.system", "redis", "retry", "k8s", "42", "true"];
const word = fc.constantFrom(...WORDS);
const attr = fc.record({
  key: fc.oneof(word, fc.constantFrom("http.method", "db.system", "peer")),
  value: fc.oneof(
    word.map((w) => ({ stringValue: `x-${w}` })),
    fc.integer({ min: 0, max: 100 }).map((v) => ({ intValue: String(v) })),
    fc.boolean().map((b) => ({ boolValue: b })),
  ),
});

const trace = fc
  .array(
    fc.record({
      service: word,
      resourceAttrs: fc.array(attr, { maxLength: 2 }),
      scope: fc.option(word, { nil: undefined }),
      spans: fc.array(
        fc.record({
          name: word,
          kind: fc.integer({ min: 0, max: 5 }),
          code: fc.integer({ min: 0, max: 2 }),
          message: fc.option(word, { nil: undefined }),
          attrs: fc.array(attr, { maxLength: 3 }),
          events: fc.array(fc.record({ name: word, attrs: fc.array(attr, { maxLength: 1 }) }), { maxLength: 2 }),
          parent: fc.nat(),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((groups) => {
    let id = 0;
    const rs = groups.map((g) => ({
      resource: {
        attributes: [{ key: "service.name", value: { stringValue: g.service } }, ...g.resourceAttrs],
      },
      scopeSpans: [
        {
          ...(g.scope ? { scope: { name: g.scope } } : {}),
          spans: g.spans.map((s) => {
            const me = ++id;
            return {
              traceId: "0af7651916cd43dd8448eb211c80319c",
              spanId: me.toString(16).padStart(16, "0"),
              parentSpanId: me > 1 ? ((s.parent % (me - 1)) + 1).toString(16).padStart(16, "0") : "",
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: `${1_700_000_000_000_000_000n + BigInt(me * 1000)}`,
              endTimeUnixNano: `${1_700_000_000_000_000_000n + BigInt(me * 1000 + 500)}`,
              attributes: s.attrs,
              events: s.events.map((e) => ({ timeUnixNano: "1700000000000000000", name: e.name, attributes: e.attrs })),
              status: { code: s.code, ...(s.message ? { message: s.message } : {}) },
            };
          }),
        },
      ],
    }));
    return JSON.stringify({ result: { resourceSpans: rs } });
  });

const query = fc.oneof(
  word,
  fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
  fc
    .tuple(fc.constantFrom("http.method", "db.system", "peer", "service.name", "otel.scope.name"), word)
    .map(([k, w]) => `${k}=${w}`),
  fc.constantFrom("x-", "00000000000000", "error", "client", '"x-pay"', "k8s=", ""),
);

describe("searchTable", () => {
  it("finds what searchSpans finds over the same spans, columnar or not (property)", () => {
    fc.assert(
      fc.property(trace, query, (body, q) => {
        const table = decodeOtlpTable(new TextEncoder().encode(body), { what: "test" })!;
        const spans = traceOfTable(table).spans;
        const laid = buildWaterfallTable(table);
        const want = Array.from(searchSpans(spans, laid.order, q));
        expect(Array.from(searchTable(table, laid.order, q))).toEqual(want);
        expect(
          Array.from(searchTable(spanTableOf({ traceId: table.traceId, spans, warnings: [] }), laid.order, q)),
        ).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
