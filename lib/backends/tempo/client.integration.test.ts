// Sightline's Tempo client and the trace pivots against the real Tempo 2.0.1 of scripts/testenv,
// which receives the real containers' spans over OTLP/HTTP (span-pusher.ts), with the real Loki,
// Prometheus and Podman beside it. Run with the environment up:
//   node scripts/testenv/up.mjs && npx vitest run -c vitest.integration.config.mts lib/backends/tempo
import { beforeAll, describe, expect, it } from "vitest";
import {
  containerId,
  engineFor,
  lokiFor,
  pollUntil,
  prometheusFor,
  type TestEnvState,
  tempoFor,
  testEnv,
} from "../../../scripts/testenv/vitest-env";
import { placeSpans } from "../../correlation/trace-containers";
import type { Container } from "../../model/container";
import { millis, type TimeRange } from "../../model/time";
import type { Trace } from "../../model/trace";
import { traceFocusLines } from "../../server/trace-focus";
import { containerTraces } from "../../server/traces";
import type { Backends } from "../factory";

let env: TestEnvState;
let containers: Container[];
const MIN = 60_000;
const recent = (): TimeRange => ({ from: millis(Date.now() - 15 * MIN), to: millis(Date.now()) });

beforeAll(async () => {
  env = testEnv();
  console.log(
    `[tempo] ${env.tempoUrl}: Tempo ${env.versions?.tempo ?? "?"} (${env.tempo.bin}, via ${env.tempo.source})`,
  );
  containers = await engineFor(env).list({ all: true });
});

const byName = (name: string) => {
  const c = containers.find((x) => x.name === name);
  if (!c) throw new Error(`${name} is not in the engine's list`);
  return c;
};

/** A checkout that frontend, cart and payments all logged, a few seconds old (all spans in). */
async function checkoutTrace(): Promise<Trace> {
  const tempo = tempoFor(env);
  let found: Trace | undefined;
  await pollUntil(
    async () => {
      const hits = await tempo.searchSummaries({
        service: "payments",
        operation: "POST /api/payments/charge",
        range: { from: millis(Date.now() - 15 * MIN), to: millis(Date.now() - 3000) },
        limit: 20,
      });
      for (const h of hits) {
        const t = await tempo.getTrace(h.traceId);
        const services = new Set(t?.spans.map((s) => s.service));
        if (t && services.has("frontend") && services.has("cart") && services.has("payments")) {
          found = t;
          return true;
        }
      }
      return false;
    },
    (ok) => ok,
    { timeoutMs: 60_000, intervalMs: 2000 },
  );
  if (!found) throw new Error("no checkout trace through frontend, cart and payments in Tempo");
  return found;
}

