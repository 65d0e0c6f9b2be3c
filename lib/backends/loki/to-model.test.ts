// One test per recorded Loki 2.8 fixture: the schema accepts it and the model is right.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BackendError } from "../../model/errors";
import type { LogLine } from "../../model/logs";
import { readFixtureJson, recordedReply } from "../prometheus/fixture-server";
import { parseWith } from "../zod-error";
import { decodeLokiResponse } from "./decode";
import {
  buildInfoSchema,
  type LokiQueryData,
  queryResponseSchema,
  seriesResponseSchema,
  streamSchema,
  stringListResponseSchema,
  tailFrameSchema,
} from "./schemas";
import { labelsHash, matrixToSeries, streamsToLines, toBuildInfo, toTailFrame, vectorToSamples } from "./to-model";

const DIR = "loki-2.8";
const TRACE = "2c4d87704d15565aa38c99f600db6813";
const parse = <T extends z.ZodType>(schema: T, name: string): z.infer<T> =>
  parseWith("loki", name, schema, readFixtureJson(DIR, `${name}.json`));

function streams(name: string) {
  const { data } = parse(queryResponseSchema, name);
  if (data.resultType !== "streams") throw new Error(`${name}: not streams`);
  return data.result;
}
const resultOf = (name: string): LokiQueryData => parse(queryResponseSchema, name).data;

/** Consecutive timestamps never go the wrong way (compared as exact integers). */
function expectOrdered(lines: LogLine[], direction: "backward" | "forward") {
  for (let i = 1; i < lines.length; i++) {
    const a = BigInt(lines[i - 1]?.ts ?? "0");
    const b = BigInt(lines[i]?.ts ?? "0");
    if (direction === "backward") expect(a >= b).toBe(true);
    else expect(a <= b).toBe(true);
  }
  expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
}

function errorOf(name: string): BackendError {
  const r = recordedReply(DIR, name);
  try {
    decodeLokiResponse({ status: r.status, headers: {}, text: r.body }, "query_range", queryResponseSchema);
  } catch (err) {
    if (err instanceof BackendError) return err;
    throw err;
  }
  throw new Error(`${name} decoded without an error`);
}

describe("loki error fixtures: text bodies under application/json, decided by status", () => {
  it("error_limit_above_max: 400 query error, text verbatim", () => {
    const e = errorOf("error_limit_above_max");
    expect(e).toMatchObject({ backend: "loki", kind: "query", status: 400 });
    expect(e.message).toBe(
      "loki: query_range: max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)",
    );
  });
  it("error_logql_parse", () => {
    const e = errorOf("error_logql_parse");
    expect(e.kind).toBe("query");
    expect(e.message).toContain("parse error at line 1, col 24: syntax error: unexpected $end, expecting } or ,");
  });
  it("error_metric_query_step_too_small", () => {
    expect(errorOf("error_metric_query_step_too_small").message).toContain(
      "exceeded maximum resolution of 11,000 points per timeseries",
    );
  });
});

describe("loki label, series and buildinfo fixtures", () => {
  it("labels", () => {
    expect(parse(stringListResponseSchema, "labels").data).toEqual([
      "compose_project",
      "compose_service",
      "container",
      "job",
    ]);
  });
  it("label_container_values", () => {
    expect(parse(stringListResponseSchema, "label_container_values").data).toEqual([
      "shop-cart-1",
      "shop-frontend-1",
      "shop-payments-1",
      "web1",
    ]);
  });
  it("series: label order differs per item (Go map order); hashes do not", () => {
    const { data } = parse(seriesResponseSchema, "series");
    expect(data.map((l) => l.container).sort()).toEqual(["shop-cart-1", "shop-frontend-1", "shop-payments-1", "web1"]);
    const cart = data.find((l) => l.container === "shop-cart-1") ?? {};
    const reordered = Object.fromEntries(Object.entries(cart).reverse());
    expect(labelsHash(reordered)).toBe(labelsHash(cart));
  });
  it("status_buildinfo: bare object with empty strings (source build)", () => {
    expect(toBuildInfo(parse(buildInfoSchema, "status_buildinfo"))).toEqual({
      version: "unknown",
      revision: undefined,
    });
  });
});

describe("loki metric fixtures", () => {
  it("query_instant_metric_vector: one sample per service, stats accepted", () => {
    const data = resultOf("query_instant_metric_vector");
    if (data.resultType !== "vector") throw new Error("not a vector");
    expect(data.stats).toBeTypeOf("object");
    expect(vectorToSamples(data.result).map((s) => [s.labels.compose_service, s.value, s.at])).toEqual([
      ["cart", 0.03333333333333333, 1795300593_000],
      ["frontend", 0.05, 1795300593_000],
      ["payments", 0.03333333333333333, 1795300593_000],
    ]);
  });
  it("query_range_metric_count_over_time: step-aligned points outside the range are kept", () => {
    const data = resultOf("query_range_metric_count_over_time");
    if (data.resultType !== "matrix") throw new Error("not a matrix");
    const series = matrixToSeries(data.result);
    expect(series.map((s) => s.labels.container)).toEqual([
      "shop-cart-1",
      "shop-frontend-1",
      "shop-payments-1",
      "web1",
    ]);
    for (const s of series) {
      expect(s.points).toHaveLength(14);
      expect(s.points[0]?.[0]).toBe(1795300410_000); // before start=…413
      expect(s.points[13]?.[0]).toBe(1795300605_000); // after end=…593
    }
    expect(series[0]?.points[0]).toEqual([1795300410_000, 85]);
  });
});

