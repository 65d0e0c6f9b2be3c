// Server-side decode of a big trace, old paths against new, without a browser:
//   node --import tsx scripts/bench/trace-decode.ts [spans=100000] [runs=3]
// "whole body" = Buffer.concat + toString + JSON.parse + the schema-checked mapping (the path
// before the streaming decoder); "objects" = OtlpStreamDecoder fed 64 KiB chunks (a Span
// object per span) then the waterfall layout over the objects; "columns" = OtlpColumnsDecoder
// (what the trace store uses) then the layout and the container placement on the columns;
// "columns token by token" = the same decoder without its byte-level span fast path.
// The body is generated like the mock's synthetic traces (otlp-body.ts).
// Prints medians and the memory each path keeps (heap + typed arrays after GC; node --expose-gc);
// run it on an idle machine for absolute figures.
import { parseJsonText } from "../../lib/backends/http";
import { decodeOtlpTraces } from "../../lib/backends/jaeger/decode";
import { decodeOtlpTable } from "../../lib/backends/jaeger/otlp-columns";
import { decodeOtlpBytes } from "../../lib/backends/jaeger/otlp-stream";
import { placeTableSpans } from "../../lib/correlation/trace-containers";
import { buildWaterfall, buildWaterfallTable } from "../../lib/trace-wire/layout";
import { otlpBody as body } from "./otlp-body";

const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);

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