describe("the real Tempo's spans", () => {
  it("trace by id: a checkout through three containers, ids hex, resources naming the real containers", async () => {
    const t = await checkoutTrace();
    expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
    const bySvc = new Map(t.spans.map((s) => [s.service, s]));
    for (const [svc, name] of [
      ["frontend", "shop-frontend-1"],
      ["cart", "shop-cart-1"],
      ["payments", "shop-payments-1"],
    ] as const) {
      const s = bySvc.get(svc);
      expect(s?.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(s?.kind).toBe("server");
      expect(s?.resource["container.id"]).toBe(containerId(env, name));
      expect(s?.resource["container.name"]).toBe(name);
    }
    expect(bySvc.get("cart")?.parentSpanId).toBe(bySvc.get("frontend")?.spanId);
    expect(bySvc.get("payments")?.parentSpanId).toBe(bySvc.get("cart")?.spanId);
  });

  it("tag names and values for detection; the version, or why it is unknown", async () => {
    const tempo = tempoFor(env);
    expect(await tempo.tagNames()).toEqual(expect.arrayContaining(["service.name", "container.id", "host.name"]));
    expect(await tempo.services()).toEqual(expect.arrayContaining(["cart", "frontend", "payments", "web"]));
    expect(await tempo.tagValues("container.id")).toContain(containerId(env, "shop-cart-1"));
    const v = await tempo.version();
    expect(v.version).toBeUndefined(); // this source build reports an empty version
    expect(v.reason).toMatch(/\/status\/version reports an empty version/);
  });

  it("TraceQL on resource attributes finds only the container's traces", async () => {
    const tempo = tempoFor(env);
    const id = containerId(env, "shop-cart-1");
    const r = await tempo.search({ service: "cart", attributes: { "container.id": id }, range: recent(), limit: 10 });
    expect(r.traces.length).toBeGreaterThan(0);
    for (const t of r.traces) expect(t.spans.some((s) => s.resource["container.id"] === id)).toBe(true);
    expect(tempo.searchMode()).toBe("traceql");
    const none = await tempo.search({
      service: "cart",
      attributes: { "container.id": containerId(env, "shop-payments-1") },
      range: recent(),
      limit: 10,
    });
    expect(none.traces).toEqual([]);
  });
});

describe("trace pivots against real Tempo (with real Loki, Prometheus and Podman)", () => {
  const backends = (): Backends => ({
    logs: lokiFor(env),
    traces: tempoFor(env),
    tempo: tempoFor(env),
    engines: [engineFor(env)],
  });

  it("container → traces: detection on Tempo's spans pins cart's traces to shop-cart-1", async () => {
    const c = byName("shop-cart-1");
    const res = await containerTraces(backends(), c, recent());
    expect(res.reason).toBeUndefined();
    expect(res.service).toBe("cart");
    expect(res.traces.length).toBeGreaterThan(0);
    for (const t of res.traces) expect(t.services).toContain("cart");
  });

  it("exemplar → trace: the real Prometheus exemplars' trace IDs are traces in Tempo", async () => {
    const prom = prometheusFor(env.prometheusUrl);
    const ex = await pollUntil(
      () =>
        prom.queryExemplars("http_server_requests_total", {
          from: millis(Date.now() - 10 * MIN),
          to: millis(Date.now() - 5000),
        }),
      (e) => e.length > 0,
    );
    const ids = [...new Set(ex.map((e) => e.traceId).filter((x): x is string => Boolean(x)))].slice(0, 5);
    expect(ids.length).toBeGreaterThan(0);
    const tempo = tempoFor(env);
    const found = await Promise.all(ids.map((id) => tempo.getTrace(id)));
    expect(found.filter(Boolean).length).toBeGreaterThan(0);
    for (const t of found) if (t) expect(ids).toContain(t.traceId);
  });

  it("log line → trace: a frontend line's ID, and a cart line's ID that is only in structured metadata", async () => {
    const loki = lokiFor(env);
    const tempo = tempoFor(env);
    const range = { from: millis(Date.now() - 10 * MIN), to: millis(Date.now() - 5000) };
    for (const q of [
      '{container="shop-frontend-1"} |= "trace_id="',
      '{container="shop-cart-1"} |= "request handled"',
    ]) {
      const lines = (await loki.queryRange({ query: q, range, limit: 20, direction: "backward" })).lines;
      const line = lines.find((l) => l.traceId);
      expect(line, q).toBeDefined();
      const t = await tempo.getTrace(line?.traceId ?? "");
      expect(t?.traceId).toBe(line?.traceId);
      if (line?.spanId) expect(t?.spans.map((s) => s.spanId)).toContain(line.spanId);
    }
  });

  it("trace → containers: the checkout's spans land in the three real containers", async () => {
    const t = await checkoutTrace();
    const placed = placeSpans(t, containers);
    expect(placed.touched.map((m) => m.container.name).sort()).toEqual([
      "shop-cart-1",
      "shop-frontend-1",
      "shop-payments-1",
    ]);
    for (const m of placed.touched) expect(m.via).toContain("container.id");
    expect(placed.unplaced).toEqual([]);
  });

  it("span → logs: the payments span's own line in real Loki", async () => {
    const t = await checkoutTrace();
    const span = t.spans.find((s) => s.service === "payments");
    const lines = await traceFocusLines(
      lokiFor(env),
      { label: "container", key: "name" },
      { name: "shop-payments-1" },
      t.traceId,
      recent(),
    );
    expect(lines?.some((l) => l.line.includes(`[${t.traceId}-${span?.spanId}]`))).toBe(true);
  });
});
