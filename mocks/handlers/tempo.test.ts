// The Tempo stand-in through Sightline's real Tempo client, over real HTTP (mocks/server), and
// its wire shape against the recorded real Tempo 2.0.1 answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempoBackend, type TempoBackend } from "../../lib/backends/tempo/client";
import { RECORDED } from "../../lib/backends/tempo/recorded.test-helper";
import { millis } from "../../lib/model/time";
import { type MockServers, startMockServers } from "../server/start";
import { createWorld } from "../world/world";
import { parseTags, parseTraceql } from "./tempo";

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const world = createWorld({ now: () => NOW });
let servers: MockServers;
let tempo: TempoBackend;
let base = "";

beforeAll(async () => {
  servers = await startMockServers({ tempo: world.jaegerSource(), now: () => NOW });
  base = servers.urls.tempo ?? "";
  tempo = createTempoBackend({ backend: "tempo", baseUrl: base, timeoutMs: 5000, maxBytes: 64 << 20 });
});
afterAll(() => servers.close());

const range = { from: millis(NOW - 3_600_000), to: millis(NOW) };

/** Key paths of a JSON value, for shape comparison with the recording. */
function paths(v: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, `${prefix}.${k}`, out);
  else out.add(prefix);
  return out;
}

// The demo world holds many traces; scans take seconds on a loaded 2-core machine.
describe("Tempo stand-in", { timeout: 30_000 }, () => {
  it("search (TraceQL) → trace by id: the same traces the Jaeger stand-in serves, as the client maps them", async () => {
    const hits = await tempo.searchSummaries({ service: "payments", range, limit: 5 });
    expect(hits.length).toBeGreaterThan(0);
    const id = hits[0]?.traceId ?? "";
    const t = await tempo.getTrace(id);
    const want = world.jaegerSource().trace(id) ?? [];
    expect(t?.spans.map((s) => s.spanId).sort()).toEqual(want.map((s) => s.spanId).sort());
    expect(t?.spans.some((s) => s.service === "payments")).toBe(true);
  });

  it("trace by id has the recorded wire shape: batches, base64 ids, enum names", async () => {
    const [hit] = await tempo.searchSummaries({ service: "payments", range, limit: 1 });
    const r = await fetch(`${base}/api/traces/${hit?.traceId}`);
    const body = (await r.json()) as { batches: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const span = body.batches[0]?.scopeSpans[0]?.spans[0] ?? {};
    expect(span.traceId).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(span.spanId).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(String(span.kind)).toMatch(/^SPAN_KIND_[A-Z]+$/);
    const recorded = paths(JSON.parse(RECORDED.trace));
    for (const p of ["batches[].resource.attributes[].key", "batches[].scopeSpans[].spans[].startTimeUnixNano"])
      expect(recorded.has(`.${p}`) && paths(body).has(`.${p}`)).toBe(true);
  });

  it("errors as the real server writes them", async () => {
    const nf = await fetch(`${base}/api/traces/00000000000000000000000000000001`);
    expect([nf.status, await nf.text()]).toEqual([404, RECORDED.notFound]);
    const bad = await fetch(`${base}/api/traces/zz`);
    expect([bad.status, await bad.text()]).toEqual([400, RECORDED.badId]);
    const q = await fetch(`${base}/api/search?q=${encodeURIComponent("{ resource.service.name = }")}`);
    expect(q.status).toBe(400);
    expect(await q.text()).toMatch(/^invalid TraceQL query: parse error/);
    expect(await tempo.getTrace("00000000000000000000000000000001")).toBeUndefined();
  });

  it("container pinning through resource attributes; no hit is an empty list", async () => {
    const hit = (await tempo.search({ service: "payments", range, limit: 1 })).traces[0];
    const cid = hit?.spans.find((s) => s.service === "payments")?.resource["container.id"];
    expect(typeof cid).toBe("string");
    const pinned = await tempo.search({
      service: "payments",
      attributes: { "container.id": String(cid) },
      range,
      limit: 5,
    });
    for (const t of pinned.traces) expect(t.spans.some((s) => s.resource["container.id"] === cid)).toBe(true);
    const none = await tempo.search({ service: "payments", attributes: { "container.id": "nope" }, range, limit: 5 });
    expect(none.traces).toEqual([]);
  });

  it("tags, tag values and the version text", async () => {
    expect(await tempo.tagNames()).toEqual(expect.arrayContaining(["service.name", "name", "root.name"]));
    expect(await tempo.services()).toEqual(world.jaegerSource().services());
    const v = await tempo.version();
    expect(v.reason).toMatch(/\/status\/version reports an empty version/);
  });

  it("parses the TraceQL and tags the client writes", () => {
    expect(parseTraceql('{ resource.service.name = "a \\"b\\"" && name = "GET /x" && .k = "v" }')).toEqual([
      { scope: "resource", key: "service.name", value: 'a "b"' },
      { scope: "name", key: "name", value: "GET /x" },
      { scope: "any", key: "k", value: "v" },
    ]);
    expect(parseTraceql("{ }")).toEqual([]);
    expect(() => parseTraceql("{ resource.service.name = }")).toThrow(/parse error/);
    expect(parseTags('service.name=cart host.name="a b"')).toEqual([
      { scope: "any", key: "service.name", value: "cart" },
      { scope: "any", key: "host.name", value: "a b" },
    ]);
  });
});
