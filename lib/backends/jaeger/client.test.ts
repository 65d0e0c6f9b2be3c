import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { millis } from "../../model/time";
import type { Transport } from "../http";
import { createJaegerBackend } from "./client";

const FIX = new URL("../../../../shared/fixtures/jaeger/", import.meta.url);
const fixture = (p: string) => readFileSync(new URL(p, FIX), "utf8");

interface Reply {
  status?: number;
  type?: string;
  body: string;
}
type Route = (url: URL) => Reply | undefined;

/** A node:http server answering from a route table; records every request URL. */
async function serve(route: Route) {
  const seen: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push(url);
    const r = route(url) ?? { status: 404, type: "text/plain", body: "404 page not found\n" };
    res.writeHead(r.status ?? 200, { "Content-Type": r.type ?? "application/json" });
    res.end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  const transport: Transport = {
    backend: "jaeger",
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 2000,
    maxBytes: 1 << 20,
  };
  return { seen, transport, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

const NOT_FOUND_V3 = { status: 404, body: '{"error":{"httpCode":404,"message":"No traces found"}}' };
const RANGE = { from: millis(1706678900000), to: millis(1706678990000) };

describe("Jaeger v3 server", () => {
  let srv: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    srv = await serve((u) => {
      if (u.pathname === "/api/v3/services") return { body: fixture("api-v3/GetServices.json") };
      if (u.pathname === "/api/v3/operations" && u.searchParams.get("service") === "foo")
        return { body: fixture("api-v3/GetOperations.json") };
      if (u.pathname === "/api/v3/traces/00000000000000000000000000000001")
        return { body: fixture("api-v3/GetTrace.json") };
      if (u.pathname === "/api/v3/traces/00000000000000000000000000000bad")
        return { body: fixture("api-v3/GetTrace.json").replace('"foobar"', '"foobar", "kind": {"x": 1}') };
      if (u.pathname.startsWith("/api/v3/traces/")) return NOT_FOUND_V3;
      if (u.pathname === "/api/v3/traces")
        return u.searchParams.get("query.service_name") === "foo"
          ? { body: fixture("api-v3/FindTraces.json") }
          : NOT_FOUND_V3;
      return undefined;
    });
  });
  afterAll(() => srv.close());

  it("detects v3 once and caches it", async () => {
    const j = createJaegerBackend(srv.transport);
    expect(await j.apiVersion()).toBe("v3");
    expect(await j.apiVersion()).toBe("v3");
    expect(await j.services()).toEqual(["foo"]);
    expect(srv.seen.filter((u) => u.pathname === "/api/v3/services")).toHaveLength(2); // probe + services()
  });

  it("getTrace: hex id normalised, OTLP mapped; 404 means undefined", async () => {
    const j = createJaegerBackend(srv.transport);
    const t = await j.getTrace("1", { range: RANGE });
    expect(t?.spans[0]).toMatchObject({ spanId: "0000000000000002", name: "foobar", kind: "server", status: "error" });
    const last = srv.seen.at(-1);
    expect(last?.pathname).toBe("/api/v3/traces/00000000000000000000000000000001");
    expect(last?.searchParams.get("start_time")).toBe("2024-01-31T05:28:20.000000000Z");
    expect(await j.getTrace("ABCDEF")).toBeUndefined();
  });

  it("search: snake_case params, 404 is an empty result, full traces are summarised", async () => {
    const j = createJaegerBackend(srv.transport);
    const r = await j.search({
      service: "foo",
      operation: "bar",
      range: RANGE,
      attributes: { "http.status_code": "500" },
      minDurationMs: 150,
      limit: 20,
    });
    const u = srv.seen.at(-1);
    expect(Object.fromEntries(u?.searchParams ?? [])).toEqual({
      "query.service_name": "foo",
      "query.operation_name": "bar",
      "query.start_time_min": "2024-01-31T05:28:20.000000000Z",
      "query.start_time_max": "2024-01-31T05:29:50.000000000Z",
      "query.num_traces": "20",
      "query.duration_min": "150ms",
      "query.attributes": '{"http.status_code":"500"}',
    });
    expect(r.summaries).toEqual([
      {
        traceId: "00000000000000000000000000000001",
        rootService: "",
        rootName: "foobar",
        start: 0,
        duration: 0,
        spanCount: 1,
        errorCount: 1,
        services: [],
      },
    ]);
    expect(r.traces).toHaveLength(1);
    expect(await j.search({ service: "nobody", range: RANGE, limit: 5 })).toEqual({ summaries: [], traces: [] });
  });

  it("operations come with their span kind", async () => {
    expect(await createJaegerBackend(srv.transport).operations("foo")).toEqual([
      { name: "get_users", spanKind: "server" },
    ]);
  });

  it("a malformed span is a parse error naming jaeger and the field", async () => {
    const err = await createJaegerBackend(srv.transport)
      .getTrace("bad")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(String(err)).toContain(
      "jaeger: GET /api/v3/traces/{id}: unexpected response at result.resourceSpans.0.scopeSpans.0.spans.0.kind",
    );
  });

  it("an invalid trace id is rejected before any request", async () => {
    const before = srv.seen.length;
    await expect(createJaegerBackend(srv.transport).getTrace("not-hex")).rejects.toMatchObject({ kind: "query" });
    expect(srv.seen.length).toBe(before);
  });
});

