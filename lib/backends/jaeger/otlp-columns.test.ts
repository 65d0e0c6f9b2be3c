import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { spanIndexOf, traceOfTable } from "../../model/span-table";
import { sameTraceId } from "../../model/trace-id";
import { buildWaterfall, buildWaterfallTable } from "../../trace-wire/layout";
import { decodeOtlpTable } from "./otlp-columns";
import { decodeOtlpBytes, type OtlpStreamOptions } from "./otlp-stream";

const FIXTURES = "/work/shared/fixtures/jaeger";
const WHAT = "GET /api/v3/traces/{id}";
const bytes = (s: string) => new TextEncoder().encode(s);

/** The trace getTrace returns from the object decoder: the one asked for, else the first. */
function objectTrace(chunks: Uint8Array[], opts: OtlpStreamOptions, traceId?: string) {
  const traces = decodeOtlpBytes(chunks, opts);
  return (traceId === undefined ? undefined : traces.find((t) => sameTraceId(t.traceId, traceId))) ?? traces[0];
}

function inChunks(body: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  return "no error";
}

describe("OtlpColumnsDecoder on the recorded Jaeger fixtures", () => {
  const cases: [string, OtlpStreamOptions][] = [
    ["api-v3/GetTrace.json", { what: WHAT }],
    ["api-v3/FindTraces.json", { what: WHAT }],
    ["otlp/example_trace.json", { what: WHAT }],
    ["transform/otlp2jaeger-in.json", { what: WHAT }],
  ];
  for (const [file, opts] of cases) {
    it(`${file}: the same spans and the same waterfall as the object decoder, whatever the chunking`, () => {
      const body = readFileSync(path.join(FIXTURES, file));
      for (const size of [body.length, 7, 1]) {
        const chunks = inChunks(body, size);
        const want = objectTrace(chunks, opts);
        const table = decodeOtlpTable(chunks, opts);
        expect(want, file).toBeDefined();
        expect(table).toBeDefined();
        expect(traceOfTable(table!)).toEqual(want);
        expect(buildWaterfallTable(table!)).toEqual(buildWaterfall(want!.spans));
      }
    });
  }
});

