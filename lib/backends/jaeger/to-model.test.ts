import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import type { Span } from "../../model/trace";
import { decodeOtlpTraces, decodeV1Strings, decodeV1Trace, decodeV1Traces } from "./decode";
import { anyValueToAttr } from "./attributes";
import { spanKindOf } from "./to-model";

const FIX = new URL("../../../../shared/fixtures/jaeger/", import.meta.url);
const load = (p: string): unknown => JSON.parse(readFileSync(new URL(p, FIX), "utf8"));

function catchErr(f: () => unknown): BackendError {
  try {
    f();
  } catch (e) {
    if (e instanceof BackendError) return e;
    throw e;
  }
  throw new Error("expected a BackendError");
}

describe("api-v3 fixtures", () => {
  it("GetTrace.json: wrapped OTLP with int enums and no timestamps", () => {
    const [t, ...rest] = decodeOtlpTraces(load("api-v3/GetTrace.json"), "trace");
    expect(rest).toHaveLength(0);
    expect(t?.traceId).toBe("00000000000000000000000000000001");
    const s = t?.spans[0];
    expect(s).toMatchObject({
      spanId: "0000000000000002",
      parentSpanId: undefined,
      name: "foobar",
      kind: "server",
      status: "error",
      service: "",
      start: 0,
      duration: 0,
    });
  });

  it("FindTraces.json: search result is summarised", async () => {
    const traces = decodeOtlpTraces(load("api-v3/FindTraces.json"), "search");
    expect(traces.map((t) => t.traceId)).toEqual(["00000000000000000000000000000001"]);
    const { summarize } = await import("./summarize");
    const traceZero = traces[0];
    if (!traceZero) throw new Error("no trace");
    expect(summarize(traceZero)).toMatchObject({ rootName: "foobar", spanCount: 1, errorCount: 1 });
  });

  it("FindTraceSummaries.json is not a traces shape (we summarise full traces instead)", () => {
    // The trace-summaries endpoint is v2.19+ only; the client never calls it. Parsed as traces it
    // has no resourceSpans, so it is rejected (an answer of the wrong shape, not "no traces").
    expect(() => decodeOtlpTraces(load("api-v3/FindTraceSummaries.json"), "summaries")).toThrow(
      /jaeger: summaries: unexpected response at resourceSpans/,
    );
  });

  it("GetServices.json / GetOperations.json parse with the v3 schemas", async () => {
    const { v3ServicesSchema, v3OperationsSchema } = await import("./schemas");
    expect(v3ServicesSchema.parse(load("api-v3/GetServices.json")).services).toEqual(["foo"]);
    expect(v3OperationsSchema.parse(load("api-v3/GetOperations.json")).operations).toEqual([
      { name: "get_users", spanKind: "server" },
    ]);
  });
});

