import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SpanTable, traceOfTable } from "../../model/span-table";
import { OtlpColumnsDecoder } from "./otlp-columns";
import { answer, split, stringifyShuffled } from "./otlp-gen.test-helper";

// The byte-level fast path (otlp-span-scan.ts) against the token-by-token decoder it stands in
// for: on any body, cut anywhere, both give the same table (every column, every span built from
// its bytes) or the same error. The fast path may only decline, never decide.

const WHAT = "GET /api/v3/traces/{id}";
const enc = new TextEncoder();

interface Outcome {
  result: unknown;
  fastSpans: number;
}

function view(t: SpanTable | undefined): unknown {
  if (!t) return undefined;
  const bytes = t as SpanTable & { spanBytes(i: number): Buffer };
  return {
    traceId: t.traceId,
    warnings: t.warnings,
    n: t.n,
    strings: t.strings,
    columns: [
      t.start,
      t.duration,
      t.kind,
      t.status,
      t.nameOf,
      t.statusMessageOf,
      t.groupOf,
      t.idHi,
      t.idLo,
      t.idPacked,
      t.parentState,
      t.parentHi,
      t.parentLo,
    ].map((c) => Array.from(c as ArrayLike<number>)),
    groups: t.groups,
    spanBytes: Array.from({ length: t.n }, (_, i) => bytes.spanBytes(i).toString("latin1")),
    trace: traceOfTable(t),
  };
}

function decode(chunks: Uint8Array[], fast: boolean, maxStringChars?: number, traceId?: string): Outcome {
  const d = new OtlpColumnsDecoder({ what: WHAT, maxStringChars }, traceId, fast);
  try {
    for (const c of chunks) d.push(c);
    return { result: view(d.table()), fastSpans: d.fastSpans };
  } catch (err) {
    return { result: `${(err as Error).name}: ${(err as Error).message}`, fastSpans: d.fastSpans };
  }
}

/** The span a rejection names (`…spans.2.traceId`), or undefined for an accepted body. */
const rejectedAt = (r: unknown) =>
  typeof r === "string" ? (/resourceSpans\.\d+\.scopeSpans\.\d+\.spans\.\d+/.exec(r)?.[0] ?? r) : undefined;

/**
 * Both paths on the same chunks: the same outcome; returns the fast one. A body both reject
 * must be rejected at the same span; the message may differ in one known case: a trace ID
 * broken by a stray quote (`"traceId":""0af…`) is "not a trace id" to the decoder, which checks
 * the value as it ends, and "malformed JSON" to the fast path, which reads the next byte first.
 */
function agree(chunks: Uint8Array[], maxStringChars?: number, traceId?: string): Outcome {
  const slow = decode(chunks, false, maxStringChars, traceId);
  const fast = decode(chunks, true, maxStringChars, traceId);
  if (typeof slow.result === "string" && typeof fast.result === "string" && slow.result !== fast.result) {
    expect(slow.result).toMatch(/: not a trace id: /);
    expect(fast.result).toMatch(/: malformed JSON: /);
    expect(rejectedAt(fast.result)).toBe(rejectedAt(slow.result));
  } else expect(fast.result).toEqual(slow.result);
  expect(slow.fastSpans).toBe(0);
  return fast;
}

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const plain = (id: string, parent = "", extra = "") =>
  `{"traceId":"${TRACE}","spanId":"${id}","parentSpanId":"${parent}","name":"op ${id.slice(-2)}","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000001500000","attributes":[{"key":"synthetic","value":{"boolValue":true}}],"status":{}${extra}}`;
const body = (spans: string[]) =>
  `{"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeSpans":[{"scope":{"name":"lib"},"spans":[${spans.join(",")}]}]}]}}`;

