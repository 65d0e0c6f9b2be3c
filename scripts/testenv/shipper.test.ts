// The shipper's line → Loki entry rules (the labels and the OTel-style structured metadata).
import { describe, expect, it } from "vitest";

interface ShipperModule {
  streamLabels(c: { name: string; labels: Record<string, string> }): Record<string, string>;
  otelEntry(line: string): { line: string; meta?: Record<string, string> };
  parseTimestamp(raw: string): bigint | undefined;
}
const mod = (await import(/* @vite-ignore */ new URL("./shipper.mjs", import.meta.url).href)) as ShipperModule;

describe("shipper", () => {
  it("labels like Alloy's docker discovery: compose labels only when the container has them", () => {
    expect(
      mod.streamLabels({
        name: "shop-cart-1",
        labels: { "com.docker.compose.service": "cart", "com.docker.compose.project": "shop", other: "x" },
      }),
    ).toEqual({ container: "shop-cart-1", job: "podman", compose_service: "cart", compose_project: "shop" });
    expect(mod.streamLabels({ name: "solo", labels: {} })).toEqual({ container: "solo", job: "podman" });
  });

  it("moves traceId/spanId of a JSON line into structured metadata, keeping the rest in order", () => {
    const line =
      '{"time":"2026-12-05T15:29:26Z","level":"info","service":"cart","msg":"request handled","status":200,"traceId":"73053c036124a291cf33330e74b0cee9","spanId":"90e7a239b4a46ac6"}';
    expect(mod.otelEntry(line)).toEqual({
      line: '{"time":"2026-12-05T15:29:26Z","level":"info","service":"cart","msg":"request handled","status":200}',
      meta: { trace_id: "73053c036124a291cf33330e74b0cee9", span_id: "90e7a239b4a46ac6" },
    });
  });

  it("leaves lines without a trace ID, or not JSON, as they are", () => {
    for (const line of ['{"msg":"redis latency above threshold"}', "Terminated", "{not json", '{"traceId":42}']) {
      expect(mod.otelEntry(line)).toEqual({ line, meta: undefined });
    }
  });

  it("reads Podman's RFC3339 timestamps to the nanosecond", () => {
    expect(mod.parseTimestamp("2026-12-05T15:29:26Z")).toBe(1796484566000000000n);
    expect(mod.parseTimestamp("2026-12-05T15:29:26.000000123Z")).toBe(1796484566000000123n);
    expect(mod.parseTimestamp("yesterday")).toBeUndefined();
  });
});
