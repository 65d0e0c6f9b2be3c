// Wire shapes of Loki 2.8 responses (loki-2.8 fixtures): the query envelope with its `stats`
// block, streams as ["<ns>", "<line>"], samples as [<seconds>, "<value>"], bare-text errors.
import { HttpResponse } from "msw";
import { withBytes } from "../server/http-bridge";
import type { Labels } from "../sources";
import type { StreamResult } from "./logql/select";
import { formatGoFloat } from "./promql/go-compat";
import { compareLabels, sortedLabels } from "./promql/labels";
import type { Sample } from "./promql/values";

const CACHE = {
  entriesFound: 0,
  entriesRequested: 0,
  entriesStored: 0,
  bytesReceived: 0,
  bytesSent: 0,
  requests: 0,
  downloadTime: 0,
};
const STORE = {
  totalChunksRef: 0,
  totalChunksDownloaded: 0,
  chunksDownloadTime: 0,
  chunk: {
    headChunkBytes: 0,
    headChunkLines: 0,
    decompressedBytes: 0,
    decompressedLines: 0,
    compressedBytes: 0,
    totalDuplicates: 0,
  },
};

/** Same keys and order as the recorded stats, every counter zero except entries returned. */
export function lokiStats(entriesReturned: number): unknown {
  return {
    summary: {
      bytesProcessedPerSecond: 0,
      linesProcessedPerSecond: 0,
      totalBytesProcessed: 0,
      totalLinesProcessed: 0,
      execTime: 0,
      queueTime: 0,
      subqueries: 0,
      totalEntriesReturned: entriesReturned,
      splits: 0,
      shards: 1,
    },
    querier: { store: STORE },
    ingester: { totalReached: 1, totalChunksMatched: 0, totalBatches: 0, totalLinesSent: 0, store: STORE },
    cache: { chunk: CACHE, index: CACHE, result: CACHE },
  };
}

function headers(): HeadersInit {
  return { "Content-Type": "application/json; charset=UTF-8", Date: new Date().toUTCString() };
}

/** The JSON body as bytes, handed to the bridge as they are (mocks/server/http-bridge.ts withBytes). */
export function lokiJson(body: unknown): Response {
  const text = JSON.stringify(body);
  // All ASCII (one UTF-8 byte per character): copied as Latin-1, the same bytes without the
  // UTF-8 encoder's ~10 ms for a 2.7 MB page.
  const bytes = Buffer.from(text, Buffer.byteLength(text, "utf8") === text.length ? "latin1" : "utf8");
  // A stream that hands over the bytes only when read: a Uint8Array body would be copied at once.
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
  return withBytes(new HttpResponse(stream, { headers: headers() }), bytes);
}

/** Bare-text error bodies, as real Loki 2.9.1 sends them: text/plain (2.8.4 labelled them JSON), no trailing newline. */
export function lokiTextError(message: string, status: number): Response {
  return HttpResponse.text(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", Date: new Date().toUTCString() },
  });
}

export function streamsData(streams: StreamResult[]): unknown {
  const total = streams.reduce((n, s) => n + s.entries.length, 0);
  return {
    resultType: "streams",
    result: streams.map((s) => ({ stream: s.stream, values: s.entries.map((e) => [e.ns, e.line]) })),
    stats: lokiStats(total),
  };
}

const seconds = (ns: bigint): number => Number(ns / 1_000_000n) / 1000;

/** Steps → matrix series sorted by labels; a series only has points where it had samples. */
export function matrixData(steps: bigint[], vectors: Sample[][]): unknown {
  const series = new Map<string, { metric: Labels; values: [number, string][] }>();
  vectors.forEach((samples, i) => {
    const ts = steps[i] ?? 0n;
    for (const s of samples) {
      const key = JSON.stringify(Object.entries(s.labels).sort());
      let entry = series.get(key);
      if (!entry) {
        entry = { metric: sortedLabels(s.labels), values: [] };
        series.set(key, entry);
      }
      entry.values.push([seconds(ts), formatGoFloat(s.value)]);
    }
  });
  const result = [...series.values()].sort((a, b) => compareLabels(a.metric, b.metric));
  return { resultType: "matrix", result, stats: lokiStats(result.length) };
}

export function vectorData(ts: bigint, samples: Sample[]): unknown {
  const result = [...samples]
    .sort((a, b) => compareLabels(a.labels, b.labels))
    .map((s) => ({ metric: sortedLabels(s.labels), value: [seconds(ts), formatGoFloat(s.value)] }));
  return { resultType: "vector", result, stats: lokiStats(result.length) };
}
