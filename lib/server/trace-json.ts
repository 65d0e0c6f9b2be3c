// The JSON traces API's body (GET /api/traces/{id}, TraceResponse) of a big trace, written as a
// stream: a batch of spans at a time, each built from the stored columns, serialised and sent,
// the event loop free between batches, the next batch built only when the client has taken the
// last. A 1,000,000-span trace is ~0.6 GB of JSON: serialised in one piece it blocked every
// other request for seconds and passed V8's longest string (~0.5 GiB), so it failed anyway.
// The bytes are those JSON.stringify(body) gives (same keys, same order).
import type { LoadedTrace } from "./trace";

/** Spans per batch: ~1 MB of JSON, a few ms of work. */
export const JSON_BATCH_SPANS = 2_000;

/** Past this many spans the JSON API streams (below, the whole body is made once and may be kept). */
export const JSON_STREAM_SPANS = 20_000;

export function traceJsonStream(body: LoadedTrace, batch = JSON_BATCH_SPANS): ReadableStream<Uint8Array> {
  const t = body.table;
  const enc = new TextEncoder();
  let next = 0;
  let opened = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctrl) {
        if (!opened) {
          opened = true;
          ctrl.enqueue(enc.encode(`{"trace":{"traceId":${JSON.stringify(t.traceId)},"spans":[`));
          return;
        }
        if (next < t.n) {
          const to = Math.min(t.n, next + batch);
          const idx = Array.from({ length: to - next }, (_, k) => next + k);
          const parts = t.spansAt(idx).map((s) => JSON.stringify(s));
          ctrl.enqueue(enc.encode((next > 0 ? "," : "") + parts.join(",")));
          next = to;
          // Other requests run before the next batch is built.
          await new Promise<void>((resolve) => setImmediate(resolve));
          return;
        }
        const tail =
          `],"warnings":${JSON.stringify(t.warnings)}}` +
          `,"containers":${JSON.stringify(body.containers)}` +
          `,"spanContainer":${JSON.stringify(body.spanContainer)}` +
          `,"unmatched":${JSON.stringify(body.unmatched)}` +
          (body.redacted ? `,"redacted":${JSON.stringify(body.redacted)}` : "") +
          "}";
        ctrl.enqueue(enc.encode(tail));
        ctrl.close();
      },
    },
    // One batch ahead at most: a slow client holds back the work, not the memory.
    { highWaterMark: 1 },
  );
}
