// Markup (react-dom/server) of the trace page's summary and containers strip with the first
// rows of a trace still loading: the counts say "so far", a note says how far the load is
// instead of the structure note, and the strip does not claim that no container matched.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { micros } from "@/lib/model/time";
import type { Span } from "@/lib/model/trace";
import { buildWaterfall } from "@/lib/trace-wire/layout";
import { ContainersStrip } from "./ContainersStrip";
import { TraceHeader } from "./TraceHeader";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const span = (spanId: string, parentSpanId?: string): Span => ({
  traceId: TRACE,
  spanId,
  parentSpanId,
  service: "svc",
  name: `op-${spanId}`,
  kind: "server",
  start: micros(1000),
  duration: micros(5),
  status: "unset",
  attributes: {},
  events: [],
  links: [],
  resource: {},
});

// "b" names a parent that is not among these spans: an orphan in a whole trace.
const model = buildWaterfall([span("a"), span("b", "f00d")], { traceId: TRACE, version: "v1" });
const html = (loading?: Parameters<typeof TraceHeader>[0]["loading"]) =>
  renderToStaticMarkup(createElement(TraceHeader, { traceId: TRACE, model, warnings: [], loading }));

describe("TraceHeader", () => {
  it("notes orphans of a whole trace", () => {
    const h = html();
    expect(h).toContain('data-testid="trace-structure-note"');
    expect(h).not.toContain("trace-loading-note");
    expect(h).toMatch(/data-testid="trace-span-count">2</);
  });

  it("labels the first rows of a trace still loading as partial", () => {
    const h = html({ spans: 2, bytes: 71_400_000, totalBytes: 299_700_000 });
    expect(h).toContain('data-testid="trace-loading-note"');
    expect(h).toContain("71 of 300 MB read");
    expect(h).toContain("the first 2 spans");
    expect(h).not.toContain("trace-structure-note");
    expect(h).toMatch(/data-testid="trace-span-count">2 so far</);
  });

  it("says what it read when the answer's size is unknown", () => {
    const h = html({ spans: 2, bytes: 5_000_000 });
    expect(h).toContain("5 MB read");
    expect(h).not.toContain(" of ");
  });
});

describe("ContainersStrip", () => {
  const strip = (pending?: boolean) =>
    renderToStaticMarkup(
      createElement(ContainersStrip, {
        containers: [],
        unmatched: [],
        chrome: { embed: false },
        onSelectSpan: () => {},
        colorOf: () => "#888",
        pending,
      }),
    );

  it("says no container matched only once the whole trace is placed", () => {
    expect(strip()).toContain("this trace matched no known container");
    expect(strip(true)).not.toContain("matched no known container");
    expect(strip(true)).toContain("known when the whole trace is in");
  });
});
