import { describe, expect, it } from "vitest";
import type { TracesBackend } from "../backends/types";
import type { Container } from "../model/container";
import { micros } from "../model/time";
import type { Span, Trace } from "../model/trace";
import { loadTrace, traceContainers } from "./trace";

const ID_A = "a".repeat(64);
const ID_B = "b".repeat(64);

function container(name: string, id: string, service?: string): Container {
  return {
    id,
    shortId: id.slice(0, 12),
    name,
    engine: "docker",
    host: "local",
    image: "img",
    state: "running",
    labels: {},
    compose: service ? { project: "shop", service } : undefined,
    source: "engine",
  };
}

function span(spanId: string, service: string, start: number, resource: Span["resource"] = {}): Span {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId,
    service,
    name: "op",
    kind: "server",
    start: micros(start),
    duration: micros(5),
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource,
  };
}

const trace: Trace = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  warnings: [],
  spans: [
    span("s3", "cart", 30, { "container.id": ID_B }),
    span("s1", "frontend", 10, { "host.name": ID_A.slice(0, 12) }),
    span("s2", "cart", 20, { "container.id": ID_B }),
    span("s4", "payment", 40, { "telemetry.sdk.language": "go" }),
  ],
};
const inventory = {
  containers: [container("shop-front-1", ID_A, "frontend"), container("shop-cart-1", ID_B, "cart")],
  errors: [],
};

describe("traceContainers", () => {
  it("lists touched containers in order of first span, with counts and first span", () => {
    const r = traceContainers(trace, { ok: true, inventory });
    expect(r.containers).toEqual([
      { name: "shop-front-1", id: ID_A, service: "frontend", spanCount: 1, firstSpanId: "s1" },
      { name: "shop-cart-1", id: ID_B, service: "cart", spanCount: 2, firstSpanId: "s2" },
    ]);
    expect(r.unmatched).toHaveLength(1);
    expect(r.unmatched[0]?.service).toBe("payment");
    expect(r.unmatched[0]?.reason).toContain("telemetry.sdk.language");
  });

  it("says the inventory failed rather than that nothing matched", () => {
    const r = traceContainers(trace, { ok: false, error: "engine: socket missing" });
    expect(r.containers).toEqual([]);
    expect(r.unmatched.map((u) => u.service).sort()).toEqual(["cart", "frontend", "payment"]);
    expect(r.unmatched[0]?.reason).toContain("inventory failed (engine: socket missing)");
    const empty = traceContainers(trace, {
      ok: true,
      inventory: { containers: [], errors: [{ backend: "engine", kind: "unreachable", message: "engine: down" }] },
    });
    expect(empty.unmatched[0]?.reason).toContain("engine: down");
  });

  it("mentions a partial inventory failure in the reasons", () => {
    const r = traceContainers(trace, {
      ok: true,
      inventory: { ...inventory, errors: [{ backend: "engine", kind: "timeout", message: "engine: timed out" }] },
    });
    expect(r.containers).toHaveLength(2);
    expect(r.unmatched[0]?.reason).toContain("Part of the container inventory failed");
  });
});

function fakeTraces(result: Trace | undefined): TracesBackend {
  return {
    apiVersion: async () => "v3",
    getTrace: async () => result,
    search: async () => ({ summaries: [], traces: [] }),
    services: async () => [],
    operations: async () => [],
  };
}

describe("loadTrace", () => {
  it("is not-configured without a Jaeger backend", async () => {
    expect(await loadTrace("1", { inventory: async () => inventory })).toEqual({ kind: "not-configured" });
  });

  it("is not-found when Jaeger has no such trace", async () => {
    const r = await loadTrace("1", { traces: fakeTraces(undefined), inventory: async () => inventory });
    expect(r.kind).toBe("not-found");
  });

  it("returns the trace even when the inventory throws", async () => {
    const r = await loadTrace("1", {
      traces: fakeTraces(trace),
      inventory: async () => {
        throw new Error("boom");
      },
    });
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.body.trace.spans).toHaveLength(4);
    expect(r.body.containers).toEqual([]);
    expect(r.body.unmatched[0]?.reason).toContain("boom");
  });
});
