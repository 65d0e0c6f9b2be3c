import { describe, expect, it } from "vitest";
import { micros } from "../../model/time";
import type { Span, Trace } from "../../model/trace";
import { rootSpan, summarize } from "./summarize";

type SpanInput = Omit<Partial<Span>, "start" | "duration"> & { spanId: string; start: number; duration: number };

function span(p: SpanInput): Span {
  return {
    traceId: "0000000000000000000000000000000a",
    service: "svc",
    name: p.spanId,
    kind: "internal",
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource: {},
    ...p,
    start: micros(p.start),
    duration: micros(p.duration),
  };
}

describe("summarize", () => {
  it("root = earliest span whose parent is absent from the trace; counts errors; orders services", () => {
    const t: Trace = {
      traceId: "0000000000000000000000000000000a",
      warnings: [],
      spans: [
        span({ spanId: "c", parentSpanId: "a", start: 130, duration: 10, service: "db", status: "error" }),
        // orphan: its parent was never received, and it starts later than the real root
        span({ spanId: "o", parentSpanId: "zz", start: 150, duration: 100, service: "worker" }),
        span({ spanId: "a", start: 100, duration: 50, service: "api", name: "GET /" }),
        span({ spanId: "b", parentSpanId: "a", start: 110, duration: 20, service: "cart", status: "error" }),
      ],
    };
    expect(rootSpan(t)?.spanId).toBe("a");
    expect(summarize(t)).toEqual({
      traceId: t.traceId,
      rootService: "api",
      rootName: "GET /",
      start: 100,
      duration: 150, // until the orphan ends at 250
      spanCount: 4,
      errorCount: 2,
      services: ["api", "cart", "db", "worker"],
    });
  });

  it("an empty trace summarises to zeros", () => {
    expect(summarize({ traceId: "1", spans: [], warnings: [] })).toMatchObject({
      rootService: "",
      rootName: "",
      start: 0,
      duration: 0,
      spanCount: 0,
      services: [],
    });
  });
});
