// One test per recorded Prometheus 2.42 fixture: the schema accepts it and the model is right.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { BackendError } from "../../model/errors";
import type { HttpResponse } from "../http";
import { parseWith } from "../zod-error";
import { decodePromResponse } from "./client";
import { readFixtureJson, recordedReply } from "./fixture-server";
import {
  buildInfoResponseSchema,
  exemplarsResponseSchema,
  instantResponseSchema,
  matrixResponseSchema,
  metadataResponseSchema,
  seriesResponseSchema,
  stringListResponseSchema,
} from "./schemas";
import { instantToSamples, matrixToSeries, metadataFor, toBuildInfo, toExemplars } from "./to-model";

const DIR = "prometheus-2.42";
const START_MS = 1795300408_000;
const END_MS = 1795300588_000;
const parse = <T extends z.ZodType>(schema: T, name: string): z.infer<T> =>
  parseWith("prometheus", name, schema, readFixtureJson(DIR, `${name}.json`));

function recordedResponse(name: string): HttpResponse {
  const r = recordedReply(DIR, name);
  return { status: r.status, headers: { "content-type": r.contentType ?? "" }, text: r.body };
}

function decodeError(name: string): BackendError {
  try {
    decodePromResponse(recordedResponse(name), "query", matrixResponseSchema);
  } catch (err) {
    if (err instanceof BackendError) return err;
    throw err;
  }
  throw new Error(`${name} decoded without an error`);
}

describe("prometheus error fixtures → BackendError kind query", () => {
  it("error_query_execution_many_to_many: 422 execution keeps the server text", () => {
    const e = decodeError("error_query_execution_many_to_many");
    expect(e).toMatchObject({ backend: "prometheus", kind: "query", status: 422 });
    expect(e.message).toContain("execution: found duplicate series for the match group {}");
  });
  it("error_query_range_end_before_start: 400 bad_data", () => {
    const e = decodeError("error_query_range_end_before_start");
    expect(e).toMatchObject({ kind: "query", status: 400 });
    expect(e.message).toBe(
      'prometheus: query: bad_data: invalid parameter "end": end timestamp must not be before start time',
    );
  });
  it("error_query_range_too_many_points: 400 with the 11,000-points text", () => {
    const e = decodeError("error_query_range_too_many_points");
    expect(e).toMatchObject({ kind: "query", status: 400 });
    expect(e.message).toContain("exceeded maximum resolution of 11,000 points per timeseries");
  });
  it("error_query_syntax: 400 parse error with position", () => {
    const e = decodeError("error_query_syntax");
    expect(e.kind).toBe("query");
    expect(e.message).toContain("1:58: parse error: unclosed left parenthesis");
  });
});

describe("prometheus label and metadata fixtures", () => {
  it("label_name_values", () => {
    expect(parse(stringListResponseSchema, "label_name_values").data).toEqual([
      "shop-cart-1",
      "shop-frontend-1",
      "shop-payments-1",
      "web1",
    ]);
  });
  it("labels", () => {
    const { data } = parse(stringListResponseSchema, "labels");
    expect(data).toHaveLength(17);
    expect(data).toContain("container_label_com_docker_compose_service");
  });
  it("metadata: counters are keyed by family, so _total falls back to the family name", () => {
    const { data } = parse(metadataResponseSchema, "metadata");
    expect(metadataFor(data, "http_server_requests_total")).toMatchObject({ type: "counter", unit: "" });
    expect(metadataFor(data, "container_cpu_usage_seconds_total")?.help).toBe(
      "Cumulative cpu time consumed in seconds.",
    );
    expect(metadataFor(data, "container_memory_usage_bytes")?.type).toBe("gauge");
    expect(metadataFor(data, "no_such_metric")).toBeUndefined();
  });
  it("metadata_metric_filter: metric=…_total answers {}", () => {
    const { data } = parse(metadataResponseSchema, "metadata_metric_filter");
    expect(data).toEqual({});
    expect(metadataFor(data, "http_server_requests_total")).toBeUndefined();
  });
  it("series: includes up and the root-cgroup series without name", () => {
    const { data } = parse(seriesResponseSchema, "series");
    expect(data).toHaveLength(6);
    expect(data.filter((l) => l.__name__ === "up")).toHaveLength(1);
    expect(data.filter((l) => l.__name__ === "container_cpu_usage_seconds_total" && !l.name)).toHaveLength(1);
  });
  it("status_buildinfo", () => {
    expect(toBuildInfo(parse(buildInfoResponseSchema, "status_buildinfo").data)).toEqual({
      version: "2.42.0+ds",
      revision: "2.42.0+ds-5+deb12u1",
    });
  });
});

describe("prometheus exemplars fixture", () => {
  it("query_exemplars: 395 exemplars in 29 series; trace and span IDs from labels", () => {
    const ex = toExemplars(parse(exemplarsResponseSchema, "query_exemplars").data);
    expect(ex).toHaveLength(395);
    expect(new Set(ex.map((e) => JSON.stringify(e.seriesLabels))).size).toBe(29);
    expect(ex.every((e) => e.traceId?.length === 32 && e.spanId?.length === 16)).toBe(true);
    const hit = ex.find((e) => e.traceId === "2c4d87704d15565aa38c99f600db6813");
    expect(hit).toMatchObject({
      spanId: "f38c8fb3ccdf02f4",
      at: 1795300490_000,
      value: 1,
      seriesLabels: { service: "payments", route: "/api/payments/charge", status: "502" },
    });
  });
});