/** Spans the fast path must not mis-read: each is put between two ordinary spans. */
const ODD: string[] = [
  // Kept strings it leaves to the streaming decoder, or reads itself.
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":"a\\u0062c"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":"caf\u00e9 \u{1f680}"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":"\\""}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":null}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":"x","name":"y"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1"}`,
  `{"traceId":"${TRACE}","name":"no span id"}`,
  `{"spanId":"00000000000000b1","name":"no trace id"}`,
  "{}",
  // IDs in every spelling.
  `{"traceId":"${TRACE.toUpperCase()}","spanId":"00000000000000B1"}`,
  `{"traceId":"CvdlGRbNQ92ESOshHIAxnA==","spanId":"t61rcWkgMzE="}`,
  `{"traceId":"abc","spanId":"b1"}`,
  `{"traceId":" ${TRACE}","spanId":"\u00a000000000000000b1"}`,
  `{"traceId":"${TRACE}","spanId":"0000000000000000"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1x"}`,
  `{"traceId":"${TRACE}","spanId":"000000000000000g"}`,
  `{"traceId":"${TRACE}","spanId":"\\u0030\\u0030000000000000b1"}`,
  `{"traceId":"${TRACE}","spanId":12}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","parentSpanId":null}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","parentSpanId":"0000000000000000"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","parentSpanId":"00000000000000a1","parentSpanId":""}`,
  `{"traceId":"not hex!","spanId":"00000000000000b1"}`,
  `{"traceId":"00000000000000000000000000000000","spanId":"00000000000000b1"}`,
  `{"traceId":"1","spanId":"00000000000000b1"}`,
  // Kinds and codes.
  ...["2.0", "-1", "01", "1e0", "7", "99999999999", '"SPAN_KIND_SERVER"', '"odd"', "null", "true", "-0", "2 "].map(
    (k) => `{"traceId":"${TRACE}","spanId":"00000000000000b1","kind":${k}}`,
  ),
  ...['{"code":2.5}', '{"code":"STATUS_CODE_ERROR","message":"x"}', "null", '{"message":null}', '{"code":-2}'].map(
    (st) => `{"traceId":"${TRACE}","spanId":"00000000000000b1","status":${st}}`,
  ),
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","status":{"code":2,"message":"a"},"status":{"message":"b"}}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","status":{"code":1},"status":null}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","status":{"message":""}}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","status":{"message":"caf\u00e9"}}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","status":{"message":"a\\nb"}}`,
  // Timestamps.
  ...[
    "1700000000000000000",
    '"17e5"',
    '""',
    `"${"1".repeat(26)}"`,
    `"${"9".repeat(25)}"`,
    '"123"',
    '"0"',
    '"12345678901"',
    '"-1"',
    "null",
  ].flatMap((t) => [
    `{"traceId":"${TRACE}","spanId":"00000000000000b1","startTimeUnixNano":${t},"endTimeUnixNano":"1700000000001500000"}`,
    `{"traceId":"${TRACE}","spanId":"00000000000000b1","startTimeUnixNano":"1700000000001500000","endTimeUnixNano":${t}}`,
  ]),
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","endTimeUnixNano":"1700000000001500000"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","startTimeUnixNano":"1700000000001500000","endTimeUnixNano":"1600000000000000000"}`,
  // Attributes: each shape the decoder checks.
  ...[
    '[{"value":{"stringValue":"x"}}]',
    '[{"key":1}]',
    "[null]",
    "{}",
    "null",
    "[]",
    '[{"key":"a","value":{"stringValue":null}}]',
    '[{"key":"a","value":{"intValue":true}}]',
    '[{"key":"a","value":{"intValue":-12.5e3}}]',
    '[{"key":"a","value":{"doubleValue":"NaN"}}]',
    '[{"key":"a","value":{"boolValue":"true"}}]',
    '[{"key":"a","value":{"boolValue":nul}}]',
    '[{"key":"a","value":{"arrayValue":{"values":[null]}}}]',
    '[{"key":"a","value":{"arrayValue":{"values":[{"stringValue":"x"},{"kvlistValue":{"values":[{"key":"b"}]}}]}}}]',
    '[{"key":"a","value":{"kvlistValue":{"values":[{"value":{}}]}}}]',
    '[{"key":"a","value":{"kvlistValue":null}}]',
    '[{"key":"a","value":{"arrayValue":{"values":null,"other":[1,{"x":[]}]}}}]',
    '[{"key":"a","value":null,"extra":{"deep":[[[[{}]]]]}}]',
    '[{"key":"a","value":{"stringValue":"tab\there"}}]',
    '[{"key":"a","value":{"stringValue":"ctl \u0001 char"}}]',
    '[{"key":"a","value":{"stringValue":"bad \\x escape"}}]',
    '[{"key":"a","value":{"stringValue":"bad \\u12G4"}}]',
    '[{"key":"a","value":{"stringValue":"ok \\u12aF \\/ \\b"}}]',
    '[{"key":"a","value":{"stringValue":"x"},}]',
    '[{"key":"a" "value":{}}]',
    '[{"key":"a","value":{"stringValue":"x"}},]',
    '[{"key":"a","value":{"intValue":01}}]',
    '[{"key":"a","value":{"intValue":1.}}]',
    '[{"key":"a","value":{"intValue":-}}]',
    `[{"key":"a","value":{"intValue":${"1".repeat(401)}}}]`,
    `[{"key":"a","value":{"intValue":${"1".repeat(400)}}}]`,
    `[{"key":"a","value":${'{"arrayValue":{"values":['.repeat(60)}{}${"]}}".repeat(60)}}]`,
    `[{"key":"a","x":${"[".repeat(300)}${"]".repeat(300)}}]`,
    `[{"key":"a","x":${"[".repeat(40)}${"]".repeat(40)}}]`,
    '[{"k\\u0065y":"a"}]',
    '[{"key":"a","value":{"stringValue":"\u00e9\u{1f680}"}}]',
  ].map((a) => `{"traceId":"${TRACE}","spanId":"00000000000000b1","attributes":${a}}`),
  // Events and links.
  ...[
    "[null]",
    '[{"timeUnixNano":5}]',
    '[{"timeUnixNano":"5","name":1}]',
    '[{"timeUnixNano":"x"}]',
    '[{"name":"e","attributes":[{"key":"k","value":{"intValue":"3"}}],"other":true}]',
    "null",
    "{}",
  ].map((e) => `{"traceId":"${TRACE}","spanId":"00000000000000b1","events":${e}}`),
  ...[
    `[{"traceId":"${TRACE}"}]`,
    '[{"spanId":"00000000000000a1"}]',
    '[{"traceId":"zz","spanId":"00000000000000a1"}]',
    `[{"traceId":"${TRACE}","spanId":"00"}]`,
    `[{"traceId":"${TRACE}","spanId":"00000000000000a1","attributes":[{"key":"k"}],"x":1}]`,
    `[{"traceId":"${TRACE.toUpperCase()}","spanId":"A1"}]`,
    "[null]",
  ].map((l) => `{"traceId":"${TRACE}","spanId":"00000000000000b1","links":${l}}`),
  // JSON syntax around the members.
  ` { "traceId" : "${TRACE}" ,\n\t"spanId"\r: "00000000000000b1" , "name" : "ws" } `,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1",}`,
  `{"traceId":"${TRACE}" "spanId":"00000000000000b1"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","n\\u0061me":"escaped key"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":"ctl \u0001 char"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","x":tru}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","x":truex}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","x":[1,2,]}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","x":{"a":1,"a":[true,false,null,-0.5e-3,"s"]}}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","\u00e9":1}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1"`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1"}}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","name":"long ${"x".repeat(40)}"}`,
  `{"traceId":"${TRACE}","spanId":"00000000000000b1","attributes":[{"key":"${"k".repeat(40)}","value":{"stringValue":"${"v".repeat(40)}"}}]}`,
  `{"traceId":"1234","spanId":"00000000000000b1"}`,
];

describe("the OTLP span fast path", () => {
  it("reads ordinary spans itself (else the properties below would prove nothing)", () => {
    const spans = Array.from({ length: 50 }, (_, i) =>
      plain(`00000000000001${(i + 16).toString(16)}`, i ? "0000000000000110" : ""),
    );
    const out = agree([enc.encode(body(spans))]);
    expect(out.fastSpans).toBe(50);
    expect((out.result as { n: number }).n).toBe(50);
  });

  it("agrees with the token-by-token decoder on odd and malformed spans, whole and cut at every byte", () => {
    for (const odd of ODD) {
      const text = body([plain("00000000000000a1"), odd, plain("00000000000000a2", "00000000000000a1")]);
      const b = enc.encode(text);
      agree([b]);
      agree([b], 24); // a small string cap: the cut strings and the warning are the slow path's
      const at = text.indexOf(odd);
      for (let cut = at - 1; cut <= at + enc.encode(odd).length + 1; cut += 5) agree(split(b, [cut]));
    }
  }, 60_000);

  it("agrees on generated answers in any key order, cut anywhere, with or without a string cap (property)", () => {
    fc.assert(
      fc.property(
        answer,
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
        (data, seed, cuts, cap) => {
          const text = stringifyShuffled(data, seed);
          const b = enc.encode(text);
          agree(
            split(
              b,
              cuts.map((c) => c % (b.length + 1)),
            ),
            cap,
          );
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  // Bytes that change what JSON means: brackets, quotes, escapes, separators, digits, letters of
  // literals, control characters, UTF-8 lead and continuation bytes.
  const NASTY = [...'{}[]":,\\ 0123456789-+.eEtrufalsnu/xX', "\u0000", "\u001f", "\n", "\t"].map((c) =>
    c.charCodeAt(0),
  );
  const edit = fc.record({
    at: fc.nat(),
    op: fc.constantFrom("delete", "insert", "replace", "repeat"),
    byte: fc.oneof(fc.constantFrom(...NASTY, 0xc3, 0xa9, 0xff, 0x80), fc.integer({ min: 0, max: 255 })),
    len: fc.integer({ min: 1, max: 40 }),
  });

  function mutate(b: Uint8Array, edits: { at: number; op: string; byte: number; len: number }[]): Uint8Array {
    let out = Array.from(b);
    for (const e of edits) {
      const at = e.at % (out.length + 1);
      if (e.op === "delete") out.splice(at, e.len % 4);
      else if (e.op === "insert") out.splice(at, 0, e.byte);
      else if (e.op === "replace") out[at] = e.byte;
      else out = [...out.slice(0, at + e.len), ...out.slice(at, at + e.len), ...out.slice(at + e.len)];
    }
    return Uint8Array.from(out);
  }

  it("agrees on mutated bodies: a malformed span is rejected as the decoder rejects it, never mis-read (property)", () => {
    const base = body([
      plain("00000000000000a1"),
      plain(
        "00000000000000a2",
        "00000000000000a1",
        ',"events":[{"timeUnixNano":"1700000000000500000","name":"retry","attributes":[{"key":"n","value":{"intValue":"2"}}]}],"links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00000000000000a1"}]',
      ),
      plain("00000000000000a3", "00000000000000a2", ',"status":{"code":2,"message":"boom \\"x\\""}'),
    ]);
    fc.assert(
      fc.property(
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        (edits, cuts, capped) => {
          const b = mutate(enc.encode(base), edits);
          agree(
            split(
              b,
              cuts.map((c) => c % (b.length + 1)),
            ),
            capped ? 8 : undefined,
          );
        },
      ),
      { numRuns: 1500 },
    );
  }, 60_000);

  it("agrees on generated answers with bytes changed (property)", () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (data, seed, edits) => {
        const b = mutate(enc.encode(stringifyShuffled(data, seed)), edits);
        agree([b]);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("keeps only the trace asked for, as the token-by-token decoder does", () => {
    const other = "1af7651916cd43dd8448eb211c80319c";
    const text = body([
      plain("00000000000000a1"),
      plain("00000000000000a2").replace(TRACE, other),
      plain("00000000000000a3").replace(TRACE, other.toUpperCase()),
      plain("00000000000000a4"),
    ]);
    const out = agree([enc.encode(text)], undefined, other);
    expect((out.result as { n: number; traceId: string }).n).toBe(2);
    expect((out.result as { traceId: string }).traceId).toBe(other);
    expect(out.fastSpans).toBe(4);
  });
});

describe("the columns sized from Content-Length", () => {
  it("give the same table whatever the size said (right, too small, too large, zero)", () => {
    const spans = Array.from({ length: 3000 }, (_, i) =>
      plain((0x100000 + i).toString(16).padStart(16, "0"), i ? "0000000000100000" : ""),
    );
    const b = enc.encode(body(spans));
    const chunks = split(
      b,
      Array.from({ length: 40 }, (_, k) => Math.floor((b.length * k) / 40)),
    );
    const run = (hint?: number) => {
      const d = new OtlpColumnsDecoder({ what: WHAT }, undefined, true, hint);
      for (const c of chunks) d.push(c);
      return view(d.table());
    };
    const want = run();
    expect((want as { n: number }).n).toBe(3000);
    for (const hint of [b.length, Math.floor(b.length / 3), b.length * 50, 0]) expect(run(hint)).toEqual(want);
  });
});
