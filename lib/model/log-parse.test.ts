import { describe, expect, it } from "vitest";
import { parseLogLine } from "./log-parse";
import { compileTracePattern } from "./trace-pattern";

const T = "2c4d87704d15565aa38c99f600db6813";
const S = "e0c15ebb24a7f0f8";

describe("parseLogLine", () => {
  it("reads logfmt trace_id, span_id and level (frontend fixture format)", () => {
    const p = parseLogLine(
      `ts=2026-11-21T22:34:50Z level=error caller=http.go:88 msg="request completed" status=500 trace_id=${T} span_id=${S}`,
      {},
      {},
    );
    expect(p).toMatchObject({ level: "error", traceId: T, spanId: S });
    expect(p.fields.msg).toBe("request completed");
  });
  it("reads JSON traceId/spanId (cart fixture format)", () => {
    const p = parseLogLine(`{"time":"x","level":"warn","traceId":"${T.toUpperCase()}","spanId":"${S}"}`, {}, {});
    expect(p).toMatchObject({ level: "warn", traceId: T, spanId: S });
  });
  it("reads Spring Boot [trace-span] and the level word (payments fixture format)", () => {
    const p = parseLogLine(
      `2026-11-21T22:34:50.000Z ERROR 1 --- [payments] [nio-8080-exec-1] [${T}-${S}] c.s.payments.web.PaymentController : failed`,
      {},
      {},
    );
    expect(p).toMatchObject({ level: "error", traceId: T, spanId: S });
  });
  it("reads a W3C traceparent", () => {
    const p = parseLogLine(`job done traceparent=00-${T}-${S}-01 took=3ms`, {}, {});
    expect(p).toMatchObject({ traceId: T, spanId: S });
  });
  it("prefers structured metadata, pads 16-char IDs to 32", () => {
    const p = parseLogLine("plain text", { trace_id: "00f067aa0ba902b7" }, {});
    expect(p.traceId).toBe("000000000000000000f067aa0ba902b7".padStart(32, "0"));
  });
  it("rejects non-hex and all-zero IDs", () => {
    expect(parseLogLine("trace_id=nothex", {}, {}).traceId).toBeUndefined();
    expect(parseLogLine(`trace_id=${"0".repeat(32)}`, {}, {}).traceId).toBeUndefined();
  });
  it("uses configured extra patterns", () => {
    const p = parseLogLine(`req x-trace:${T}`, {}, {}, [compileTracePattern("x-trace:(?<traceId>[0-9a-f]{32})")]);
    expect(p.traceId).toBe(T);
  });
  it("treats a bare Terminated line as unknown level, no fields", () => {
    const p = parseLogLine("Terminated", {}, {});
    expect(p).toEqual({ level: "unknown", fields: {}, traceId: undefined, spanId: undefined });
  });
});
