import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import type { Trace } from "../../model/trace";
import { parseWith } from "../zod-error";
import { decodeOtlpTraces } from "./decode";
import { traceOfTable } from "../../model/span-table";
import { sameTraceId } from "../../model/trace-id";
import { buildWaterfall, buildWaterfallTable } from "../../trace-wire/layout";
import { decodeOtlpTable } from "./otlp-columns";
import { decodeOtlpBytes, OtlpStreamDecoder } from "./otlp-stream";
import { tempoTraceSchema } from "../tempo/schemas";
import { tempoTraceToModel } from "../tempo/to-model";

const WHAT = "GET /api/v3/traces/{id}";
const bytes = (s: string) => new TextEncoder().encode(s);

function split(body: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => Math.min(body.length, Math.max(0, c))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, body.length]) {
    out.push(body.slice(prev, c));
    prev = c;
  }
  return out;
}

const streamed = (text: string, cuts: number[] = [], shape?: "jaeger" | "tempo") =>
  decodeOtlpBytes(split(bytes(text), cuts), { what: WHAT, shape });

const parsed = (text: string) => decodeOtlpTraces(JSON.parse(text), WHAT);

/** JSON text with each object's keys in a pseudo-random order (proto3 JSON fixes none). */
function stringifyShuffled(v: unknown, seed: number): string {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const go = (x: unknown): string => {
    if (Array.isArray(x)) return `[${x.map(go).join(",")}]`;
    if (x && typeof x === "object") {
      const entries = Object.entries(x).filter(([, val]) => val !== undefined);
      for (let i = entries.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      return `{${entries.map(([k, val]) => `${JSON.stringify(k)}:${go(val)}`).join(",")}}`;
    }
    return JSON.stringify(x);
  };
  return go(v);
}

// ---------- generators of OTLP/JSON as real servers (and odd ones) write it ----------

const hex = (len: number) =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: len, maxLength: len })
    .filter((s) => /[1-9a-f]/.test(s));
const text = fc.string({ unit: "binary", maxLength: 12 });
const key = fc.oneof(fc.constantFrom("http.method", "service.name", "a", "otel.scope.name", "__proto__"), text);
const nanos = fc.oneof(
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }).map(String),
  fc.nat({ max: 2 ** 40 }),
  fc.constant(undefined),
);

const { anyValue } = fc.letrec<{ anyValue: unknown; kv: unknown }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: "small" },
    fc.record({ stringValue: text }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: fc.oneof(fc.integer().map(String), fc.integer(), fc.constant("9007199254740993")) }),
    fc.record({
      doubleValue: fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom("NaN", "Infinity", "1.5"),
      ),
    }),
    fc.record({ bytesValue: fc.base64String({ maxLength: 8 }) }),
    fc.record({
      arrayValue: fc.record(
        { values: fc.option(fc.array(tie("anyValue"), { maxLength: 3 }), { nil: null }) },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      kvlistValue: fc.record(
        { values: fc.option(fc.array(tie("kv"), { maxLength: 3 }), { nil: null }) },
        { requiredKeys: [] },
      ),
    }),
    // More than one member: the model picks string > bool > int > double > array > kvlist > bytes.
    fc.record({ bytesValue: fc.constant("AQ=="), intValue: fc.constant("5"), stringValue: text }, { requiredKeys: [] }),
  ),
  kv: fc.record({ key, value: fc.option(tie("anyValue"), { nil: null }) }, { requiredKeys: ["key"] }),
}));
const kv = fc.record({ key, value: fc.option(anyValue, { nil: null }) }, { requiredKeys: ["key"] });
const attrs = fc.option(fc.array(kv, { maxLength: 4 }), { nil: null });

const TRACE_IDS = [
  "0af7651916cd43dd8448eb211c80319c",
  "0AF7651916CD43DD8448EB211C80319C",
  "00000000000000000000000000000abc",
  "CvdlGRbNQ92ESOshHIAxnA==",
];

const span = fc.record(
  {
    traceId: fc.constantFrom(...TRACE_IDS),
    spanId: fc.oneof(hex(16), fc.constant("t61rcWkgMzE=")),
    parentSpanId: fc.oneof(fc.constant(""), hex(16)),
    name: text,
    kind: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom("SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "odd")),
    startTimeUnixNano: nanos,
    endTimeUnixNano: nanos,
    attributes: attrs,
    events: fc.option(
      fc.array(fc.record({ timeUnixNano: nanos, name: text, attributes: attrs }, { requiredKeys: [] }), {
        maxLength: 2,
      }),
      { nil: null },
    ),
    links: fc.option(
      fc.array(
        fc.record(
          { traceId: fc.constantFrom(...TRACE_IDS), spanId: hex(16), attributes: attrs, extra: fc.nat() },
          { requiredKeys: ["traceId", "spanId"] },
        ),
        {
          maxLength: 2,
        },
      ),
      { nil: null },
    ),
    status: fc.option(
      fc.record(
        {
          code: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom("STATUS_CODE_ERROR", "STATUS_CODE_OK")),
          message: text,
        },
        { requiredKeys: [] },
      ),
      { nil: null },
    ),
    unknownField: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ["traceId", "spanId"] },
);

