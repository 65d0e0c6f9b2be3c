// One trace as columns: what the server keeps of a decoded trace. The waterfall's layout,
// container placement and search read the columns; a whole Span (attributes, events, links)
// is built only when asked for (span detail, search on attributes, the JSON traces API).
// Two implementations: spanTableOf (over Span objects, e.g. Jaeger v1 or Tempo) and the
// columnar OTLP decoder (lib/backends/jaeger/otlp-columns.ts), which keeps each span's bytes
// instead of an object per span.
import type { Steps } from "../steps";
import type { Attributes, Span, SpanKind, SpanStatus, Trace } from "./trace";

export const SPAN_KINDS: readonly SpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];
export const SPAN_STATUSES: readonly SpanStatus[] = ["unset", "ok", "error"];
const KIND_INDEX = new Map(SPAN_KINDS.map((k, i) => [k, i]));
const STATUS_INDEX = new Map(SPAN_STATUSES.map((s, i) => [s, i]));

/** Spans of one process (OTLP resource / Jaeger v1 process): service and resource attributes. */
export interface SpanGroup {
  service: string;
  resource: Attributes;
}

export interface SpanTable {
  readonly traceId: string;
  readonly warnings: string[];
  readonly n: number;
  /** µs since the epoch. */
  readonly start: Float64Array;
  /** µs, as Span.duration. */
  readonly duration: Float64Array;
  /** Index into SPAN_KINDS / SPAN_STATUSES. */
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  /** Index into `strings`; statusMessageOf -1 = none. */
  readonly nameOf: Int32Array;
  readonly statusMessageOf: Int32Array;
  readonly strings: readonly string[];
  /** Index into `groups`. */
  readonly groupOf: Int32Array;
  readonly groups: readonly SpanGroup[];
  /** Span IDs that are 16 hex digits as two 32-bit words (packed[i] = 1); others via spanId(i). */
  readonly idHi: Int32Array;
  readonly idLo: Int32Array;
  readonly idPacked: Uint8Array;
  /** Parent: 0 none, 1 packed in parentHi/Lo, 2 other (parentSpanId(i)). */
  readonly parentState: Uint8Array;
  readonly parentHi: Int32Array;
  readonly parentLo: Int32Array;
  spanId(i: number): string;
  parentSpanId(i: number): string | undefined;
  /** The whole span (built on demand for a columnar table). */
  span(i: number): Span;
  /** Several whole spans at once, in the order given (one decode for a columnar table). */
  spansAt(indices: ArrayLike<number>): Span[];
  /** Heap and buffers this table holds, for the trace store's cap. */
  readonly bytes: number;
  /**
   * False only when span i's attributes, events and scope cannot contain `needle` (lowercase
   * ASCII, compared case-insensitively), so a search can skip building the span. Optional: a
   * table over objects has nothing cheaper than the span itself.
   */
  mayContain?(i: number, needle: Uint8Array): boolean;
  /**
   * mayContain for every span at once (1 = may contain): one pass over the bytes, not n, in
   * steps (lib/steps.ts) so a caller can let other work run between them.
   */
  mayContainAll?(needle: Uint8Array): Steps<Uint8Array>;
}

const HEX = "0123456789abcdef";

/** Two 32-bit words → 16 lowercase hex digits. */
export function hexOfWords(hi: number, lo: number): string {
  let s = "";
  for (let k = 28; k >= 0; k -= 4) s += HEX[(hi >>> k) & 15];
  for (let k = 28; k >= 0; k -= 4) s += HEX[(lo >>> k) & 15];
  return s;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** 16 lowercase hex digits → [hi, lo], or undefined. */
export function wordsOfHex(id: string): [number, number] | undefined {
  if (id.length !== 16) return undefined;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 16; i++) {
    const d = hexDigit(id.charCodeAt(i));
    if (d < 0) return undefined;
    if (i < 8) hi = (hi << 4) | d;
    else lo = (lo << 4) | d;
  }
  return [hi, lo];
}

export const kindIndex = (k: SpanKind): number => KIND_INDEX.get(k) ?? 0;
export const statusIndex = (s: SpanStatus): number => STATUS_INDEX.get(s) ?? 0;

/** JS heap of a span object, its ID strings and an empty attributes object, measured at 1M spans. */
const SPAN_BASE_BYTES = 300;
const SAMPLE = 512;

function valueBytes(v: unknown, depth = 0): number {
  if (typeof v === "string") return 16 + v.length * 2;
  if (v === null || typeof v !== "object" || depth > 8) return 8;
  let b = 32;
  for (const [k, x] of Object.entries(v)) b += 8 + k.length + valueBytes(x, depth + 1);
  return b;
}

/**
 * The decoded trace's heap, from a sample of its spans (attribute values can be anything from
 * a flag to a 64 KiB SQL text, so a constant per span could be off by 100x either way).
 * Strings count two bytes per character, a conservative bound for V8's one-byte strings.
 */
