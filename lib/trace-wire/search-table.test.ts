import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeOtlpTable } from "../backends/jaeger/otlp-columns";
import { spanTableOf, traceOfTable } from "../model/span-table";
import { buildWaterfallTable } from "./layout";
import { otlpBody } from "../../scripts/bench/otlp-body";
import { runSteps } from "../steps";
import { SEARCH_STEP_SPANS, searchSpans, searchTable, searchTableAsync } from "./search";

const WORDS = ["cart", "pay", "GET", "error", "ok", "server", "db.system", "redis", "retry", "k8s", "42", "true"];
const word = fc.constantFrom(...WORDS);
const attr = fc.record({
  key: fc.oneof(word, fc.constantFrom("http.method", "db.system", "peer")),
  value: fc.oneof(
    word.map((w) => ({ stringValue: `x-${w}` })),
    word.map((w) => ({ stringValue: `Q\n${w.toUpperCase()}"` })),
    fc.constant({}),
    fc.array(word, { maxLength: 2 }).map((ws) => ({ arrayValue: { values: ws.map((w) => ({ stringValue: w })) } })),
    word.map((w) => ({
      kvlistValue: {
        values: [
          { key: w, value: { intValue: "7" } },
          { key: "n", value: {} },
        ],
      },
    })),
    fc.constantFrom(0.5, 1e21, -3).map((d) => ({ doubleValue: d })),
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
  fc.constantFrom("x-", "00000000000000", "error", "client", '"x-pay"', "k8s=", "", "null", "nul", "q", "CART"),
  fc.constantFrom("1e+21", "0.5", "e+", "7", "infinity", "true", "lib", "x-k8s", "n=null", "cart=7", "db.system=x-"),
);

describe("searchTable", () => {
  it("finds values the span's JSON spells otherwise (escapes, 1e400, null), and skips spans that lack a token", () => {
    const span = (id: string, attrs: string) =>
      `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}","name":"op","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000001000","attributes":[${attrs}]}`;
    const body = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"scope":{"name":"Lib-X"},"spans":[${[
      span("0000000000000001", '{"key":"a","value":{"stringValue":"\\u0063art"}}'),
      span("0000000000000002", '{"key":"b","value":{"doubleValue":1e400}}'),
      span("0000000000000003", '{"key":"c","value":{}}'),
      span("0000000000000004", '{"key":"d","value":{"stringValue":"PAYMENTS"}}'),
    ].join(",")}]}]}]}`;
    const table = decodeOtlpTable(new TextEncoder().encode(body), { what: "test" })!;
    const laid = buildWaterfallTable(table);
    const spans = traceOfTable(table).spans;
    for (const q of [
      "cart",
      "infinity",
      "null",
      "payments",
      "lib-x",
      "otel.scope.name=lib-x",
      "d=payments",
      "absent",
    ]) {
      const want = Array.from(searchSpans(spans, laid.order, q));
      expect(Array.from(searchTable(table, laid.order, q)), q).toEqual(want);
    }
    expect(Array.from(searchTable(table, laid.order, "cart")).length).toBe(1);
    expect(Array.from(searchTable(table, laid.order, "infinity")).length).toBe(1);
  });

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

  it("mayContainAll answers what mayContain answers span by span, whatever the chunks (property)", () => {
    const needles = ["x-", "cart", "pay", "k8s", "error", "q", "lib", "x-pay", "peer", "redis", "true", "7"].map((w) =>
      Uint8Array.from(w, (c) => c.charCodeAt(0)),
    );
    fc.assert(
      fc.property(trace, fc.integer({ min: 1, max: 40 }), (body, size) => {
        const bytes = new TextEncoder().encode(body);
        // Small chunks: needles and escapes straddle their boundaries.
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
        const table = decodeOtlpTable(chunks, { what: "test" })!;
        for (const nd of needles) {
          const all = runSteps(table.mayContainAll!(nd));
          const one = Array.from({ length: table.n }, (_, i) => (table.mayContain!(i, nd) ? 1 : 0));
          expect(Array.from(all)).toEqual(one);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("in steps (searchTableAsync): the same positions, other work running between the steps", async () => {
    const n = SEARCH_STEP_SPANS * 3 + 17;
    const table = decodeOtlpTable(otlpBody(n), { what: "test" })!;
    const laid = buildWaterfallTable(table);
    for (const q of ["op-7", "SyntheticError", "payments error", "absent"]) {
      const order: string[] = [];
      setImmediate(() => order.push("other work"));
      const got = await searchTableAsync(table, laid.order, q);
      order.push("search done");
      expect(Array.from(got), q).toEqual(Array.from(searchTable(table, laid.order, q)));
      expect(order, q).toEqual(["other work", "search done"]);
    }
    expect((await searchTableAsync(table, laid.order, "SyntheticError")).length).toBeGreaterThan(0);
  });
});