describe("prometheus instant query fixtures", () => {
  it("query_instant_scalar: a bare pair becomes one unlabelled sample", () => {
    const s = instantToSamples(parse(instantResponseSchema, "query_instant_scalar").data);
    expect(s).toEqual([{ labels: {}, at: END_MS, value: 3.981818181818181 }]);
  });
  it("query_instant_string: a non-numeric string value is null", () => {
    const s = instantToSamples(parse(instantResponseSchema, "query_instant_string").data);
    expect(s).toEqual([{ labels: {}, at: END_MS, value: null }]);
  });
  it("query_instant_vector: one sample per container, values parsed from strings", () => {
    const s = instantToSamples(parse(instantResponseSchema, "query_instant_vector").data);
    expect(s.map((x) => [x.labels.name, x.value])).toEqual([
      ["shop-cart-1", 1163264],
      ["shop-frontend-1", 589824],
      ["shop-payments-1", 13332480],
      ["web1", 831488],
    ]);
    expect(s.every((x) => x.at === END_MS && x.labels.__name__ === "container_memory_usage_bytes")).toBe(true);
  });
  it("query_instant_vector_memory_limit_ratio: binary op drops __name__", () => {
    const s = instantToSamples(parse(instantResponseSchema, "query_instant_vector_memory_limit_ratio").data);
    expect(s).toHaveLength(1);
    expect(s[0]?.labels.__name__).toBeUndefined();
    expect(s[0]).toMatchObject({ labels: { name: "shop-payments-1" }, value: 0.19866943359375 });
  });
  it("query_label_value_quote_backslash: empty vector", () => {
    expect(instantToSamples(parse(instantResponseSchema, "query_label_value_quote_backslash").data)).toEqual([]);
  });
});

describe("prometheus range query fixtures", () => {
  const names = (s: { labels: Record<string, string> }[]) => s.map((x) => x.labels.name);
  it("query_range_cpu_by_name: 4 series × 19 points at step 10s from start", () => {
    const series = matrixToSeries(parse(matrixResponseSchema, "query_range_cpu_by_name").data.result);
    expect(names(series)).toEqual(["shop-cart-1", "shop-frontend-1", "shop-payments-1", "web1"]);
    for (const s of series) {
      expect(s.points).toHaveLength(19);
      expect(s.points[0]?.[0]).toBe(START_MS);
      expect(s.points[18]?.[0]).toBe(END_MS);
    }
    expect(series[0]?.points[0]).toEqual([START_MS, 0.2370570402229933]);
  });
  it("query_range_cpu_by_name_post: step 30s gives 7 points", () => {
    const series = matrixToSeries(parse(matrixResponseSchema, "query_range_cpu_by_name_post").data.result);
    expect(series.map((s) => s.points.length)).toEqual([7, 7, 7, 7]);
    expect(series[0]?.points[1]).toEqual([1795300438_000, 0.39045086056000006]);
  });
  it("query_range_http_requests_rate: 8 service/status series, zero stays 0", () => {
    const series = matrixToSeries(parse(matrixResponseSchema, "query_range_http_requests_rate").data.result);
    expect(series).toHaveLength(8);
    const f500 = series.find((s) => s.labels.service === "frontend" && s.labels.status === "500");
    expect(f500?.points[0]).toEqual([START_MS, 0]);
  });
  it("query_range_memory_usage_by_name: RFC3339 request, 13 points at step 15s", () => {
    const series = matrixToSeries(parse(matrixResponseSchema, "query_range_memory_usage_by_name").data.result);
    expect(series.map((s) => s.points.length)).toEqual([13, 13, 13, 13]);
    expect(series[0]?.points[12]).toEqual([END_MS, 1163264]);
  });
  it("query_range_memory_working_set: full label sets are kept", () => {
    const series = matrixToSeries(parse(matrixResponseSchema, "query_range_memory_working_set").data.result);
    expect(series).toHaveLength(4);
    expect(series[0]?.labels).toMatchObject({
      __name__: "container_memory_working_set_bytes",
      container_label_com_docker_compose_service: "cart",
      job: "cadvisor",
    });
  });
});

describe("prometheus value edge cases", () => {
  it('"NaN", "+Inf" and "-Inf" become null points', () => {
    const series = matrixToSeries([
      {
        metric: {},
        values: [
          [1, "NaN"],
          [2, "+Inf"],
          [3, "-Inf"],
          [4.5, "2"],
        ],
      },
    ]);
    expect(series[0]?.points).toEqual([
      [1000, null],
      [2000, null],
      [3000, null],
      [4500, 2],
    ]);
  });
  it("exemplar trace IDs are read from traceID/traceId too and normalised", () => {
    const ex = toExemplars([
      {
        seriesLabels: { __name__: "x" },
        exemplars: [
          { labels: { traceID: "ABCDEF0123456789" }, value: "6", timestamp: 1600096945.479 },
          {
            labels: { traceId: "4BF92F3577B34DA6A3CE929D0E0E4736", spanId: "00F067AA0BA902B7" },
            value: "1",
            timestamp: 1,
          },
          { labels: { other: "x" }, value: "1", timestamp: 2 },
        ],
      },
    ]);
    expect(ex.map((e) => [e.traceId, e.spanId, e.at])).toEqual([
      ["0000000000000000abcdef0123456789", undefined, 1600096945479],
      ["4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 1000],
      [undefined, undefined, 2000],
    ]);
  });
});
