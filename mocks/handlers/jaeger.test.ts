import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { JaegerSource, TraceResource, TraceSpanSource } from "../sources";
import { createWorld } from "../world/world";
import { jaegerHandlers } from "./jaeger";
import { v1TraceId } from "./jaeger-wire";

const FIX = fileURLToPath(new URL("../../../shared/fixtures/jaeger/", import.meta.url));
const fixture = (p: string): unknown => JSON.parse(readFileSync(`${FIX}${p}`, "utf8"));
const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const BASE = "http://jaeger.test";
const world = createWorld({ now: () => NOW });

/** Key paths of a JSON value: "result.resourceSpans[].scopeSpans[].spans[].kind" … */
function paths(v: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      paths(x, p, out);
    }
  return out;
}

function missing(ours: unknown, theirs: unknown): string[] {
  const mine = paths(ours);
  return [...paths(theirs)].filter((p) => !mine.has(p));
}

async function get(path: string, src: JaegerSource = world.jaegerSource(), api: "v3" | "v1" | "both" = "both") {
  const res = await getResponse(jaegerHandlers(BASE, src, { api, now: () => NOW }), new Request(`${BASE}${path}`));
  return res;
}

async function body(path: string): Promise<{ status: number; json: unknown }> {
  const res = await get(path);
  if (!res) throw new Error(`unhandled ${path}`);
  return { status: res.status, json: await res.json() };
}

/** A failing checkout: several processes, error statuses, events (like the fixtures show). */
const someTraceId = () => {
  const t = world.jaegerSource().findTraces({
    service: "payments",
    startMinUs: (NOW - 3_600_000) * 1000,
    startMaxUs: NOW * 1000,
    attributes: { error: "true" },
    limit: 1,
  });
  return t[0]?.[0]?.traceId ?? "";
};

const rfc = (ms: number) => new Date(ms).toISOString().replace("Z", "000000Z");

describe("jaeger api/v3", () => {
  it("answers services and operations like the snapshots", async () => {
    const s = await body("/api/v3/services");
    expect(missing(s.json, fixture("api-v3/GetServices.json"))).toEqual([]);
    const o = await body("/api/v3/operations?service=payments&spanKind=server");
    expect(missing(o.json, fixture("api-v3/GetOperations.json"))).toEqual([]);
    expect(o.json).toEqual({ operations: [{ name: "POST /api/payments/charge", spanKind: "server" }] });
  });

  it("returns a trace as OTLP/JSON with ns strings and int enums", async () => {
    const { status, json } = await body(`/api/v3/traces/${someTraceId()}`);
    expect(status).toBe(200);
    expect(missing(json, fixture("api-v3/GetTrace.json"))).toEqual([]);
    expect(missing(json, { result: fixture("otlp/example_trace.json") })).toEqual([]);
    const span = (json as { result: { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] } })
      .result.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(typeof span?.kind).toBe("number");
    expect(span?.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers 404 with Jaeger's error body", async () => {
    const { status, json } = await body("/api/v3/traces/0123456789abcdef0123456789abcdef");
    expect(status).toBe(404);
    expect(json).toEqual({ error: { httpCode: 404, message: "No traces found" } });
  });

  it("searches with snake_case or camelCase and requires both times", async () => {
    const min = rfc(NOW - 600_000);
    const max = rfc(NOW);
    const snake = await body(
      `/api/v3/traces?query.service_name=worker&query.start_time_min=${min}&query.start_time_max=${max}&query.num_traces=3`,
    );
    const camel = await body(
      `/api/v3/traces?query.serviceName=worker&query.startTimeMin=${min}&query.startTimeMax=${max}&query.searchDepth=3`,
    );
    expect(snake.status).toBe(200);
    expect(snake.json).toEqual(camel.json);
    const noMax = await body(`/api/v3/traces?query.service_name=worker&query.start_time_min=${min}`);
    expect(noMax.status).toBe(400);
    expect(noMax.json).toMatchObject({ error: { httpCode: 400 } });
    const attrs = encodeURIComponent(JSON.stringify({ error: "true" }));
    const errors = await body(
      `/api/v3/traces?query.service_name=payments&query.start_time_min=${rfc(NOW - 3_600_000)}&query.start_time_max=${max}&query.attributes=${attrs}&query.duration_min=500ms`,
    );
    expect(errors.status).toBe(200);
    expect(missing(errors.json, fixture("api-v3/FindTraces.json"))).toEqual([]);
  });

  it("serves trace summaries shaped like the snapshot", async () => {
    const r = await body(
      `/api/v3/trace-summaries?query.service_name=frontend&query.start_time_min=${rfc(NOW - 60_000)}&query.start_time_max=${rfc(NOW)}`,
    );
    expect(missing(r.json, fixture("api-v3/FindTraceSummaries.json"))).toEqual([]);
  });
});

