import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import { millis } from "../../model/time";
import type { Transport } from "../http";
import { createJaegerBackend } from "../jaeger/client";
import { createTempoBackend } from "./client";
import { combineTraceBackends } from "./combined";
import { RECORDED } from "./recorded.test-helper";
import { tagsFor, traceqlFor } from "./traceql";

const ID = "0af7651916cd43dd8448eb211c80319c";

interface Reply {
  status?: number;
  type?: string;
  body: string;
}
type Route = (url: URL) => Reply | undefined;

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of servers.splice(0)) await close();
});

async function serve(route: Route, backend: Transport["backend"] = "tempo") {
  const seen: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push(url);
    const r = route(url) ?? { status: 404, type: "text/plain; charset=utf-8", body: "404 page not found\n" };
    res.writeHead(r.status ?? 200, { "Content-Type": r.type ?? "application/json" });
    res.end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  servers.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const transport: Transport = { backend, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000, maxBytes: 1 << 20 };
  return { seen, transport };
}

const range = { from: millis(1796485700000), to: millis(1796485800000) };

/** Real Tempo 2.0.1 answers (recorded.test-helper.ts). */
const tempo20: Route = (u) => {
  if (u.pathname === `/api/traces/${ID}`) return { body: RECORDED.trace };
  if (u.pathname.startsWith("/api/traces/"))
    return { status: 404, type: "text/plain; charset=utf-8", body: RECORDED.notFound };
  if (u.pathname === "/api/search") {
    if (u.searchParams.get("q")?.includes('"nope"')) return { body: RECORDED.empty };
    return { body: u.searchParams.has("q") ? RECORDED.search : RECORDED.tagsearch };
  }
  if (u.pathname === "/api/search/tags") return { body: RECORDED.tags };
  if (u.pathname === "/api/search/tag/service.name/values") return { body: RECORDED.vals };
  if (u.pathname === "/status/version") return { type: "text/plain", body: RECORDED.statusVersion };
  return undefined;
};

describe("Tempo trace by id", () => {
  it("maps `batches` with base64 ids and enum-name kinds to the model, like Jaeger's OTLP", async () => {
    const { transport, seen } = await serve(tempo20);
    const t = await createTempoBackend(transport).getTrace(ID.toUpperCase());
    expect(seen[0]?.pathname).toBe(`/api/traces/${ID}`);
    expect(t?.traceId).toBe(ID);
    expect(t?.spans.map((s) => [s.spanId, s.parentSpanId, s.name, s.kind, s.status, s.service])).toEqual([
      ["b7ad6b7169203331", undefined, "POST /api/cart", "server", "error", "cart"],
      ["c7ad6b7169203332", "b7ad6b7169203331", "redis GET", "client", "unset", "cart"],
    ]);
    expect(t?.spans[0]?.resource).toEqual({ "container.id": "abc123", "host.name": "cart", "service.name": "cart" });
    expect(t?.spans[0]?.attributes["http.status_code"]).toBe(500);
    expect(t?.spans[0]?.statusMessage).toBe("boom");
    expect(t?.spans[0]?.duration).toBe(5000);
  });

  it("404 'trace not found' is undefined; a non-hex id is refused before asking", async () => {
    const { transport, seen } = await serve(tempo20);
    const tempo = createTempoBackend(transport);
    expect(await tempo.getTrace("00000000000000000000000000000001")).toBeUndefined();
    await expect(tempo.getTrace("zz")).rejects.toThrow(/not a trace id/);
    expect(seen).toHaveLength(1);
  });

  it("a 500 from the query frontend is retried once; a second one is an error", async () => {
    let n = 0;
    const { transport } = await serve((u) =>
      u.pathname === `/api/traces/${ID}` && n++ === 0
        ? { status: 500, type: "text/plain", body: "2 errors occurred:\n\t* EOF" }
        : tempo20(u),
    );
    expect((await createTempoBackend(transport).getTrace(ID))?.spans).toHaveLength(2);
    const { transport: down } = await serve(() => ({ status: 500, type: "text/plain", body: "2 errors occurred" }));
    await expect(createTempoBackend(down).getTrace(ID)).rejects.toThrow(/HTTP 500: 2 errors occurred/);
  });

  it("a body that is not a trace answer is a parse error naming the field", async () => {
    const { transport } = await serve(() => ({ body: '{"data":[]}' }));
    await expect(createTempoBackend(transport).getTrace(ID)).rejects.toThrow(
      /tempo: GET \/api\/traces\/\{id\}: unexpected response at batches: expected Tempo's `batches`/,
    );
  });
});

