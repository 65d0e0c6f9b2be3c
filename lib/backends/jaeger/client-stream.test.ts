// The trace answer streams into the decoder: its own cap (SIGHTLINE_MAX_TRACE_BYTES), not
// the per-answer one, and clear errors when the body is not a trace.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BackendError } from "../../model/errors";
import type { Transport } from "../http";
import { createJaegerBackend } from "./client";

const ID = "0af7651916cd43dd8448eb211c80319c";

function spans(n: number, pad = 0) {
  return Array.from({ length: n }, (_, i) => ({
    traceId: ID,
    spanId: (i + 1).toString(16).padStart(16, "0"),
    parentSpanId: i ? "0000000000000001" : "",
    name: `op ${"é".repeat(pad)}`,
    startTimeUnixNano: "1700000000000000000",
    endTimeUnixNano: "1700000000001000000",
  }));
}
const traceBody = (n: number, pad = 0) =>
  JSON.stringify({ result: { resourceSpans: [{ scopeSpans: [{ spans: spans(n, pad) }] }] } });

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Answers the v3 probe and the trace; the trace body is written in small pieces. */
async function serve(trace: { status?: number; type?: string; body: string }, limits: Partial<Transport>) {
  const server = http.createServer((req, res) => {
    if (req.url === "/api/v3/services") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"services":["a"]}');
      return;
    }
    res.writeHead(trace.status ?? 200, { "Content-Type": trace.type ?? "application/json" });
    const b = Buffer.from(trace.body);
    for (let i = 0; i < b.length; i += 4093) res.write(b.subarray(i, i + 4093));
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  close = () => new Promise<void>((ok) => server.close(() => ok()));
  return createJaegerBackend({
    backend: "jaeger",
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 5000,
    maxBytes: 64 * 1024,
    ...limits,
  });
}

describe("Jaeger v3 trace, streamed", () => {
  it("a trace larger than the per-answer cap loads within the trace cap", async () => {
    const body = traceBody(3000, 3);
    expect(body.length).toBeGreaterThan(64 * 1024);
    const j = await serve({ body }, { maxTraceBytes: 4 * 1024 * 1024 });
    const t = await j.getTrace(ID);
    expect(t?.spans).toHaveLength(3000);
    expect(t?.spans[2]?.name).toBe("op ééé");
  });

  it("a trace over the trace cap is 'too large', naming SIGHTLINE_MAX_TRACE_BYTES", async () => {
    const j = await serve({ body: traceBody(3000) }, { maxTraceBytes: 100 * 1024 });
    const err = await j.getTrace(ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("too-large");
    expect((err as Error).message).toMatch(/cap per trace \(SIGHTLINE_MAX_TRACE_BYTES\)/);
  });

  it("a search keeps the per-answer cap (many traces at once)", async () => {
    const j = await serve({ body: traceBody(3000) }, { maxTraceBytes: 4 * 1024 * 1024 });
    const err = await j
      .search({ service: "a", range: { from: 0 as never, to: 1 as never }, limit: 20 })
      .catch((e: unknown) => e);
    expect((err as BackendError).kind).toBe("too-large");
    expect((err as Error).message).toMatch(/SIGHTLINE_MAX_RESPONSE_BYTES/);
  });

  it("without a trace cap the per-answer cap applies", async () => {
    const j = await serve({ body: traceBody(3000) }, {});
    await expect(j.getTrace(ID)).rejects.toThrow(/exceeds/);
  });

  it("an HTML page with status 200 is a parse error that says so", async () => {
    const j = await serve({ type: "text/html", body: "<html><head><title>Login</title></head></html>" }, {});
    await expect(j.getTrace(ID)).rejects.toThrow(/GET \/api\/v3\/traces\/\{id\}: expected JSON, got HTML/);
  });

  it("a body cut short is a parse error that says so", async () => {
    const body = traceBody(50);
    const j = await serve({ body: body.slice(0, body.length - 100) }, {});
    await expect(j.getTrace(ID)).rejects.toThrow(/malformed JSON: truncated/);
  });

  it("an error status is still read as text (the proxy's page is named)", async () => {
    const j = await serve({ status: 502, type: "text/html", body: "<html><title>Bad Gateway</title></html>" }, {});
    await expect(j.getTrace(ID)).rejects.toThrow(/HTTP 502: got an HTML page "Bad Gateway"/);
  });
});

describe("Jaeger v3 trace, slow stream", () => {
  it("a body that keeps coming loads past the timeout; one that stalls times out", async () => {
    const body = Buffer.from(traceBody(200));
    const server = http.createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      if (req.url === "/api/v3/services") {
        res.end('{"services":["a"]}');
        return;
      }
      const stall = req.url?.includes("000000000000000000000000000000aa");
      let i = 0;
      // 10 pieces 60 ms apart: 600 ms in all, over the 300 ms timeout, never silent for it.
      const tick = () => {
        if (stall && i === 2) return; // stops sending, connection left open
        const step = Math.ceil(body.length / 10);
        res.write(body.subarray(i * step, (i + 1) * step));
        i++;
        if (i < 10) setTimeout(tick, 60);
        else res.end();
      };
      tick();
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as AddressInfo;
    close = () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      });
    const j = createJaegerBackend({
      backend: "jaeger",
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 300,
      maxBytes: 1 << 20,
    });
    expect((await j.getTrace(ID))?.spans).toHaveLength(200);
    const err = await j.getTrace("000000000000000000000000000000aa").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe("timeout");
    expect((err as Error).message).toMatch(/stalled: no data for 300 ms/);
  });
});