describe("jaeger v1 JSON API", () => {
  it("wraps everything in the envelope, like the transform fixture", async () => {
    const s = await body("/api/services");
    expect(s.json).toEqual({
      data: ["cart", "frontend", "payments", "worker"],
      total: 4,
      limit: 0,
      offset: 0,
      errors: null,
    });
    const ops = await body("/api/services/worker/operations");
    expect(ops.json).toMatchObject({ data: ["UPDATE shop.orders", "orders process"], total: 2 });
    const ops2 = await body("/api/operations?service=worker&spanKind=consumer");
    expect(ops2.json).toMatchObject({ data: [{ name: "orders process", spanKind: "consumer" }] });
    const t = await body(`/api/traces/${someTraceId()}`);
    expect(Object.keys(t.json as object)).toEqual(Object.keys(fixture("transform/otlp2jaeger-out.json") as object));
  });

  it("renders traces in the UI model of ui_01.json", async () => {
    const t = (await body(`/api/traces/${someTraceId()}`)).json as { data: unknown[] };
    const ui = fixture("v1-ui-model/ui_01.json") as { spans: unknown[]; processes: object };
    expect(missing(t.data[0], { ...ui, spans: [(ui.spans as object[])[3]] })).toEqual([]);
    const checkout = world.jaegerSource().findTraces({
      service: "worker",
      startMinUs: (NOW - 600_000) * 1000,
      startMaxUs: NOW * 1000,
      limit: 1,
    })[0];
    const v1 = (await body(`/api/traces/${checkout?.[0]?.traceId}`)).json as {
      data: { spans: { operationName: string; references: { refType: string }[] }[] }[];
    };
    const consumer = v1.data[0]?.spans.find((s) => s.operationName === "orders process");
    expect(consumer?.references.map((r) => r.refType)).toEqual(["FOLLOWS_FROM"]);
  });

  it("searches with µs times and tags, and requires a service", async () => {
    const tags = encodeURIComponent(JSON.stringify({ error: "true" }));
    const r = await body(
      `/api/traces?service=payments&start=${(NOW - 3_600_000) * 1000}&end=${NOW * 1000}&limit=5&tags=${tags}`,
    );
    expect((r.json as { data: unknown[] }).data).toHaveLength(5);
    const bad = await body("/api/traces?limit=5");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 400, msg: "parameter 'service' is required" }],
    });
    const nf = await body("/api/traces/0123456789abcdef0123456789abcdef");
    expect(nf.status).toBe(404);
    expect(nf.json).toMatchObject({ data: null, errors: [{ code: 404, msg: "trace not found" }] });
  });

  it("prints 16-char trace IDs when the high 64 bits are zero", async () => {
    expect(v1TraceId("00000000000000004bf92f3577b34da6")).toBe("4bf92f3577b34da6");
    const res: TraceResource = { serviceName: "api", attributes: { "service.name": "api", "host.name": "abc" } };
    const span: TraceSpanSource = {
      traceId: "00000000000000004bf92f3577b34da6",
      spanId: "00f067aa0ba902b7",
      name: "GET /api",
      kind: "server",
      startUs: 1_700_000_000_123_456,
      durationUs: 1520,
      status: "unset",
      attributes: {},
      events: [],
      links: [],
      resource: res,
      scope: { name: "x" },
    };
    const src: JaegerSource = {
      services: () => ["api"],
      operations: () => [],
      trace: () => [span],
      findTraces: () => [],
    };
    const r = await get("/api/traces/4bf92f3577b34da6", src);
    const j = (await r?.json()) as { data: { traceID: string; processes: Record<string, { tags: unknown[] }> }[] };
    expect(j.data[0]?.traceID).toBe("4bf92f3577b34da6");
    expect(j.data[0]?.processes.p1?.tags).toEqual([{ key: "host.name", type: "string", value: "abc" }]);
  });
});

describe("api selection", () => {
  it("v1 leaves the v3 paths unhandled and v3 the v1 paths", async () => {
    expect(await get("/api/v3/services", world.jaegerSource(), "v1")).toBeUndefined();
    expect((await get("/api/services", world.jaegerSource(), "v1"))?.status).toBe(200);
    expect(await get("/api/services", world.jaegerSource(), "v3")).toBeUndefined();
  });
});