describe("Jaeger v1-only server", () => {
  const v1Env = (data: unknown) => JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null });
  let srv: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    srv = await serve((u) => {
      if (u.pathname === "/api/services") return { body: v1Env(["telemetrygen"]) };
      if (u.pathname === "/api/services/telemetry%20gen/operations") return { body: v1Env(["okey-dokey-0"]) };
      if (u.pathname === "/api/traces/83a9efd15c1c98a977e0711cc93ee28b")
        return { body: fixture("transform/otlp2jaeger-out.json") };
      if (u.pathname.startsWith("/api/traces/"))
        return {
          status: 404,
          body: '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}',
        };
      if (u.pathname === "/api/traces")
        return u.searchParams.get("service")
          ? { body: fixture("transform/otlp2jaeger-out.json") }
          : {
              status: 400,
              body: '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"parameter \'service\' is required"}]}',
            };
      return undefined; // /api/v3/* → 404 text, as an old query service answers
    });
  });
  afterAll(() => srv.close());

  it("falls back to v1 and maps the v1 envelope", async () => {
    const j = createJaegerBackend(srv.transport);
    expect(await j.apiVersion()).toBe("v1");
    expect(await j.services()).toEqual(["telemetrygen"]);
    expect(await j.operations("telemetry gen")).toEqual([{ name: "okey-dokey-0" }]);
    const t = await j.getTrace("83A9EFD15C1C98A977E0711CC93EE28B", { range: RANGE });
    expect(t?.spans[0]).toMatchObject({ service: "telemetrygen", parentSpanId: "909541b92cf05311", kind: "server" });
    expect(srv.seen.at(-1)?.searchParams.get("start")).toBe("1706678900000000");
    expect(await j.getTrace("0123")).toBeUndefined();
  });

  it("search uses µs and Go durations; v1 errors[] surface as the message", async () => {
    const j = createJaegerBackend(srv.transport);
    const r = await j.search({ service: "telemetrygen", range: RANGE, maxDurationMs: 2000, limit: 10 });
    expect(Object.fromEntries(srv.seen.at(-1)?.searchParams ?? [])).toEqual({
      service: "telemetrygen",
      start: "1706678900000000",
      end: "1706678990000000",
      limit: "10",
      maxDuration: "2000ms",
    });
    expect(r.summaries[0]).toMatchObject({ rootService: "telemetrygen", rootName: "okey-dokey-0", spanCount: 2 });
    const err = await j.search({ service: "", range: RANGE, limit: 1 }).catch((e: unknown) => e);
    expect(String(err)).toBe("BackendError: jaeger: GET /api/traces: HTTP 400: 400 parameter 'service' is required");
  });
});

describe("detection edge cases and failures", () => {
  it("an HTML page on /api/v3/services (UI fallback) is not v3", async () => {
    const srv = await serve((u) =>
      u.pathname === "/api/services"
        ? { body: '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}' }
        : { type: "text/html", body: "<!doctype html><html></html>" },
    );
    expect(await createJaegerBackend(srv.transport).apiVersion()).toBe("v1");
    await srv.close();
  });

  it("a 5xx while probing is an error and is not cached", async () => {
    let fail = true;
    const srv = await serve((u) =>
      u.pathname === "/api/v3/services"
        ? fail
          ? { status: 503, type: "text/plain", body: "upstream down" }
          : { body: '{"services":[]}' }
        : undefined,
    );
    const j = createJaegerBackend(srv.transport);
    await expect(j.apiVersion()).rejects.toThrow("jaeger: GET /api/v3/services: HTTP 503: upstream down");
    fail = false;
    expect(await j.apiVersion()).toBe("v3");
    expect(await j.services()).toEqual([]);
    await srv.close();
  });

  it("neither API → a readable error", async () => {
    const srv = await serve(() => undefined);
    await expect(createJaegerBackend(srv.transport).services()).rejects.toThrow(
      "jaeger: no Jaeger query API found: /api/v3/services answered HTTP 404, /api/services HTTP 404",
    );
    await srv.close();
  });

  it("connection refused → unreachable", async () => {
    const srv = await serve(() => undefined);
    const t = srv.transport;
    await srv.close();
    const err = await createJaegerBackend(t)
      .apiVersion()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ backend: "jaeger", kind: "unreachable" });
    expect(String(err)).toContain("connection refused");
  });
});
