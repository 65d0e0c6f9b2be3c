import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prometheusHandlers } from "./prometheus";
import { CPU_SLOPE, FIXTURES, testPromSource } from "./prometheus-test-source";

const BASE = "http://prometheus.test:9090";
const handlers = prometheusHandlers(BASE, testPromSource(), { now: () => 1795300588000 });

interface Body {
  status: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

function fixture(name: string): Body {
  return JSON.parse(readFileSync(join(FIXTURES, "prometheus-2.42", name), "utf8")) as Body;
}

/** Replays the request recorded in a fixture's sidecar. */
function recordedUrl(name: string): string {
  const meta = JSON.parse(readFileSync(join(FIXTURES, "prometheus-2.42", `${name}.meta.json`), "utf8")) as {
    request: { url: string };
  };
  return BASE + meta.request.url;
}

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: Body; type: string | null }> {
  const res = await getResponse(handlers, new Request(url, init));
  if (!res) throw new Error(`no handler for ${url}`);
  return { status: res.status, body: (await res.json()) as Body, type: res.headers.get("content-type") };
}

type Series = { metric: Record<string, string>; values: [number, string][] };
type Sample = { metric: Record<string, string>; value: [number, string] };

function matrix(body: Body): Series[] {
  return (body.data as { result: Series[] }).result;
}
function vector(body: Body): Sample[] {
  return (body.data as { result: Sample[] }).result;
}