describe("Tempo search", () => {
  it("asks TraceQL on resource attributes, pads Tempo's 31-character search ids, reads each trace", async () => {
    const { transport, seen } = await serve(tempo20);
    const tempo = createTempoBackend(transport);
    const r = await tempo.search({ service: "cart", attributes: { "container.id": "abc123" }, range, limit: 20 });
    const q = seen[0]?.searchParams;
    expect(q?.get("q")).toBe('{ resource.service.name = "cart" && resource.container.id = "abc123" }');
    expect(q?.get("start")).toBe("1796485700");
    expect(q?.get("end")).toBe("1796485800");
    expect(q?.get("limit")).toBe("20");
    expect(seen[1]?.pathname).toBe(`/api/traces/${ID}`);
    expect(r.traces.map((t) => t.traceId)).toEqual([ID]);
    expect(r.summaries[0]).toMatchObject({
      traceId: ID,
      rootService: "cart",
      rootName: "POST /api/cart",
      spanCount: 2,
    });
    expect(tempo.searchMode()).toBe("traceql");
  });

  it("falls back to tags= when the server does not know TraceQL, and keeps using it", async () => {
    const { transport, seen } = await serve((u) =>
      u.pathname === "/api/search" && u.searchParams.has("q")
        ? { status: 400, type: "text/plain", body: "unknown parameter q" }
        : tempo20(u),
    );
    const tempo = createTempoBackend(transport);
    const s = await tempo.searchSummaries({
      service: "cart",
      attributes: { "container.id": "abc123" },
      range,
      limit: 5,
    });
    expect(s.map((x) => x.traceId)).toEqual([ID]);
    expect(seen[1]?.searchParams.get("tags")).toBe("service.name=cart container.id=abc123");
    expect(tempo.searchMode()).toBe("tags");
    await tempo.searchSummaries({ service: "cart", range, limit: 5 });
    expect(seen[2]?.searchParams.has("q")).toBe(false);
  });

  it("an invalid TraceQL query is Tempo's 400 text, not a fallback", async () => {
    const { transport } = await serve(() => ({ status: 400, type: "text/plain", body: RECORDED.badTraceql }));
    const err = await createTempoBackend(transport)
      .searchSummaries({ service: "x", range, limit: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toMatch(/GET \/api\/search: HTTP 400: invalid TraceQL query: parse error/);
    expect((err as BackendError).kind).toBe("query");
  });

  it("no match is an empty list (Tempo then sends only metrics)", async () => {
    const { transport } = await serve(tempo20);
    const r = await createTempoBackend(transport).search({
      service: "",
      attributes: { "container.id": "nope" },
      range,
      limit: 5,
    });
    expect(r).toEqual({ summaries: [], traces: [] });
  });
});

describe("TraceQL and tags text", () => {
  it("quotes hostile values and refuses attribute names that would change the query", () => {
    expect(traceqlFor({ service: 'we"ird\\svc', attributes: { "host.name": "a b" }, operation: "GET /x" })).toBe(
      '{ resource.service.name = "we\\"ird\\\\svc" && resource.host.name = "a b" && name = "GET /x" }',
    );
    expect(() => traceqlFor({ service: "s", attributes: { "x} || {": "1" } })).toThrow(/cannot be used/);
    expect(tagsFor({ service: "cart", attributes: { "host.name": 'a "b"' } })).toBe(
      'service.name=cart host.name="a \\"b\\""',
    );
  });
});

describe("Tempo tags, version", () => {
  it("tag names and values; services are service.name's values", async () => {
    const { transport } = await serve(tempo20);
    const tempo = createTempoBackend(transport);
    expect(await tempo.tagNames()).toContain("container.id");
    expect(await tempo.services()).toEqual(["cart"]);
  });

  it("2.0 has no /api/status/buildinfo: the version comes from /status/version, and an empty one says why", async () => {
    const { transport, seen } = await serve(tempo20);
    const v = await createTempoBackend(transport).version();
    expect(seen.map((u) => u.pathname)).toEqual(["/api/status/buildinfo", "/status/version"]);
    expect(v.version).toBeUndefined();
    expect(v.reason).toMatch(/\/status\/version reports an empty version/);
    const { transport: t2 } = await serve((u) =>
      u.pathname === "/status/version"
        ? { type: "text/plain", body: "tempo, version 2.0.1 (branch: HEAD, revision: 0d9f1c5)\n  go version: go1.19" }
        : undefined,
    );
    expect(await createTempoBackend(t2).version()).toEqual({ version: "2.0.1" });
    const { transport: t3 } = await serve((u) =>
      u.pathname === "/api/status/buildinfo" ? { body: '{"version":"2.4.1","revision":"abc"}' } : undefined,
    );
    expect(await createTempoBackend(t3).version()).toEqual({ version: "2.4.1" });
  });
});

describe("Jaeger and Tempo together", () => {
  it("a trace only Tempo has is found; Jaeger down does not blank Tempo's answers", async () => {
    const { transport: tt } = await serve(tempo20);
    const { transport: jt } = await serve(() => ({ status: 503, type: "text/plain", body: "down" }), "jaeger");
    const both = combineTraceBackends(createJaegerBackend(jt), createTempoBackend(tt));
    expect((await both.getTrace(ID))?.spans).toHaveLength(2);
    const r = await both.search({ service: "cart", attributes: { "container.id": "abc123" }, range, limit: 5 });
    expect(r.traces.map((t) => t.traceId)).toEqual([ID]);
    expect(await both.services()).toEqual(["cart"]);
    await expect(both.getTrace("00000000000000000000000000000001")).rejects.toThrow(/jaeger/);
  });
});
