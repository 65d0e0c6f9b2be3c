// The real Loki client and transport against a node:http server replaying the recorded responses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { millis, type TimeRange } from "../../model/time";
import type { Transport } from "../http";
import { closedPort, type FakeServer, type Reply, recordedReply, startFakeServer } from "../prometheus/fixture-server";
import { createLokiBackend } from "./client";

const DIR = "loki-2.8";
const RANGE: TimeRange = { from: millis(1795300413_000), to: millis(1795300593_000) };
const rec = (name: string) => recordedReply(DIR, name);

function queryRange(q: URLSearchParams): Reply {
  const query = q.get("query") ?? "";
  if (query.endsWith('"shop"')) return rec("error_logql_parse"); // unclosed selector
  if (query.includes("count_over_time")) return rec("query_range_metric_count_over_time");
  if (query.includes("|=")) return rec("query_range_line_filter_trace_id");
  if (q.get("direction") === "forward") return rec("query_range_streams_forward");
  return rec("query_range_streams_backward");
}

const routes: Record<string, (q: URLSearchParams) => Reply | "hang" | undefined> = {
  "/loki/api/v1/query_range": queryRange,
  "/loki/api/v1/query": () => rec("query_instant_metric_vector"),
  "/loki/api/v1/labels": () => rec("labels"),
  "/loki/api/v1/label/container/values": () => rec("label_container_values"),
  "/loki/api/v1/series": () => rec("series"),
  "/loki/api/v1/status/buildinfo": () => rec("status_buildinfo"),
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
    const prefix = ["/html", "/hang"].find((p) => req.path.startsWith(p)) ?? req.path;
    return routes[prefix]?.(req.query);
  });
  t = {
    backend: "loki",
    baseUrl: server.baseUrl,
    timeoutMs: 2_000,
    maxBytes: 5_000_000,
    auth: { headers: { "X-Scope-OrgID": "tenant-a" } },
  };
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
const last = () => server.requests.at(-1);

describe("createLokiBackend against a replaying server", () => {
  it("queryRange backward: ns params, tenant header, merged newest-first, truncated at limit", async () => {
    const r = await createLokiBackend(t).queryRange({
      query: '{compose_project="shop"}',
      range: RANGE,
      limit: 20,
      direction: "backward",
    });
    expect(r).toMatchObject({ truncated: true, limit: 20 });
    expect(r.lines).toHaveLength(20);
    expect(r.lines[0]?.ts).toBe("1795300592000000000");
    expect(Object.fromEntries(last()?.query ?? [])).toEqual({
      query: '{compose_project="shop"}',
      start: "1795300413000000000",
      end: "1795300593000000000",
      limit: "20",
      direction: "backward",
    });
    expect(last()?.headers["x-scope-orgid"]).toBe("tenant-a");
  });

  it("queryRange forward", async () => {
    const r = await createLokiBackend(t).queryRange({ query: "{x}", range: RANGE, limit: 25, direction: "forward" });
    expect(r.lines[0]?.ts).toBe("1795300413000000000");
    expect(r.truncated).toBe(true);
  });

  it("clamps limit to 5000; fewer lines than the limit is not truncated", async () => {
    const r = await createLokiBackend(t).queryRange({
      query: '{compose_project="shop"} |= "2c4d87704d15565aa38c99f600db6813"',
      range: RANGE,
      limit: 99_999,
      direction: "backward",
    });
    expect(last()?.query.get("limit")).toBe("5000");
    expect(r).toMatchObject({ truncated: false, limit: 5000 });
    expect(r.lines.map((l) => l.traceId)).toEqual(Array(3).fill("2c4d87704d15565aa38c99f600db6813"));
  });

  it("a LogQL parse error (400, text body under application/json) keeps Loki's text", async () => {
    const r = createLokiBackend(t).queryRange({
      query: '{compose_project="shop"',
      range: RANGE,
      limit: 10,
      direction: "backward",
    });
    const e = await failure(r);
    expect(e).toMatchObject({ backend: "loki", kind: "query", status: 400 });
    expect(e.message).toBe(
      "loki: query_range: parse error at line 1, col 24: syntax error: unexpected $end, expecting } or ,",
    );
  });

  it("a metric query sent to queryRange is a readable query error", async () => {
    const e = await failure(
      createLokiBackend(t).queryRange({
        query: "count_over_time({x}[1m])",
        range: RANGE,
        limit: 10,
        direction: "backward",
      }),
    );
    expect(e.kind).toBe("query");
    expect(e.message).toContain("expected a streams result, got matrix");
  });

  it("queryRangeMetric maps the matrix and clamps a too-fine step", async () => {
    const loki = createLokiBackend(t);
    const series = await loki.queryRangeMetric("sum by (container) (count_over_time({x}[1m]))", RANGE, 15);
    expect(series).toHaveLength(4);
    expect(last()?.query.get("step")).toBe("15");
    const month: TimeRange = { from: millis(1792708593_000), to: millis(1795300593_000) };
    await loki.queryRangeMetric("sum by (container) (count_over_time({x}[1m]))", month, 1);
    expect(last()?.query.get("step")).toBe("236"); // ceil(2,592,000 s / 11,000)
  });

  it("queryInstant, labels, label values (scoped by a selector), series, buildinfo", async () => {
    const loki = createLokiBackend(t);
    expect(await loki.queryInstant("sum(rate({x}[1m]))", millis(1795300593_000))).toHaveLength(3);
    expect(last()?.query.get("time")).toBe("1795300593000000000");
    expect(await loki.labels(RANGE)).toEqual(["compose_project", "compose_service", "container", "job"]);
    expect(await loki.labelValues("container", RANGE, '{compose_project="shop"}')).toHaveLength(4);
    expect(last()?.query.get("query")).toBe('{compose_project="shop"}');
    expect(await loki.series(['{compose_project="shop"}', '{job="podman"}'], RANGE)).toHaveLength(4);
    expect(last()?.query.getAll("match[]")).toEqual(['{compose_project="shop"}', '{job="podman"}']);
    expect(await loki.buildInfo()).toEqual({ version: "unknown", revision: undefined });
  });

  it("an HTML 502 from a proxy is an http error that says HTML", async () => {
    const e = await failure(createLokiBackend({ ...t, baseUrl: `${server.baseUrl}/html` }).labels(RANGE));
    expect(e).toMatchObject({ backend: "loki", kind: "http", status: 502 });
    expect(e.message).toContain("got HTML");
  });

  it("a server that never answers is a timeout", async () => {
    const e = await failure(
      createLokiBackend({ ...t, baseUrl: `${server.baseUrl}/hang`, timeoutMs: 100 }).labels(RANGE),
    );
    expect(e).toMatchObject({ backend: "loki", kind: "timeout" });
  });

  it("connection refused is unreachable", async () => {
    const port = await closedPort();
    const e = await failure(createLokiBackend({ ...t, baseUrl: `http://127.0.0.1:${port}` }).labels(RANGE));
    expect(e).toMatchObject({ backend: "loki", kind: "unreachable" });
    expect(e.message).toContain("connection refused");
  });
});