describe("loki stream fixtures → one merged timeline", () => {
  it("query_range_streams_backward: 4 streams merged newest first by exact ns", () => {
    const lines = streamsToLines(streams("query_range_streams_backward"), "backward");
    expect(lines).toHaveLength(20);
    expectOrdered(lines, "backward");
    expect(lines[0]?.ts).toBe("1795300592000000000");
    expect(lines[0]?.at).toBe(1795300592_000);
    // 1 ns apart in the same second: only the string order separates them.
    const cart = lines.filter((l) => l.stream.container === "shop-cart-1").map((l) => l.ts);
    expect(cart.slice(1, 4)).toEqual(["1795300591000000002", "1795300591000000001", "1795300591000000000"]);
    expect(lines.at(-1)?.ts).toBe("1795300588000000001");
    const web = lines.find((l) => l.stream.container === "web1");
    expect(web).toMatchObject({ level: "info", traceId: "4bf92f3577b34da6a3ce929d0e0e4736" });
  });
  it("query_range_streams_forward: oldest first; Java stack-trace lines are separate entries", () => {
    const lines = streamsToLines(streams("query_range_streams_forward"), "forward");
    expect(lines).toHaveLength(25);
    expectOrdered(lines, "forward");
    expect(lines[0]?.ts).toBe("1795300413000000000");
    expect(lines[1]).toMatchObject({
      level: "error",
      traceId: "9b71d79f81e5ffc878c65350e8d6ba1b",
      spanId: "55b64b5f8f674b52",
    });
    expect(lines[2]?.line).toMatch(/^com\.shop\.payments\.gateway\.GatewayException/);
  });
  it("query_range_line_filter_trace_id: one trace ID in three formats", () => {
    const lines = streamsToLines(streams("query_range_line_filter_trace_id"), "backward");
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.traceId === TRACE)).toBe(true);
    expect(lines[0]).toMatchObject({ ts: "1795300490000000001", level: "error", spanId: "f38c8fb3ccdf02f4" });
    expect(lines[0]?.stream.container).toBe("shop-payments-1");
    expect(lines.map((l) => l.stream.compose_service).sort()).toEqual(["cart", "frontend", "payments"]);
  });
  it("query_range_json_parser: one-entry streams per parsed label set; Terminated lines kept", () => {
    const lines = streamsToLines(streams("query_range_json_parser"), "backward");
    expect(lines).toHaveLength(10);
    expectOrdered(lines, "backward");
    expect(lines.filter((l) => l.line === "Terminated").map((l) => l.level)).toEqual(["unknown", "unknown"]);
    expect(lines[0]).toMatchObject({ level: "warn", traceId: "fe0fe4ad29ce94fb70292ecc257d2d12" });
    expect(lines[0]?.fields.status).toBe("409");
  });
  it("query_range_json_parser_error_label: __error__ streams keep their labels", () => {
    const lines = streamsToLines(streams("query_range_json_parser_error_label"), "backward");
    expect(lines).toHaveLength(12);
    expectOrdered(lines, "backward");
    expect(lines.filter((l) => l.stream.__error__ === "JSONParserErr")).toHaveLength(8);
    expect(lines.filter((l) => l.ts === "1795300592000000000")).toHaveLength(3);
  });
  it("query_range_logfmt_parser: level and trace from logfmt", () => {
    const lines = streamsToLines(streams("query_range_logfmt_parser"), "backward");
    expect(lines).toHaveLength(10);
    expectOrdered(lines, "backward");
    expect(lines.map((l) => l.level)).toContain("error");
    expect(lines[0]).toMatchObject({
      level: "warn",
      traceId: "aae5c80cb981d32335dbe11101048f8d",
      spanId: "0bb965759226621e",
    });
  });
});

describe("loki tail fixture", () => {
  it("tail_websocket.messages: 5 frames, 31 lines, each frame oldest first, no drops", () => {
    const frames = z.array(z.unknown()).parse(readFixtureJson(DIR, "tail_websocket.messages.json"));
    const mapped = frames.map((f, i) => toTailFrame(parseWith("loki", `tail frame ${i}`, tailFrameSchema, f)));
    expect(mapped.map((f) => f.lines.length)).toEqual([10, 2, 7, 4, 8]);
    for (const f of mapped) {
      expectOrdered(f.lines, "forward");
      expect(f.dropped).toEqual([]);
    }
  });
});

const wireStreams = (v: unknown) => z.array(streamSchema).parse(v);

describe("keys and categorized entries", () => {
  it("duplicate ts in the same label set get an index; reordered labels give the same key", () => {
    const s = { a: "1", b: "2" };
    const wire = wireStreams([
      {
        stream: s,
        values: [
          ["5", "x"],
          ["5", "y"],
        ],
      },
      { stream: { b: "2", a: "1" }, values: [["5", "z"]] },
    ]);
    const lines = streamsToLines(wire, "forward");
    const h = labelsHash(s);
    expect(lines.map((l) => l.key)).toEqual([`5-${h}-0`, `5-${h}-1`, `5-${h}-2`]);
  });
  it("categorize-labels form: structured metadata feeds the trace ID, parsed labels join the stream", () => {
    const wire = wireStreams([
      {
        stream: { job: "x" },
        values: [["7", "plain", { structuredMetadata: { trace_id: TRACE }, parsed: { level: "warn" } }]],
      },
    ]);
    const lines = streamsToLines(wire, "backward");
    expect(lines[0]).toMatchObject({
      structuredMetadata: { trace_id: TRACE },
      stream: { job: "x", level: "warn" },
      traceId: TRACE,
      level: "warn",
    });
  });
});