describe("OTLP mapping", () => {
  it("otlp/example_trace.json: plain resourceSpans, services from resources, ns → µs", () => {
    const [t] = decodeOtlpTraces(load("otlp/example_trace.json"), "trace");
    expect(t?.traceId).toBe("00000000000000000000000000000011");
    expect(t?.spans.map((s) => [s.spanId, s.service, s.kind])).toEqual([
      ["0000000000000004", "example-service-2", "unspecified"],
      ["0000000000000005", "example-service-3", "unspecified"],
      ["0000000000000003", "example-service-1", "unspecified"],
      ["0000000000000006", "example-service-1", "server"],
      ["0000000000000007", "example-service-1", "client"],
    ]);
    const s = t?.spans[0];
    expect(s?.start).toBe(1485449191639875);
    expect(s?.duration).toBe(100);
    expect(s?.status).toBe("unset");
    expect(s?.events).toHaveLength(2);
    expect(s?.events[0]).toEqual({ time: 1485449191639875, name: "", attributes: {} });
    expect(s?.resource).toEqual({ "service.name": "example-service-2" });
  });

  it("accepts string enums, sub-microsecond times and every AnyValue kind", () => {
    const body = {
      result: {
        resourceSpans: [
          {
            resource: {
              attributes: [
                { key: "service.name", value: { stringValue: "api" } },
                { key: "container.id", value: { stringValue: "3f2a9c1b7d4e" } },
              ],
            },
            scopeSpans: [
              {
                scope: { name: "otel-js", version: "1.2" },
                spans: [
                  {
                    traceId: "4BF92F3577B34DA6A3CE929D0E0E4736",
                    spanId: "00f067aa0ba902b7",
                    parentSpanId: "53995c3f42cd8ad8",
                    name: "GET /api",
                    kind: "SPAN_KIND_CLIENT",
                    startTimeUnixNano: "1700000000123456789",
                    endTimeUnixNano: "1700000000125000000",
                    attributes: [
                      { key: "s", value: { stringValue: "x" } },
                      { key: "i", value: { intValue: "42" } },
                      { key: "big", value: { intValue: "9223372036854775807" } },
                      { key: "b", value: { boolValue: false } },
                      { key: "d", value: { doubleValue: 1.5 } },
                      { key: "nan", value: { doubleValue: "NaN" } },
                      { key: "arr", value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: "a" }] } } },
                      { key: "kv", value: { kvlistValue: { values: [{ key: "k", value: { boolValue: true } }] } } },
                      { key: "bytes", value: { bytesValue: "AAAwOQ==" } },
                      { key: "empty", value: {} },
                    ],
                    events: [{ timeUnixNano: 1700000000124000000, name: "exception", attributes: [] }],
                    links: [{ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "1111111111111111" }],
                    status: { code: "STATUS_CODE_ERROR", message: "boom" },
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const s = decodeOtlpTraces(body, "trace")[0]?.spans[0];
    expect(s).toMatchObject({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentSpanId: "53995c3f42cd8ad8",
      kind: "client",
      status: "error",
      statusMessage: "boom",
      service: "api",
      start: 1700000000123456.8, // …456789 ns: a double keeps ~0.1 µs here
      duration: 1543.211,
      resource: { "service.name": "api", "container.id": "3f2a9c1b7d4e" },
      links: [{ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "1111111111111111", kind: "link" }],
    });
    expect(s?.events[0]?.time).toBe(1700000000124000);
    expect(s?.attributes).toEqual({
      "otel.scope.name": "otel-js",
      "otel.scope.version": "1.2",
      s: "x",
      i: 42,
      big: "9223372036854775807",
      b: false,
      d: 1.5,
      nan: "NaN",
      arr: [1, "a"],
      kv: { k: true },
      bytes: "AAAwOQ==",
      empty: null,
    });
  });

  it("base64 ids (Tempo-style OTLP) become hex", () => {
    const body = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "AAAAAAAAAAAAAAAAAAAAAQ==", spanId: "AAAAAAAAAAI=" }] }] }],
    };
    expect(decodeOtlpTraces(body, "trace")[0]?.spans[0]).toMatchObject({
      traceId: "00000000000000000000000000000001",
      spanId: "0000000000000002",
    });
  });

  it("span kind from ints and names", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(spanKindOf)).toEqual([
      "unspecified",
      "internal",
      "server",
      "client",
      "producer",
      "consumer",
      "unspecified",
    ]);
    expect(spanKindOf("SPAN_KIND_PRODUCER")).toBe("producer");
    expect(spanKindOf("server")).toBe("server");
    expect(anyValueToAttr(undefined)).toBeNull();
  });

  it("malformed: a bad timestamp names jaeger and the field path", () => {
    const body = load("api-v3/GetTrace.json");
    const bad = JSON.parse(
      JSON.stringify(body).replace('"name":"foobar"', '"name":"foobar","startTimeUnixNano":"soon"'),
    );
    const err = catchErr(() => decodeOtlpTraces(bad, "GET /api/v3/traces/{id}"));
    expect(err.kind).toBe("parse");
    expect(err.message).toMatch(/^jaeger: /);
    expect(err.message).toContain("result.resourceSpans.0.scopeSpans.0.spans.0.startTimeUnixNano");
  });

  it("malformed: a non-hex span id is rejected with its path", () => {
    const bad = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "01", spanId: "zz-not-an-id!" }] }] }] };
    const err = catchErr(() => decodeOtlpTraces(bad, "trace"));
    expect(err.message).toContain("resourceSpans.0.scopeSpans.0.spans.0.spanId");
    expect(err.message).toContain("not a span id");
  });
});