export function estimateSpansBytes(spans: readonly Span[]): number {
  const n = spans.length;
  if (n === 0) return 0;
  const step = Math.max(1, Math.floor(n / SAMPLE));
  let sampled = 0;
  let bytes = 0;
  for (let i = 0; i < n; i += step) {
    const s = spans[i]!;
    bytes += SPAN_BASE_BYTES + valueBytes(s.attributes) + (s.statusMessage?.length ?? 0) * 2;
    for (const e of s.events) bytes += 64 + valueBytes(e.attributes) + e.name.length * 2;
    bytes += s.links.length * 96;
    sampled++;
  }
  return Math.ceil((bytes / sampled) * n);
}

/** The index of the first span with this ID (compared as given), or -1. */
export function spanIndexOf(t: SpanTable, spanId: string): number {
  const w = wordsOfHex(spanId);
  if (w) {
    const [hi, lo] = w;
    for (let i = 0; i < t.n; i++) if (t.idLo[i] === lo && t.idHi[i] === hi && t.idPacked[i] === 1) return i;
    return -1;
  }
  for (let i = 0; i < t.n; i++) if (t.idPacked[i] === 0 && t.spanId(i) === spanId) return i;
  return -1;
}

/** A table over Span objects (the spans stay: span(i) is the object itself). */
export function spanTableOf(trace: Trace): SpanTable {
  const spans = trace.spans;
  const n = spans.length;
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  const kind = new Uint8Array(n);
  const status = new Uint8Array(n);
  const nameOf = new Int32Array(n);
  const statusMessageOf = new Int32Array(n);
  const groupOf = new Int32Array(n);
  const idHi = new Int32Array(n);
  const idLo = new Int32Array(n);
  const idPacked = new Uint8Array(n);
  const parentState = new Uint8Array(n);
  const parentHi = new Int32Array(n);
  const parentLo = new Int32Array(n);
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const str = (x: string) => {
    let id = stringIds.get(x);
    if (id === undefined) {
      id = strings.length;
      strings.push(x);
      stringIds.set(x, id);
    }
    return id;
  };
  const groups: SpanGroup[] = [];
  const groupIds = new Map<Attributes, Map<string, number>>();
  let lastName: string | undefined;
  let lastNameId = -1;
  let lastRes: Attributes | undefined;
  let lastSvc: string | undefined;
  let lastGroup = -1;
  for (let i = 0; i < n; i++) {
    const s = spans[i]!;
    start[i] = s.start;
    duration[i] = s.duration;
    kind[i] = kindIndex(s.kind);
    status[i] = statusIndex(s.status);
    if (s.name !== lastName) {
      lastName = s.name;
      lastNameId = str(s.name);
    }
    nameOf[i] = lastNameId;
    statusMessageOf[i] = s.statusMessage ? str(s.statusMessage) : -1;
    if (s.resource !== lastRes || s.service !== lastSvc) {
      lastRes = s.resource;
      lastSvc = s.service;
      let bySvc = groupIds.get(s.resource);
      if (!bySvc) groupIds.set(s.resource, (bySvc = new Map()));
      let g = bySvc.get(s.service);
      if (g === undefined) {
        g = groups.length;
        groups.push({ service: s.service, resource: s.resource });
        bySvc.set(s.service, g);
      }
      lastGroup = g;
    }
    groupOf[i] = lastGroup;
    const w = wordsOfHex(s.spanId);
    if (w) {
      idHi[i] = w[0];
      idLo[i] = w[1];
      idPacked[i] = 1;
    }
    const p = s.parentSpanId;
    if (p) {
      const pw = wordsOfHex(p);
      if (pw) {
        parentHi[i] = pw[0];
        parentLo[i] = pw[1];
        parentState[i] = 1;
      } else parentState[i] = 2;
    }
  }
  return {
    traceId: trace.traceId,
    warnings: trace.warnings,
    n,
    start,
    duration,
    kind,
    status,
    nameOf,
    statusMessageOf,
    strings,
    groupOf,
    groups,
    idHi,
    idLo,
    idPacked,
    parentState,
    parentHi,
    parentLo,
    spanId: (i) => spans[i]?.spanId ?? "",
    parentSpanId: (i) => spans[i]?.parentSpanId,
    span: (i) => spans[i]!,
    spansAt: (idx) => Array.from(idx, (i) => spans[i]!),
    bytes: estimateSpansBytes(spans) + n * 83,
  };
}

/** Spans built per batch by forEachSpan: bounded work and memory per step. */
export const SPAN_BATCH = 4096;

/** Every span as an object (the JSON traces API, redaction): O(n) objects, for small traces. */
export function traceOfTable(t: SpanTable): Trace {
  const spans: Span[] = [];
  forEachSpan(t, (s) => {
    spans.push(s);
  });
  return { traceId: t.traceId, spans, warnings: t.warnings };
}

/** Every span (or those `want` says yes to), built batch by batch in index order. */
export function forEachSpan(t: SpanTable, f: (s: Span, i: number) => void, want?: (i: number) => boolean): void {
  const batch: number[] = [];
  const flush = () => {
    const got = t.spansAt(batch);
    for (let k = 0; k < batch.length; k++) f(got[k]!, batch[k]!);
    batch.length = 0;
  };
  for (let i = 0; i < t.n; i++) {
    if (want && !want(i)) continue;
    batch.push(i);
    if (batch.length === SPAN_BATCH) flush();
  }
  if (batch.length > 0) flush();
}