describe("OtlpColumnsDecoder", () => {
  const span = (id: string, parent: string, extra = "") =>
    `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}","parentSpanId":"${parent}","name":"op ${id}","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000001500000"${extra}}`;
  const body = (spans: string[], resource = `{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]}`) =>
    `{"result":{"resourceSpans":[{"resource":${resource},"scopeSpans":[{"scope":{"name":"lib","version":"1"},"spans":[${spans.join(",")}]}]}]}}`;

  it("builds one span in full on demand: attributes with the scope's, events, links, resource, service", () => {
    const text = body([
      span("00000000000000a1", ""),
      span(
        "00000000000000a2",
        "00000000000000a1",
        `,"attributes":[{"key":"http.url","value":{"stringValue":"/cart?q=\\u00e9"}}],"events":[{"timeUnixNano":"1700000000000500000","name":"retry","attributes":[{"key":"n","value":{"intValue":"2"}}]}],"links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00000000000000a1"}],"status":{"code":2,"message":"boom"}`,
      ),
    ]);
    const t = decodeOtlpTable(inChunks(bytes(text), 5), { what: WHAT })!;
    expect(t.n).toBe(2);
    const s = t.span(spanIndexOf(t, "00000000000000a2"));
    expect(s).toMatchObject({
      spanId: "00000000000000a2",
      parentSpanId: "00000000000000a1",
      service: "cart",
      status: "error",
      statusMessage: "boom",
      attributes: { "otel.scope.name": "lib", "otel.scope.version": "1", "http.url": "/cart?q=é" },
      events: [{ name: "retry", attributes: { n: 2 } }],
      links: [{ spanId: "00000000000000a1" }],
      resource: { "service.name": "cart" },
    });
    expect(s.duration).toBe(1500);
    expect(t.spanId(0)).toBe("00000000000000a1");
    expect(t.parentSpanId(1)).toBe("00000000000000a1");
    expect(t.parentSpanId(0)).toBeUndefined();
    expect(spanIndexOf(t, "00000000000000ff")).toBe(-1);
  });

  it("keeps only the trace asked for when the answer holds several", () => {
    const other = span("00000000000000b1", "").replace(
      "0af7651916cd43dd8448eb211c80319c",
      "1af7651916cd43dd8448eb211c80319c",
    );
    const text = body([other, span("00000000000000a1", ""), span("00000000000000a2", "00000000000000a1")]);
    const asked = decodeOtlpTable(bytes(text), { what: WHAT }, "0AF7651916CD43DD8448EB211C80319C")!;
    expect(asked.n).toBe(2);
    expect(traceOfTable(asked)).toEqual(objectTrace([bytes(text)], { what: WHAT }, "0af7651916cd43dd8448eb211c80319c"));
    // Not there: the first trace of the answer, as getTrace does.
    expect(decodeOtlpTable(bytes(text), { what: WHAT }, "2af7651916cd43dd8448eb211c80319c")?.traceId).toBe(
      "1af7651916cd43dd8448eb211c80319c",
    );
    expect(decodeOtlpTable(bytes('{"result":{"resourceSpans":[]}}'), { what: WHAT })).toBeUndefined();
  });

  it("a resource that comes after its spans still names their service", () => {
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[${span("00000000000000a1", "")}]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]}}]}`;
    const t = decodeOtlpTable(bytes(text), { what: WHAT })!;
    expect(t.groups[t.groupOf[0]!]?.service).toBe("late");
    expect(t.span(0)).toEqual(objectTrace([bytes(text)], { what: WHAT })!.spans[0]);
  });

  it("rejects hostile and truncated input with the object decoder's errors", () => {
    const good = body([span("00000000000000a1", ""), span("00000000000000a2", "00000000000000a1")]);
    const bad = [
      "",
      "<html>502 Bad Gateway</html>",
      good.slice(0, good.length - 3),
      good.slice(0, 120),
      good.replace('"spanId":"00000000000000a2"', '"spanId":"!!"'),
      good.replace('"spanId":"00000000000000a2"', '"spanId":7'),
      good.replace('"startTimeUnixNano":"1700000000000000000"', '"startTimeUnixNano":"-1"'),
      good.replace('"parentSpanId":"00000000000000a1"', '"parentSpanId":"'),
      good.replace('"name":"op 00000000000000a1"', '"name":"op \\ud800\\"'),
      good.replace('"spans":[', '"spans":{'),
      `${"[".repeat(400)}${"]".repeat(400)}`,
      good.replace(
        '"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00000000000000a2"',
        '"spanId":"00000000000000a2"',
      ),
      '{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00000000000000a1","attributes":[{"value":{"stringValue":"x"}}]}]}]}]}}',
    ];
    for (const text of bad) {
      const chunks = inChunks(bytes(text), 16);
      const want = errorOf(() => decodeOtlpBytes(chunks, { what: WHAT }));
      expect(want, `${bad.indexOf(text)}`).not.toBe("no error");
      const got = errorOf(() => decodeOtlpTable(chunks, { what: WHAT }));
      expect(got, text.slice(0, 80)).toBe(want);
    }
  });

  it("more spans than the limit is 'too large'", () => {
    const text = body(Array.from({ length: 5 }, (_, i) => span(`00000000000000${(i + 16).toString(16)}`, "")));
    let err: unknown;
    try {
      decodeOtlpTable(bytes(text), { what: WHAT, maxSpans: 4 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("too-large");
  });

  it("a value cut at maxStringChars is cut in the built span too, and the trace says so", () => {
    const long = "x".repeat(100);
    const text = body([
      span("00000000000000a1", "", `,"attributes":[{"key":"sql","value":{"stringValue":"${long}"}}]`),
    ]);
    const opts = { what: WHAT, maxStringChars: 10 };
    const t = decodeOtlpTable(bytes(text), opts)!;
    const want = objectTrace([bytes(text)], opts)!;
    expect(t.warnings).toEqual(want.warnings);
    expect(t.warnings[0]).toMatch(/cut/);
    expect(t.span(0)).toEqual(want.spans[0]);
  });
});