describe("v1 mapping", () => {
  it("v1-ui-model/ui_01.json: 16-char ids padded, CHILD_OF parent, other refs as links, warnings kept", () => {
    const t = decodeV1Trace(load("v1-ui-model/ui_01.json"), "trace");
    expect(t.traceId).toBe("00000000000000000000000000000001");
    expect(t.spans.map((s) => [s.spanId, s.parentSpanId, s.service])).toEqual([
      ["0000000000000002", undefined, "service-x"],
      ["0000000000000002", undefined, "service-x"],
      ["0000000000000003", "0000000000000002", "service-y"],
      ["0000000000000004", "0000000000000002", "service-y"],
      ["0000000000000005", "0000000000000004", "service-y"],
    ]);
    const refTest = t.spans[3];
    // The first CHILD_OF points to another trace (00ff), so it stays a link.
    expect(refTest?.links).toEqual([
      { traceId: "000000000000000000000000000000ff", spanId: "00000000000000ff", kind: "child_of" },
      { traceId: "00000000000000000000000000000001", spanId: "0000000000000002", kind: "follows_from" },
    ]);
    const tagged = t.spans[1];
    expect(tagged?.status).toBe("error");
    expect(tagged?.attributes).toEqual({
      "peer.service": "service-y",
      "peer.ipv4": 23456,
      temperature: 72.5,
      javascript_limit: "9223372036854775222",
      blob: "AAAwOQ==",
    });
    expect(t.spans[0]?.events).toEqual([
      { time: 1485467191639875, name: "some-event", attributes: {} },
      { time: 1485467191639875, name: "", attributes: { x: "y" } },
    ]);
    expect(t.spans[0]?.resource).toEqual({ "service.name": "service-x" });
    expect(t.warnings).toEqual([
      "some trace warning",
      "span 0000000000000004: some span warning",
      "span 0000000000000005: some span warning",
    ]);
  });

  it("v1-ui-model/domain_01.json is the storage model, not an HTTP shape: rejected clearly", () => {
    const err = catchErr(() => decodeV1Trace(load("v1-ui-model/domain_01.json"), "GET /api/traces/{id}"));
    expect(err.backend).toBe("jaeger");
    expect(err.kind).toBe("parse");
    expect(err.message).toMatch(/^jaeger: GET \/api\/traces\/\{id\}: unexpected response at traceID: /);
  });

  it("jaeger-ui/testTraceNormal.json: kinds from span.kind tags, services from processes", async () => {
    const t = decodeV1Trace(load("jaeger-ui/testTraceNormal.json"), "trace");
    expect(t.traceId).toBe("4766f1209f70a5e2e55417fc296fd101");
    const byId = new Map(t.spans.map((s) => [s.spanId, s]));
    expect(byId.get("150c193cf155b46b")).toMatchObject({
      parentSpanId: undefined,
      kind: "server",
      service: "api-gateway",
      start: 1579070675083000,
      duration: 4902,
    });
    expect(byId.get("22be69e72cbcde0b")).toMatchObject({ kind: "client", parentSpanId: "150c193cf155b46b" });
    expect(byId.get("622a5079b565623e")?.attributes).toEqual({
      database: "jdbc:hsqldb:mem:testdb",
      sql: "select * from pet",
    });
    const { summarize } = await import("./summarize");
    expect(summarize(t)).toEqual({
      traceId: "4766f1209f70a5e2e55417fc296fd101",
      rootService: "api-gateway",
      rootName: "GET /api/customer/owners/8/pets/10",
      start: 1579070675083000,
      duration: 4902,
      spanCount: 5,
      errorCount: 0,
      services: ["api-gateway", "customers-service"],
    });
  });

  it("jaeger-ui/oltp2jaeger-multi-out.json: envelope with UI-embedded processes", () => {
    const { traces, errors } = decodeV1Traces(load("jaeger-ui/oltp2jaeger-multi-out.json"), "search");
    expect(errors).toEqual([]);
    expect(traces).toHaveLength(1);
    const t = traces[0];
    expect(t?.spans.map((s) => [s.name, s.parentSpanId ?? null])).toEqual([
      ["ohboy.do", "49b8e9efa1e8a3b1"],
      ["ohboy.do", "49b8e9efa1e8a3b1"],
      ["info", "eff3153be6b1fb93"],
      ["main", null],
    ]);
    expect(t?.spans.every((s) => s.kind === "internal" && s.service === "example-trace")).toBe(true);
    expect(t?.spans[3]?.resource).toEqual({
      "service.name": "example-trace",
      "telemetry.sdk.language": "nodejs",
      "telemetry.sdk.name": "opentelemetry",
      "telemetry.sdk.version": "1.22.0",
    });
  });

  it("errors[] with data:null is a query error; per-trace errors become warnings", () => {
    const err = catchErr(() =>
      decodeV1Traces(
        { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg: "parameter 'service' is required" }] },
        "GET /api/traces",
      ),
    );
    expect(err.kind).toBe("query");
    expect(err.status).toBe(400);
    expect(err.message).toBe("jaeger: GET /api/traces: 400 parameter 'service' is required");

    const env = load("transform/otlp2jaeger-out.json");
    if (typeof env !== "object" || env === null) throw new Error("fixture");
    const withErr = { ...env, errors: [{ code: 500, msg: "partial", traceID: "83a9efd15c1c98a977e0711cc93ee28b" }] };
    expect(decodeV1Traces(withErr, "x").traces[0]?.warnings).toEqual(["partial"]);
    expect(decodeV1Strings({ data: ["a"], total: 1, limit: 0, offset: 0, errors: null }, "services")).toEqual(["a"]);
  });

  it("malformed v1: the field path is named", () => {
    const bad = {
      data: [
        { traceID: "01", spans: [{ traceID: "01", spanID: "02", operationName: "x", startTime: "1", duration: 1 }] },
      ],
    };
    const err = catchErr(() => decodeV1Traces(bad, "GET /api/traces"));
    expect(err.message).toMatch(/^jaeger: GET \/api\/traces: unexpected response at data\.0\.spans\.0\.startTime: /);
  });
});

describe("the same trace through v3 (OTLP) and v1 agrees", () => {
  it("transform/otlp2jaeger-in.json ≡ transform/otlp2jaeger-out.json", () => {
    const [fromOtlp] = decodeOtlpTraces(load("transform/otlp2jaeger-in.json"), "otlp");
    const { traces } = decodeV1Traces(load("transform/otlp2jaeger-out.json"), "v1");
    const fromV1 = traces[0];
    expect(fromOtlp?.traceId).toBe("83a9efd15c1c98a977e0711cc93ee28b");
    expect(fromV1?.traceId).toBe(fromOtlp?.traceId);
    const key = (s: Span) => ({
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      service: s.service,
      name: s.name,
      kind: s.kind,
      start: s.start,
      duration: s.duration,
      status: s.status,
    });
    expect(fromV1?.spans.map(key)).toEqual(fromOtlp?.spans.map(key));
    expect(fromOtlp?.spans[0]).toMatchObject({
      parentSpanId: "909541b92cf05311",
      kind: "server",
      start: 1706678909209712,
      duration: 123,
    });
    // Whole spans agree too: scope → otel.scope.name, span.kind stripped, service.name in resource.
    expect(fromV1?.spans).toEqual(fromOtlp?.spans);
  });
});
