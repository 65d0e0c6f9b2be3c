import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { storedTree, treeSpan } from "../trace-wire/tree.test-helper";
import { LoadedTrace } from "./trace";
import { JSON_STREAM_SPANS, traceJsonStream } from "./trace-json";
import { traceStore } from "./trace-store";

async function read(s: ReadableStream<Uint8Array>, onChunk?: () => void): Promise<string> {
  const parts: string[] = [];
  const dec = new TextDecoder();
  const reader = s.getReader();
  for (;;) {
    const c = await reader.read();
    if (c.done) break;
    onChunk?.();
    parts.push(dec.decode(c.value, { stream: true }));
  }
  return parts.join("") + dec.decode();
}

const spans = [
  treeSpan("r", undefined, 0, { attributes: { "http.route": '/a "quoted" \\ path', n: 3 } }),
  treeSpan("a", "r", 1, { events: [{ time: 5 as never, name: "exception", attributes: { "exception.type": "E" } }] }),
  treeSpan("b", "r", 2, { status: "error", statusMessage: "boom" }),
  treeSpan("c", "b", 3),
  treeSpan("d", "missing", 4),
];

describe("traceJsonStream", () => {
  it("writes exactly what JSON.stringify writes, a batch of spans at a time", async () => {
    const { body } = storedTree(spans);
    const withAll = new LoadedTrace(
      body.table,
      [],
      [0, -1, -1, 0, -1],
      [{ service: "svc", reason: "no container", suggestion: "label it" }] as never,
      { spans: 1, message: "one span is outside your scope" },
    );
    for (const b of [body, withAll]) {
      let chunks = 0;
      const text = await read(traceJsonStream(b, 2), () => chunks++);
      expect(text).toBe(JSON.stringify(b));
      // Opening, three batches of at most 2 spans, the rest.
      expect(chunks).toBe(5);
    }
  });

  it("lets other work run between batches", async () => {
    const { body } = storedTree(spans);
    const order: string[] = [];
    const s = traceJsonStream(body, 1);
    setImmediate(() => order.push("other request"));
    await read(s, () => order.push("chunk"));
    expect(order.indexOf("other request")).toBeGreaterThan(0);
    expect(order.indexOf("other request")).toBeLessThan(order.length - 1);
  });
});

describe("GET /api/traces/{id} of a big trace", () => {
  let restore: () => Promise<void>;
  beforeAll(async () => {
    restore = (await useDemoBackends()).restore;
  });
  afterAll(async () => {
    await restore?.();
  });

  it("streams the same JSON as a small trace's answer would be, in many chunks", async () => {
    const n = JSON_STREAM_SPANS + 1;
    const id = `feed${"0".repeat(19)}9${n.toString(16).padStart(8, "0")}`;
    const { GET } = await import("@/app/api/traces/[traceId]/route");
    const res = await GET(new Request(`http://127.0.0.1/api/traces/${id}`), {
      params: Promise.resolve({ traceId: id }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    let chunks = 0;
    const text = await read(res.body!, () => chunks++);
    expect(chunks).toBeGreaterThan(10);
    const r = await traceStore().get(id);
    if (r.kind !== "ok") throw new Error(r.kind);
    expect(text).toBe(JSON.stringify(r.stored.body));
    expect((JSON.parse(text) as { trace: { spans: unknown[] } }).trace.spans).toHaveLength(n);
  }, 60_000);
});
