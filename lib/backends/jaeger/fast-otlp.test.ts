import { describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { decodeOtlpTraces } from "./decode";
import { fastResourceSpans } from "./fast-otlp";
import { v3TracesResponseSchema } from "./schemas";

const kv = (key: string, value: unknown) => ({ key, value });
const good = {
  result: {
    resourceSpans: [
      {
        resource: { attributes: [kv("service.name", { stringValue: "cart" }), kv("n", { intValue: "7" })] },
        scopeSpans: [
          {
            scope: { name: "lib", version: "1" },
            spans: [
              {
                traceId: "0AF7651916CD43DD8448EB211C80319C",
                spanId: "b7ad6b7169203331",
                parentSpanId: "",
                name: "GET /",
                kind: 2,
                startTimeUnixNano: "1700000000000000000",
                endTimeUnixNano: "1700000000001500000",
                attributes: [
                  kv("a", { arrayValue: { values: [{ boolValue: true }, { doubleValue: "NaN" }] } }),
                  kv("m", { kvlistValue: { values: [kv("x", { stringValue: "y" })] } }),
                  kv("nil", null),
                ],
                events: [{ timeUnixNano: 1700000000, name: "e", attributes: [] }],
                links: [{ traceId: "CvdlGRbNQ92ESOshHIAxnA==", spanId: "t61rcWkgMzE=", extra: 1 }],
                status: { code: "STATUS_CODE_ERROR", message: "boom" },
                unknownField: { kept: true },
              },
              {
                traceId: "0af7651916cd43dd8448eb211c80319c",
                spanId: "00f067aa0ba902b7",
                parentSpanId: "b7ad6b7169203331",
              },
            ],
          },
        ],
      },
      { resource: null, scopeSpans: null },
    ],
  },
};

describe("fastResourceSpans", () => {
  it("returns what the zod schema returns", () => {
    const fast = fastResourceSpans(structuredClone(good));
    const slow = v3TracesResponseSchema.parse(structuredClone(good)).result.resourceSpans;
    expect(fast).toBeDefined();
    // The model only reads known fields; compare through the mapping both feed.
    const t = decodeOtlpTraces(structuredClone(good), "x");
    expect(t[0]!.spans[0]!.duration).toBe(1500);
    expect(t[0]!.spans[0]!.links[0]!.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    for (const [a, b] of [[fast, slow]] as const) {
      const sa = a![0]!.scopeSpans![0]!.spans!;
      const sb = b[0]!.scopeSpans![0]!.spans!;
      for (let i = 0; i < sb.length; i++) {
        for (const k of [
          "traceId",
          "spanId",
          "parentSpanId",
          "name",
          "kind",
          "startTimeUnixNano",
          "endTimeUnixNano",
          "attributes",
          "status",
        ] as const)
          expect(sa[i]![k]).toEqual(sb[i]![k]);
        expect(sa[i]!.events?.map((e) => e.timeUnixNano)).toEqual(sb[i]!.events?.map((e) => e.timeUnixNano));
        expect(sa[i]!.links?.map((l) => [l.traceId, l.spanId])).toEqual(
          sb[i]!.links?.map((l) => [l.traceId, l.spanId]),
        );
      }
    }
  });

  it.each([
    ["a bad timestamp", (s: Record<string, unknown>) => (s.startTimeUnixNano = "12:00")],
    ["a non-hex span id", (s: Record<string, unknown>) => (s.spanId = "z!")],
    ["a null name", (s: Record<string, unknown>) => (s.name = null)],
    ["attributes that are not a list", (s: Record<string, unknown>) => (s.attributes = { a: 1 })],
    ["a fractional kind", (s: Record<string, unknown>) => (s.kind = 1.5)],
    ["an attribute without a key", (s: Record<string, unknown>) => (s.attributes = [{ value: {} }])],
  ])("leaves %s to the schema, which names the field", (_what, breakIt) => {
    const bad = structuredClone(good);
    breakIt(bad.result.resourceSpans[0]!.scopeSpans![0]!.spans[1] as Record<string, unknown>);
    expect(fastResourceSpans(bad)).toBeUndefined();
    let err: unknown;
    try {
      decodeOtlpTraces(bad, "GET /api/v3/traces/{id}");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toMatch(
      /GET \/api\/v3\/traces\/\{id\}: unexpected response at result\.resourceSpans\.0\.scopeSpans\.0\.spans\.1/,
    );
  });

  it("does not take an object without resourceSpans", () => {
    expect(fastResourceSpans({ result: {} })).toBeUndefined();
    expect(fastResourceSpans([])).toBeUndefined();
  });
});