describe("prometheus handlers: recorded requests", () => {
  it("answers buildinfo like the recorded server", async () => {
    const { status, body } = await call(`${BASE}/api/v1/status/buildinfo`);
    expect(status).toBe(200);
    expect(body).toEqual(fixture("status_buildinfo.json"));
  });

  it("instant vector: envelope, metric key set and string values match the fixture", async () => {
    const { status, body, type } = await call(recordedUrl("query_instant_vector"));
    const want = fixture("query_instant_vector.json");
    expect(status).toBe(200);
    expect(type).toBe("application/json");
    expect(Object.keys(body)).toEqual(Object.keys(want));
    expect(Object.keys(body.data as object)).toEqual(Object.keys(want.data as object));
    expect(vector(body).map((s) => Object.keys(s.metric))).toEqual(vector(want).map((s) => Object.keys(s.metric)));
    expect(vector(body).map((s) => s.value)).toEqual(vector(want).map((s) => s.value));
  });

  it("binary op drops __name__: memory ratio has exactly the fixture's metric", async () => {
    const { body } = await call(recordedUrl("query_instant_vector_memory_limit_ratio"));
    const want = vector(fixture("query_instant_vector_memory_limit_ratio.json"));
    const got = vector(body);
    expect(got.map((s) => s.metric)).toEqual(want.map((s) => s.metric));
    expect(Number(got[0]?.value[1])).toBeCloseTo((13332480 * 0.9) / 67108864, 12);
  });

  it("range query: sorted by metric, starts exactly at start, rate of a linear counter is its slope", async () => {
    const { body } = await call(recordedUrl("query_range_cpu_by_name"));
    const want = matrix(fixture("query_range_cpu_by_name.json"));
    const got = matrix(body);
    expect(got.map((s) => s.metric)).toEqual(want.map((s) => s.metric));
    for (const [i, s] of got.entries()) {
      expect(s.values.map((v) => v[0])).toEqual(want[i]?.values.map((v) => v[0]));
      const svc = (s.metric.name ?? "").replace(/^shop-|-1$|1$/g, "");
      for (const [, v] of s.values) expect(Number(v)).toBeCloseTo(CPU_SLOPE[svc] ?? Number.NaN, 9);
    }
  });

  it("POST form body gives the same answer as GET", async () => {
    const url = recordedUrl("query_range_cpu_by_name_post");
    const meta = JSON.parse(
      readFileSync(join(FIXTURES, "prometheus-2.42", "query_range_cpu_by_name_post.meta.json"), "utf8"),
    ) as { request: { body: string } };
    const { body } = await call(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: meta.request.body,
    });
    const want = matrix(fixture("query_range_cpu_by_name_post.json"));
    expect(matrix(body).map((s) => [s.metric, s.values.map((v) => v[0])])).toEqual(
      want.map((s) => [s.metric, s.values.map((v) => v[0])]),
    );
  });

  it("accepts RFC3339 start/end and keeps only the `by` labels", async () => {
    const { body } = await call(recordedUrl("query_range_memory_usage_by_name"));
    const want = matrix(fixture("query_range_memory_usage_by_name.json"));
    expect(matrix(body).map((s) => [s.metric, s.values.length, s.values[0]?.[0]])).toEqual(
      want.map((s) => [s.metric, s.values.length, s.values[0]?.[0]]),
    );
    expect(matrix(body)[0]?.values[0]?.[1]).toBe("1163264");
  });

  it("raw range series keep every label", async () => {
    const { body } = await call(recordedUrl("query_range_memory_working_set"));
    const want = matrix(fixture("query_range_memory_working_set.json"));
    expect(matrix(body).map((s) => s.metric)).toEqual(want.map((s) => s.metric));
  });

  it("sum by (service, status) of rate", async () => {
    const { body } = await call(recordedUrl("query_range_http_requests_rate"));
    const got = matrix(body);
    expect(got.map((s) => Object.keys(s.metric))).toEqual(got.map(() => ["service", "status"]));
    expect(
      Number(got.find((s) => s.metric.service === "cart" && s.metric.status === "200")?.values[3]?.[1]),
    ).toBeCloseTo(1.2, 9);
  });

  it("scalar and string results are bare pairs", async () => {
    const scalar = await call(recordedUrl("query_instant_scalar"));
    const result = (scalar.body.data as { resultType: string; result: [number, string] }).result;
    expect((scalar.body.data as { resultType: string }).resultType).toBe("scalar");
    expect(result[0]).toBe(1795300588);
    expect(Number(result[1])).toBeCloseTo(1.2 + 0.02 + 1.25 + 0.04, 9);
    expect((await call(recordedUrl("query_instant_string"))).body).toEqual(fixture("query_instant_string.json"));
  });

  it("quoted weird label value parses and matches nothing", async () => {
    const { status, body } = await call(recordedUrl("query_label_value_quote_backslash"));
    expect(status).toBe(200);
    expect(body).toEqual(fixture("query_label_value_quote_backslash.json"));
  });

  for (const name of [
    "error_query_syntax",
    "error_query_range_end_before_start",
    "error_query_range_too_many_points",
    "error_query_execution_many_to_many",
  ]) {
    it(`error body and status equal the fixture: ${name}`, async () => {
      const meta = JSON.parse(readFileSync(join(FIXTURES, "prometheus-2.42", `${name}.meta.json`), "utf8")) as {
        response: { status: number };
      };
      const { status, body, type } = await call(recordedUrl(name));
      expect(status).toBe(meta.response.status);
      expect(type).toBe("application/json");
      expect(body).toEqual(fixture(`${name}.json`));
    });
  }

  it("series: repeated match[], sorted, includes root cgroup and up", async () => {
    const { body } = await call(recordedUrl("series"));
    const want = fixture("series.json").data as Record<string, string>[];
    expect(body.data).toEqual(want);
  });

  it("labels and label values", async () => {
    const labels = (await call(recordedUrl("labels"))).body.data as string[];
    expect(labels).toEqual([...labels].sort());
    expect(labels).toEqual(expect.arrayContaining(["__name__", "name", "id", "service", "status"]));
    const values = await call(recordedUrl("label_name_values"));
    expect(values.body).toEqual(fixture("label_name_values.json"));
  });

  it("metadata is keyed by family name (no _total), and filtering by the sample name gives {}", async () => {
    const all = (await call(recordedUrl("metadata"))).body.data as Record<string, unknown>;
    const want = fixture("metadata.json").data as Record<string, unknown>;
    expect(all.container_cpu_usage_seconds).toEqual(want.container_cpu_usage_seconds);
    expect(all.http_server_requests).toEqual(want.http_server_requests);
    expect(Object.keys(all)).toEqual(Object.keys(all).sort());
    expect(all.up).toBeUndefined();
    expect((await call(recordedUrl("metadata_metric_filter"))).body).toEqual(fixture("metadata_metric_filter.json"));
  });

  it("exemplars: series labels with __name__, string values, numeric second timestamps", async () => {
    const { body } = await call(recordedUrl("query_exemplars"));
    const got = body.data as { seriesLabels: Record<string, string>; exemplars: Record<string, unknown>[] }[];
    const want = fixture("query_exemplars.json").data as typeof got;
    expect(Object.keys(got[0] ?? {})).toEqual(Object.keys(want[0] ?? {}));
    expect(Object.keys(got[0]?.exemplars[0] ?? {})).toEqual(Object.keys(want[0]?.exemplars[0] ?? {}));
    expect(got[0]?.seriesLabels.__name__).toBe("http_server_requests_total");
    expect(typeof got[0]?.exemplars[0]?.value).toBe("string");
    expect(got[0]?.exemplars[0]?.timestamp).toBe(1795300410);
  });
});

describe("prometheus handlers: mock-specific behaviour", () => {
  it("functions outside the subset are a 400 that says so", async () => {
    const q = encodeURIComponent("histogram_quantile(0.9, rate(x_bucket[5m]))");
    const { status, body } = await call(`${BASE}/api/v1/query?query=${q}&time=1795300588`);
    expect(status).toBe(400);
    expect(body.errorType).toBe("bad_data");
    expect(body.error).toContain("not supported by the mock");
  });

  it("range query over a range vector is rejected like Prometheus", async () => {
    const q = encodeURIComponent("up[5m]");
    const { status, body } = await call(`${BASE}/api/v1/query_range?query=${q}&start=1&end=100&step=10`);
    expect(status).toBe(400);
    expect(body.error).toBe(
      'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
  });

  it("series without match[] is a 400", async () => {
    const { status, body } = await call(`${BASE}/api/v1/series`);
    expect(status).toBe(400);
    expect(body.error).toBe("no match[] parameter provided");
  });
});