const resourceSpans = fc.record(
  {
    resource: fc.option(fc.record({ attributes: attrs }, { requiredKeys: [] }), { nil: null }),
    scopeSpans: fc.option(
      fc.array(
        fc.record(
          {
            scope: fc.option(fc.record({ name: text, version: text }, { requiredKeys: [] }), { nil: null }),
            spans: fc.option(fc.array(span, { maxLength: 5 }), { nil: null }),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      { nil: null },
    ),
  },
  { requiredKeys: [] },
);

const answer = fc.oneof(
  fc.record({ result: fc.record({ resourceSpans: fc.array(resourceSpans, { maxLength: 3 }) }) }),
  fc.record({ resourceSpans: fc.array(resourceSpans, { maxLength: 3 }) }),
);

// ---------- tests ----------

describe("OtlpStreamDecoder", () => {
  it("agrees with the JSON.parse + schema decode on generated answers, in any key order, cut anywhere (property)", () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.array(fc.nat(), { maxLength: 8 }), (data, seed, cuts) => {
        const text = stringifyShuffled(data, seed);
        const want = parsed(text);
        const got = streamed(
          text,
          cuts.map((c) => c % (text.length + 1)),
        );
        expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it("agrees with Tempo's decode on `batches` answers (property)", () => {
    fc.assert(
      fc.property(fc.array(resourceSpans, { maxLength: 3 }), fc.nat(), (rs, seed) => {
        const text = stringifyShuffled({ batches: rs }, seed);
        const got = streamed(text, [], "tempo");
        expect(got).toEqual(parsedAll(text));
        // The trace Tempo's client returns is one of them.
        const model = tempoTraceToModel(parseWith("tempo", WHAT, tempoTraceSchema, JSON.parse(text)), TRACE_IDS[0]!);
        if (model) expect(got).toContainEqual(model);
      }),
      { numRuns: 100 },
    );
  });

  const SMALL = JSON.stringify({
    result: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "cart" } }] },
          scopeSpans: [
            {
              scope: { name: "lib" },
              spans: [
                {
                  traceId: "0af7651916cd43dd8448eb211c80319c",
                  spanId: "b7ad6b7169203331",
                  name: "GET /é",
                  kind: 2,
                  startTimeUnixNano: "1700000000000000000",
                  endTimeUnixNano: "1700000000001500000",
                  attributes: [{ key: "q", value: { stringValue: 'a "quoted" \\ \u00e9 🚀' } }],
                },
              ],
            },
          ],
        },
      ],
    },
  });

  it("gives the same trace at every chunk boundary (UTF-8 sequences, escapes, numbers)", () => {
    const want = parsed(SMALL);
    const body = bytes(SMALL);
    for (let i = 0; i <= body.length; i++) expect(streamed(SMALL, [i])).toEqual(want);
    expect(want[0]?.spans[0]?.service).toBe("cart");
  });

  it("cuts a 10 MB attribute value, keeps the span, and says so on the trace", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const text = SMALL.replace('"a \\"quoted', `"${big}\\"quoted`);
    const d = new OtlpStreamDecoder({ what: WHAT });
    const body = bytes(text);
    for (let i = 0; i < body.length; i += 65536) d.push(body.subarray(i, i + 65536));
    const [trace] = d.end() as Trace[];
    const q = trace?.spans[0]?.attributes.q as string;
    expect(q.length).toBe(64 * 1024 + 1);
    expect(q.endsWith("…")).toBe(true);
    expect(trace?.warnings).toEqual(["1 value was longer than 65536 characters and was cut (marked …)"]);
  });

  const fails = (text: string, re: RegExp, shape?: "jaeger" | "tempo") => {
    let err: unknown;
    try {
      streamed(text, [Math.floor(text.length / 2)], shape);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("parse");
    expect(String((err as Error).message)).toMatch(re);
  };

  it("rejects what the schema rejects, naming the field path", () => {
    fails(
      SMALL.replace('"kind":2', '"kind":{"x":1}'),
      /unexpected response at result\.resourceSpans\.0\.scopeSpans\.0\.spans\.0\.kind: expected an integer or an enum name, got an object/,
    );
    fails(SMALL.replace('"spanId":"b7ad6b7169203331",', ""), /spans\.0\.spanId: expected a string, got nothing/);
    fails(SMALL.replace("b7ad6b7169203331", "not hex!"), /spans\.0\.spanId: not a span id: "not hex!"/);
    fails(SMALL.replace('"1700000000000000000"', '"-1"'), /spans\.0\.startTimeUnixNano: expected nanoseconds/);
    fails(
      SMALL.replace('{"stringValue":"cart"}', '{"stringValue":5}'),
      /resource\.attributes\.0\.value\.stringValue: expected a string, got the number 5/,
    );
    fails('{"result":{}}', /unexpected response at result\.resourceSpans: expected an array/);
    fails('{"data":[]}', /unexpected response at resourceSpans: expected an array/);
    fails('{"data":[]}', /unexpected response at batches: expected Tempo's `batches`/, "tempo");
    fails("[1,2]", /unexpected response at \(root\): expected an object, got an array/);
  });

  it("says HTML, truncated or malformed clearly", () => {
    fails("<!doctype html><html><title>502 Bad Gateway</title></html>", /expected JSON, got HTML: "<!doctype html>/);
    fails("", /expected JSON, got text \(empty body\)/);
    fails(
      SMALL.slice(0, SMALL.length - 40),
      /malformed JSON: truncated: the body ends inside a string \(byte \d+\) \(in result\.resourceSpans\.0\.scopeSpans\.0\.spans\.0\.attributes\.0\.value\)/,
    );
    fails(
      SMALL.replace('"kind":2', '"kind":2,,'),
      /malformed JSON: expected a member name, got "," at byte \d+ \(in result\.resourceSpans\.0\.scopeSpans\.0\.spans\.0/,
    );
  });

  it("more spans than the limit is 'too large'", () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [1, 2, 3].map((i) => ({
                traceId: "0af7651916cd43dd8448eb211c80319c",
                spanId: `000000000000000${i}`,
              })),
            },
          ],
        },
      ],
    });
    expect(decodeOtlpBytes(bytes(text), { what: WHAT, maxSpans: 3 })[0]?.spans).toHaveLength(3);
    expect(() => decodeOtlpBytes(bytes(text), { what: WHAT, maxSpans: 2 })).toThrow(
      /more than 2 spans, Sightline's limit per answer/,
    );
  });

  it("decodes a 20,000-span answer pushed in 1 KB chunks", () => {
    const many = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: Array.from({ length: 20_000 }, (_, i) => ({
                traceId: "0af7651916cd43dd8448eb211c80319c",
                spanId: (i + 1).toString(16).padStart(16, "0"),
                parentSpanId: i ? "0000000000000001" : "",
              })),
            },
          ],
        },
      ],
    });
    const d = new OtlpStreamDecoder({ what: WHAT });
    const body = bytes(many);
    for (let i = 0; i < body.length; i += 1000) d.push(body.subarray(i, i + 1000));
    const [t] = d.end();
    expect(t?.spans.length).toBe(20_000);
    expect(d.spans).toBe(20_000);
  });
});

