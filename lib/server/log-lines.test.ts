import { describe, expect, it } from "vitest";
import type { LogLine } from "../model/logs";
import { asNanosString, nanosToMillis } from "../model/time";
import { compileTracePattern } from "../model/trace-pattern";
import { withTracePatterns } from "./log-lines";

const T = "2c4d87704d15565aa38c99f600db6813";
const U = "11112222333344445555666677778888";
const line = (text: string, traceId?: string): LogLine => {
  const ts = asNanosString("1795300414000000003");
  return {
    ts,
    at: nanosToMillis(ts),
    stream: {},
    structuredMetadata: {},
    line: text,
    level: "info",
    fields: {},
    key: text,
    traceId,
  };
};

describe("withTracePatterns", () => {
  const p = compileTracePattern("req (?<traceId>[0-9a-f]{32})/(?<spanId>[0-9a-f]{16})");
  it("adds the operator pattern's trace and span to lines the built-in formats left without one", () => {
    const [a] = withTracePatterns([line(`GET req ${T}/e0c15ebb24a7f0f8`)], [p]);
    expect(a).toMatchObject({ traceId: T, spanId: "e0c15ebb24a7f0f8" });
  });
  it("keeps a trace ID the built-in formats found, and lines without a match as they were", () => {
    const kept = line(`req ${T}/e0c15ebb24a7f0f8`, U);
    const plain = line("nothing here");
    const out = withTracePatterns([kept, plain], [p]);
    expect(out[0]).toBe(kept);
    expect(out[1]).toBe(plain);
  });
});
