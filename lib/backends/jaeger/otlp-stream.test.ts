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
import { answer, resourceSpans, split, stringifyShuffled, TRACE_IDS } from "./otlp-gen.test-helper";

const WHAT = "GET /api/v3/traces/{id}";
const bytes = (s: string) => new TextEncoder().encode(s);

const streamed = (text: string, cuts: number[] = [], shape?: "jaeger" | "tempo") =>
  decodeOtlpBytes(split(bytes(text), cuts), { what: WHAT, shape });

const parsed = (text: string) => decodeOtlpTraces(JSON.parse(text), WHAT);

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
