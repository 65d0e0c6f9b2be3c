// The real client and transport against a node:http server replaying the recorded responses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { millis, type TimeRange } from "../../model/time";
import type { Transport } from "../http";
import { createPrometheusBackend } from "./client";
import { closedPort, type FakeServer, type Reply, recordedReply, startFakeServer } from "./fixture-server";

const DIR = "prometheus-2.42";
const RANGE: TimeRange = { from: millis(1795300408_000), to: millis(1795300588_000) };
const rec = (name: string) => recordedReply(DIR, name);

// Route by path and (for queries) by the PromQL text, like a tiny Prometheus.
const routes: Record<string, (q: URLSearchParams) => Reply | "hang" | undefined> = {
  "/api/v1/query_range": (q) =>
    q.get("query") === "bad" ? rec("error_query_range_too_many_points") : rec("query_range_cpu_by_name_post"),
  "/api/v1/query": (q) =>
    q.get("query")?.includes("on()")
      ? rec("error_query_execution_many_to_many")
      : q.get("query") === "scalar"
        ? rec("query_instant_scalar")
        : rec("query_instant_vector"),
  "/api/v1/query_exemplars": () => rec("query_exemplars"),
  "/api/v1/series": () => rec("series"),
  "/api/v1/labels": () => rec("labels"),
  "/api/v1/label/name/values": () => rec("label_name_values"),
  "/api/v1/label/U__http_2e_status__code/values": () => ({
    status: 200,
    contentType: "application/json",
    body: '{"status":"success","data":["200"]}',
  }),
  "/api/v1/status/buildinfo": () => rec("status_buildinfo"),
  "/api/v1/metadata": (q) =>
    q.get("metric") === "http_server_requests_total" ? rec("metadata_metric_filter") : rec("metadata"),
  "/html": () => ({
    status: 502,
    contentType: "text/html",
    body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
  }),
  "/hang": () => "hang",
};

let server: FakeServer;
let t: Transport;
beforeAll(async () => {
  server = await startFakeServer((req) => {
    // POST bodies are forms: read parameters from the body as Prometheus does.
    const params = req.method === "POST" ? new URLSearchParams(req.body) : req.query;
    const prefix = req.path.startsWith("/html") ? "/html" : req.path.startsWith("/hang") ? "/hang" : req.path;
    return routes[prefix]?.(params);
  });
  t = { backend: "prometheus", baseUrl: server.baseUrl, timeoutMs: 2_000, maxBytes: 5_000_000 };
});
afterAll(() => server.close());

async function failure(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BackendError) return err;
    throw err;
  }
  throw new Error("expected a BackendError");
}