/** Every trace of a Tempo answer, as the JSON.parse path groups them. */
function parsedAll(text: string): Trace[] {
  const data = JSON.parse(text) as { batches?: unknown[] };
  return decodeOtlpTraces({ resourceSpans: data.batches ?? [] }, WHAT);
}

describe("OtlpColumnsDecoder against OtlpStreamDecoder", () => {
  it("the same trace, spans built on demand, waterfall and errors on generated answers cut anywhere (property)", () => {
    fc.assert(
      fc.property(
        answer,
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(undefined, ...TRACE_IDS),
        (data, seed, cuts, asked) => {
          const text = stringifyShuffled(data, seed);
          const chunks = () =>
            split(
              bytes(text),
              cuts.map((c) => c % (text.length + 1)),
            );
          const opts = { what: WHAT };
          let traces: Trace[] | undefined;
          let error: string | undefined;
          try {
            traces = decodeOtlpBytes(chunks(), opts);
          } catch (err) {
            error = (err as Error).message;
          }
          let table: ReturnType<typeof decodeOtlpTable>;
          try {
            table = decodeOtlpTable(chunks(), opts, asked);
          } catch (err) {
            expect((err as Error).message).toBe(error);
            return;
          }
          expect(error).toBeUndefined();
          const want = (asked ? traces!.find((t) => sameTraceId(t.traceId, asked)) : undefined) ?? traces![0];
          if (!want) {
            expect(table).toBeUndefined();
            return;
          }
          expect(traceOfTable(table!)).toEqual(want);
          expect(buildWaterfallTable(table!)).toEqual(buildWaterfall(want.spans));
        },
      ),
      { numRuns: 300 },
    );
  });
});
