// Generators of OTLP/JSON answers as real servers (and odd ones) write them, for the property
// tests of the streaming and columnar decoders (otlp-stream.test.ts, otlp-span-scan.test.ts).
import fc from "fast-check";

/** The body cut at these offsets (deduplicated, clamped). */
export function split(body: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => Math.min(body.length, Math.max(0, c))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, body.length]) {
    out.push(body.slice(prev, c));
    prev = c;
  }
  return out;
}

/** JSON text with each object's keys in a pseudo-random order (proto3 JSON fixes none). */
export function stringifyShuffled(v: unknown, seed: number): string {
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

export const hex = (len: number) =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: len, maxLength: len })
    .filter((s) => /[1-9a-f]/.test(s));
export const text = fc.string({ unit: "binary", maxLength: 12 });
export const key = fc.oneof(fc.constantFrom("http.method", "service.name", "a", "otel.scope.name", "__proto__"), text);
export const nanos = fc.oneof(
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }).map(String),
  fc.nat({ max: 2 ** 40 }),
  fc.constant(undefined),
);

export const { anyValue } = fc.letrec<{ anyValue: unknown; kv: unknown }>((tie) => ({
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
export const kv = fc.record({ key, value: fc.option(anyValue, { nil: null }) }, { requiredKeys: ["key"] });
export const attrs = fc.option(fc.array(kv, { maxLength: 4 }), { nil: null });

export const TRACE_IDS = [
  "0af7651916cd43dd8448eb211c80319c",
  "0AF7651916CD43DD8448EB211C80319C",
  "00000000000000000000000000000abc",
  "CvdlGRbNQ92ESOshHIAxnA==",
];

export const span = fc.record(
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

export const resourceSpans = fc.record(
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

export const answer = fc.oneof(
  fc.record({ result: fc.record({ resourceSpans: fc.array(resourceSpans, { maxLength: 3 }) }) }),
  fc.record({ resourceSpans: fc.array(resourceSpans, { maxLength: 3 }) }),
);