describe("createPrometheusBackend against a replaying server", () => {
  it("queryRange POSTs a form body and maps the matrix", async () => {
    const series = await createPrometheusBackend(t).queryRange('sum by (name) (rate(x{name!=""}[30s]))', RANGE, 30);
    expect(series.map((s) => s.labels.name)).toEqual(["shop-cart-1", "shop-frontend-1", "shop-payments-1", "web1"]);
    const req = server.requests.at(-1);
    expect(req?.method).toBe("POST");
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req?.body);
    expect(Object.fromEntries(form)).toEqual({
      query: 'sum by (name) (rate(x{name!=""}[30s]))',
      start: "1795300408",
      end: "1795300588",
      step: "30",
    });
  });

  it("queryRange clamps a too-fine step so the 11,000-points 400 never happens", async () => {
    const fourHours: TimeRange = { from: millis(1795286188_000), to: millis(1795300588_000) };
    await createPrometheusBackend(t).queryRange("up", fourHours, 1);
    expect(new URLSearchParams(server.requests.at(-1)?.body).get("step")).toBe("2");
  });

  it("a 400 from query_range is a query error with Prometheus's text", async () => {
    const e = await failure(createPrometheusBackend(t).queryRange("bad", RANGE, 15));
    expect(e).toMatchObject({ backend: "prometheus", kind: "query", status: 400 });
    expect(e.message).toContain("exceeded maximum resolution of 11,000 points");
  });

  it("query: vector and scalar; 422 execution error", async () => {
    const prom = createPrometheusBackend(t);
    expect(await prom.query("container_memory_usage_bytes", millis(1795300588_000))).toHaveLength(4);
    expect(new URLSearchParams(server.requests.at(-1)?.body).get("time")).toBe("1795300588");
    expect(await prom.query("scalar", millis(1795300588_000))).toEqual([
      { labels: {}, at: 1795300588_000, value: 3.981818181818181 },
    ]);
    const e = await failure(prom.query("a * on() b", millis(1795300588_000)));
    expect(e).toMatchObject({ kind: "query", status: 422 });
    expect(e.message).toContain("execution: found duplicate series");
  });

  it("queryExemplars finds the trace of the recorded 502", async () => {
    const ex = await createPrometheusBackend(t).queryExemplars("http_server_requests_total", RANGE);
    expect(ex.filter((e) => e.traceId === "2c4d87704d15565aa38c99f600db6813")).toHaveLength(1);
  });

  it("series repeats match[]", async () => {
    const s = await createPrometheusBackend(t).series(["container_cpu_usage_seconds_total", "up"], RANGE);
    expect(s).toHaveLength(6);
    const q = server.requests.at(-1)?.query;
    expect(q?.getAll("match[]")).toEqual(["container_cpu_usage_seconds_total", "up"]);
    expect(q?.get("start")).toBe("1795300408");
  });

  it("labels and label values (plain and U__-escaped names)", async () => {
    const prom = createPrometheusBackend(t);
    expect(await prom.labels(RANGE)).toContain("container_label_com_docker_compose_service");
    expect(await prom.labelValues("name", RANGE, ['{job="cadvisor"}'])).toEqual([
      "shop-cart-1",
      "shop-frontend-1",
      "shop-payments-1",
      "web1",
    ]);
    expect(server.requests.at(-1)?.query.getAll("match[]")).toEqual(['{job="cadvisor"}']);
    expect(await prom.labelValues("http.status_code", RANGE)).toEqual(["200"]);
    expect(server.requests.at(-1)?.path).toBe("/api/v1/label/U__http_2e_status__code/values");
  });

  it("buildInfo and metadata (family fallback for _total)", async () => {
    const prom = createPrometheusBackend(t);
    expect(await prom.buildInfo()).toEqual({ version: "2.42.0+ds", revision: "2.42.0+ds-5+deb12u1" });
    expect(await prom.metadata("http_server_requests_total")).toMatchObject({ type: "counter" });
    expect(server.requests.slice(-2).map((r) => r.query.get("metric"))).toEqual([
      "http_server_requests_total",
      "http_server_requests",
    ]);
  });

  it("an HTML 502 from a proxy is a parse error that says so", async () => {
    const e = await failure(createPrometheusBackend({ ...t, baseUrl: `${server.baseUrl}/html` }).buildInfo());
    expect(e).toMatchObject({ backend: "prometheus", kind: "parse", status: 502 });
    expect(e.message).toContain("HTTP 502: expected JSON, got HTML");
  });

  it("a server that never answers is a timeout", async () => {
    const e = await failure(
      createPrometheusBackend({ ...t, baseUrl: `${server.baseUrl}/hang`, timeoutMs: 100 }).buildInfo(),
    );
    expect(e).toMatchObject({ backend: "prometheus", kind: "timeout" });
  });

  it("connection refused is unreachable", async () => {
    const port = await closedPort();
    const e = await failure(createPrometheusBackend({ ...t, baseUrl: `http://127.0.0.1:${port}` }).buildInfo());
    expect(e).toMatchObject({ backend: "prometheus", kind: "unreachable" });
    expect(e.message).toContain("connection refused");
  });

  it("a caller's abort is passed through, not turned into a backend error", async () => {
    const ac = new AbortController();
    const p = createPrometheusBackend({ ...t, baseUrl: `${server.baseUrl}/hang` }).buildInfo({ signal: ac.signal });
    ac.abort();
    await expect(p).rejects.not.toBeInstanceOf(BackendError);
  });
});
