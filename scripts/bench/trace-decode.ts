// Server-side decode of a big trace, old paths against new, without a browser:
//   node --import tsx scripts/bench/trace-decode.ts [spans=100000] [runs=3]
// "whole body" = Buffer.concat + toString + JSON.parse + the schema-checked mapping (the path
// before the streaming decoder); "objects" = OtlpStreamDecoder fed 64 KiB chunks (a Span
// object per span) then the waterfall layout over the objects; "columns" = OtlpColumnsDecoder
// (what the trace store uses) then the layout and the container placement on the columns;
// "columns token by token" = the same decoder without its byte-level span fast path.
// The body is generated like the mock's synthetic traces (OTLP/JSON as Jaeger v3 serves it).
// Prints medians and the memory each path keeps (heap + typed arrays after GC; node --expose-gc);
// run it on an idle machine for absolute figures.
import { parseJsonText } from "../../lib/backends/http";
import { decodeOtlpTraces } from "../../lib/backends/jaeger/decode";
import { decodeOtlpTable } from "../../lib/backends/jaeger/otlp-columns";
import { decodeOtlpBytes } from "../../lib/backends/jaeger/otlp-stream";
import { placeTableSpans } from "../../lib/correlation/trace-containers";
import { buildWaterfall, buildWaterfallTable } from "../../lib/trace-wire/layout";

const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);

function body(n: number): Buffer {
  const SERVICES = ["frontend", "cart", "payments", "worker"];
  const traceId = `feed${"0".repeat(20)}${n.toString(16).padStart(8, "0")}`;
  const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, "0");
  let seed = 12345;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const ids: string[] = [];
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  const svc = new Uint8Array(n);
  const bySvc: string[][] = SERVICES.map(() => []);
  for (let i = 0; i < n; i++) {
    ids[i] = hex8(Math.floor(rnd() * 2 ** 32) | 0x10000000) + hex8(i ^ 0x5a5a5a5a);
    let parent = -1;
    if (i === 0) {
      start[0] = 1_760_000_000_000_000;
      dur[0] = 5e6 + n * 20;
    } else {
      parent = rnd() < 0.3 ? i - 1 : Math.floor(rnd() * i);
      start[i] = Math.round(start[parent]! + rnd() * dur[parent]! * 0.7);
      dur[i] = Math.max(1, Math.round(dur[parent]! * (0.05 + rnd() * 0.25)));
      svc[i] = rnd() < 0.25 ? Math.floor(rnd() * 4) : svc[parent]!;
    }
    const err = i > 0 && i % 97 === 0;
    const attrs = [{ key: "synthetic", value: { boolValue: true } }];
    if (err) attrs.push({ key: "error.type", value: { stringValue: "SyntheticError" } } as never);
    bySvc[svc[i]!]!.push(
      JSON.stringify({
        traceId,
        spanId: ids[i],
        parentSpanId: parent >= 0 ? ids[parent] : "",
        name: i === 0 ? "GET /bench" : `${SERVICES[svc[i]!]} op-${i % 50}`,
        kind: i === 0 ? 2 : 1,
        startTimeUnixNano: `${start[i]}000`,
        endTimeUnixNano: `${start[i]! + dur[i]!}000`,
        attributes: attrs,
        status: err ? { code: 2, message: "synthetic failure" } : {},
      }),
    );
  }
  const parts = SERVICES.map((name, k) => {
    const res = { attributes: [{ key: "service.name", value: { stringValue: name } }] };
    return `{"resource":${JSON.stringify(res)},"scopeSpans":[{"scope":{"name":"sightline-bench"},"spans":[${bySvc[k]!.join(",")}]}]}`;
  });
  return Buffer.from(`{"result":{"resourceSpans":[${parts.join(",")}]}}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const b = body(n);
const chunks: Uint8Array[] = [];
for (let i = 0; i < b.length; i += 65536) chunks.push(new Uint8Array(b.subarray(i, i + 65536)));
const whole: number[] = [];
const streamed: number[] = [];
const layout: number[] = [];
const colDecode: number[] = [];
const colSlow: number[] = [];
const colLayout: number[] = [];
const colPlace: number[] = [];
/** Heap plus typed arrays after a full GC (ArrayBuffers are freed by a background sweeper: wait for it). */
const heapMB = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let k = 0; k < 3; k++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6; // typed-array columns live outside the JS heap
};
async function main(): Promise<void> {
  let objectsHeap = 0;
  let columnsHeap = 0;
  // Each path in its own function: locals of an async function that live across an await
  // stay referenced by its context, which would count one path's spans in the other's memory.
  const objectsPath = async () => {
    const base = await heapMB();
    const t1 = performance.now();
    const [trace] = decodeOtlpBytes(chunks, { what: "bench" });
    streamed.push(performance.now() - t1);
    const t2 = performance.now();
    const laid = buildWaterfall(trace?.spans ?? []);
    layout.push(performance.now() - t2);
    const kept = (await heapMB()) - base;
    return trace && laid ? kept : 0;
  };
  const columnsPath = async () => {
    const base = await heapMB();
    const t1 = performance.now();
    const table = decodeOtlpTable(chunks, { what: "bench" })!;
    colDecode.push(performance.now() - t1);
    const t2 = performance.now();
    const laid = buildWaterfallTable(table);
    colLayout.push(performance.now() - t2);
    const t3 = performance.now();
    placeTableSpans(table, []);
    colPlace.push(performance.now() - t3);
    const kept = (await heapMB()) - base;
    return table && laid ? kept : 0;
  };
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    decodeOtlpTable(chunks, { what: "bench" }, undefined, false);
    colSlow.push(performance.now() - t0);
    if (b.length < 256 * 1024 * 1024) {
      const t0 = performance.now();
      const text = Buffer.concat(chunks).toString("utf8");
      decodeOtlpTraces(parseJsonText("jaeger", text, "bench"), "bench");
      whole.push(performance.now() - t0);
    }
    objectsHeap = await objectsPath();
    columnsHeap = await columnsPath();
  }
  const ms = (xs: number[]) => (xs.length ? `${median(xs).toFixed(0)} ms` : "skipped (body over 256 MiB)");
  console.log(
    `${n.toLocaleString("en")} spans, ${(b.length / 1e6).toFixed(0)} MB (median of ${runs}):\n` +
      `  whole body ${ms(whole)}\n` +
      `  objects: decode ${ms(streamed)}, layout ${ms(layout)}; memory kept ${objectsHeap.toFixed(0)} MB\n` +
      `  columns token by token: decode ${ms(colSlow)}\n` +
      `  columns: decode ${ms(colDecode)}, layout ${ms(colLayout)}, placement ${ms(colPlace)}; memory kept ${columnsHeap.toFixed(0)} MB (+ the body's ${(b.length / 1e6).toFixed(0)} MB of buffers)`,
  );
}

void main();
