// One OTLP/JSON trace decoded straight into columns (lib/model/span-table.ts): no Span object
// per span. The stream is checked exactly as OtlpStreamDecoder checks it (this is that decoder
// with its span sink replaced), so it rejects what that one rejects with the same messages.
// What the waterfall, placement and search read becomes typed arrays and a string table; the
// rest of a span (attributes, events, links) stays as the span's bytes in the body's chunks,
// decoded by OtlpStreamDecoder when someone asks for that span. Memory: the body's bytes (the
// trace cap bounds them, SIGHTLINE_MAX_TRACE_BYTES) plus ~90 bytes of columns per span.
import { BackendError } from "../../model/errors";
import { sameTraceId } from "../../model/trace-id";
import type { Attributes, Span } from "../../model/trace";
import { hexOfWords, kindIndex, SPAN_KINDS, type SpanGroup, type SpanTable, statusIndex } from "../../model/span-table";
import type { DecodeSpec } from "../http";
import type { Steps } from "../../steps";
import { DEFAULT_MAX_STRING_CHARS } from "../json-stream";
import {
  DEFAULT_MAX_SPANS,
  decodeOtlpBytes,
  durationMicros,
  NO_ATTRS,
  OtlpStreamDecoder,
  type OtlpStreamOptions,
  startMicros,
} from "./otlp-stream";
import { SpanScan } from "./otlp-span-scan";
import type { TraceProgress } from "../trace-progress";
import { otlpStatus, spanKindOf } from "./to-model";

/**
 * Spans in a snapshot at most (the first ones in the body): the first rows of a partial trace
 * are laid out from them on the thread that decodes the rest (layout: ~1.7 µs a span, so
 * ~0.35 s here), and the page waits for that layout.
 */
export const SNAPSHOT_MAX_SPANS = 200_000;

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

const ERROR = statusIndex("error");
const OK = statusIndex("ok");

/** Eight lowercase hex digits of a decoded span ID (checked by the decoder) as an int32. */
function hexWord(id: string, from: number): number {
  let v = 0;
  for (let k = from; k < from + 8; k++) {
    const c = id.charCodeAt(k);
    v = (v << 4) | (c <= 0x39 ? c - 0x30 : c - 0x57);
  }
  return v;
}

/** 0x20 for an ASCII capital letter (OR-ing it in lowercases), else 0. */
const lowerBit = (c: number) => (c >= 0x41 && c <= 0x5a ? 0x20 : 0);

function containsLower(text: string, needle: Uint8Array): boolean {
  return text.includes(String.fromCharCode(...needle));
}

/** Bytes mayContainAll scans between two yields (~5 ms). */
const SCAN_STEP_BYTES = 4 * 1024 * 1024;

/** Slots of the name cache by bytes (a power of two). */
const BY_BYTES = 4096;

const PREFIX = Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[');
const SUFFIX = Buffer.from("]}]}]}");
const COMMA = Buffer.from(",");

export class OtlpColumnsDecoder extends OtlpStreamDecoder {
  private n = 0;
  private cap = 0;
  private start = new Float64Array(0);
  private duration = new Float64Array(0);
  private kind = new Uint8Array(0);
  private status = new Uint8Array(0);
  private nameOf = new Int32Array(0);
  private msgOf = new Int32Array(0);
  private rsOf = new Int32Array(0);
  private ssOf = new Int32Array(0);
  private listOf = new Uint8Array(0);
  private traceOf = new Int32Array(0);
  private idHi = new Int32Array(0);
  private idLo = new Int32Array(0);
  private parentState = new Uint8Array(0);
  private parentHi = new Int32Array(0);
  private parentLo = new Int32Array(0);
  /** Byte range [from, to) of each span's object in the body. */
  private from = new Float64Array(0);
  private to = new Float64Array(0);
  private spanFrom = 0;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private lastName: string | undefined;
  private lastNameId = -1;
  private readonly traceIds: string[] = [];
  private readonly traceIdx = new Map<string, number>();
  private lastTraceIdx = -1;
  /** ASCII strings by a hash of their bytes: a span's name found without making a string. */
  private readonly byBytes = new Int32Array(BY_BYTES).fill(-1);
  /** The byte-level fast path (otlp-span-scan.ts); undefined: every span token by token. */
  private readonly scan: SpanScan | undefined;
  /** Spans the fast path read (the rest went token by token). */
  fastSpans = 0;
  // Resource / scope ordinals and what they hold once closed.
  private rs = -1;
  private ss = -1;
  private readonly rsGroups: SpanGroup[] = [];
  private readonly ssScopes: Attributes[] = [];
  private readonly chunks: Buffer[] = [];
  private readonly chunkAt: number[] = [];
  private received = 0;

  constructor(
    opts: OtlpStreamOptions,
    /** The trace asked for: spans of other traces in the answer are left out. */
    private readonly wantTraceId?: string,
    /** false: no fast path (tests compare both). */
    fast = true,
    /** The body's size when known (Content-Length): the columns grow once to fit it. */
    private readonly bodyBytes?: number,
  ) {
    super(opts);
    this.ensure(1024);
    this.scan = fast
      ? new SpanScan(opts.maxStringChars ?? DEFAULT_MAX_STRING_CHARS, (id) => this.traceIndex(id))
      : undefined;
  }

  protected override spansOpened(): void {
    if (!this.scan) return;
    this.scanner.fast = (chunk, at) => this.fastSpan(chunk, at);
    this.scanner.fastDepth = this.scanner.nesting;
  }

  protected override spansClosed(): void {
    this.scanner.fast = undefined;
    this.scanner.fastDepth = -1;
  }

  /** One span read by the fast path straight into the columns, or -1 (see JsonStreamScanner.fast). */
  private fastSpan(chunk: Buffer, at: number): number {
    const end = this.scan!.scan(chunk, at);
    if (end < 0) return -1;
    const o = this.scan!.out;
    this.frames[this.top]!.idx++;
    const i = this.n;
    this.ensure(i + 1);
    this.traceOf[i] = o.trace;
    this.listOf[i] = this.list;
    this.rsOf[i] = this.rs;
    this.ssOf[i] = this.ss;
    this.nameOf[i] = o.nameFrom < 0 ? this.str("") : this.strOfBytes(chunk, o.nameFrom, o.nameTo, o.nameAscii);
    this.msgOf[i] = o.msgTo > o.msgFrom ? this.strOfBytes(chunk, o.msgFrom, o.msgTo, o.msgAscii) : -1;
    this.kind[i] = o.kind;
    this.status[i] = o.status;
    this.start[i] = o.start;
    this.duration[i] = o.duration;
    this.idHi[i] = o.idHi;
    this.idLo[i] = o.idLo;
    if (o.hasParent) {
      this.parentHi[i] = o.parentHi;
      this.parentLo[i] = o.parentLo;
      this.parentState[i] = 1;
    } else this.parentState[i] = 0;
    const base = this.scanner.offset;
    this.from[i] = base + at;
    this.to[i] = base + end;
    this.n = i + 1;
    this.fastSpans++;
    this.counted();
    return end;
  }

  /** The string id of chunk[from, to) (the same id str() gives the decoded text). */
  private strOfBytes(chunk: Buffer, from: number, to: number, ascii: boolean): number {
    if (!ascii || to - from > 64) return this.str(chunk.toString(ascii ? "latin1" : "utf8", from, to));
    let h = 0x811c9dc5;
    for (let k = from; k < to; k++) h = Math.imul(h ^ chunk[k]!, 0x01000193);
    // Direct-mapped: a collision replaces the slot (hostile names cost a Map lookup, never a probe chain).
    const slot = (h >>> 0) & (BY_BYTES - 1);
    const id = this.byBytes[slot]!;
    if (id >= 0) {
      const s = this.strings[id]!;
      if (s.length === to - from) {
        let k = 0;
        while (k < s.length && s.charCodeAt(k) === chunk[from + k]) k++;
        if (k === s.length) return id;
      }
    }
    const fresh = this.str(chunk.toString("latin1", from, to));
    this.byBytes[slot] = fresh;
    return fresh;
  }

  /** A normalised trace ID's index, added when new. */
  private traceIndex(id: string): number {
    let t = this.lastTraceIdx;
    if (t >= 0 && this.traceIds[t] === id) return t;
    t = this.traceIdx.get(id) ?? -1;
    if (t < 0) {
      t = this.traceIds.length;
      this.traceIds.push(id);
      this.traceIdx.set(id, t);
    }
    this.lastTraceIdx = t;
    return t;
  }

  /** One more span: over the limit is "too large". */
  private counted(): void {
    if (++this.spans > (this.opts.maxSpans ?? DEFAULT_MAX_SPANS)) {
      const max = this.opts.maxSpans ?? DEFAULT_MAX_SPANS;
      throw new BackendError(
        this.opts.backend ?? "jaeger",
        "too-large",
        `${this.opts.what}: more than ${max.toLocaleString("en")} spans, Sightline's limit per answer`,
      );
    }
  }

  private ensure(need: number): void {
    if (need <= this.cap) return;
    let c = Math.max(need, this.cap * 2);
    // With the body's size known, the spans so far say how many the rest holds: grow once to
    // that (plus 5 %) instead of doubling ten times at a million spans. Never past the span
    // limit, nor past one span per 64 bytes of body (a span object with its two IDs is longer).
    const total = this.bodyBytes;
    if (total !== undefined && this.n >= 1024 && this.to[this.n - 1]! > 0) {
      const perSpan = this.to[this.n - 1]! / this.n;
      const guess = Math.ceil((total / perSpan) * 1.05);
      const limit = Math.min(this.opts.maxSpans ?? DEFAULT_MAX_SPANS, Math.ceil(total / 64)) + 1;
      c = Math.max(need, Math.min(Math.max(c, guess), limit));
    }
    this.start = grow(this.start, c);
    this.duration = grow(this.duration, c);
    this.kind = grow(this.kind, c);
    this.status = grow(this.status, c);
    this.nameOf = grow(this.nameOf, c);
    this.msgOf = grow(this.msgOf, c);
    this.rsOf = grow(this.rsOf, c);
    this.ssOf = grow(this.ssOf, c);
    this.listOf = grow(this.listOf, c);
    this.traceOf = grow(this.traceOf, c);
    this.idHi = grow(this.idHi, c);
    this.idLo = grow(this.idLo, c);
    this.parentState = grow(this.parentState, c);
    this.parentHi = grow(this.parentHi, c);
    this.parentLo = grow(this.parentLo, c);
    this.from = grow(this.from, c);
    this.to = grow(this.to, c);
    this.cap = c;
  }

  override push(chunk: Uint8Array): void {
    // Kept: a span's attributes, events and links are decoded from these bytes on demand.
    let b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // A view into a bigger allocation (the HTTP client's read buffers) would keep all of it.
    if (b.buffer.byteLength > b.length + (b.length >> 4)) b = Buffer.from(b);
    this.chunks.push(b);
    this.chunkAt.push(this.received);
    this.received += b.length;
    super.push(b);
  }

  private str(x: string): number {
    let id = this.stringIds.get(x);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(x);
      this.stringIds.set(x, id);
    }
    return id;
  }

  protected override rsOpened(): void {
    this.rs = this.rsGroups.length;
    this.rsGroups.push({ service: "", resource: NO_ATTRS });
  }

  protected override rsClosed(): void {
    this.rsGroups[this.rs] = { service: this.rsService, resource: this.rsResource ?? {} };
  }

  protected override ssOpened(): void {
    this.ss = this.ssScopes.length;
    this.ssScopes.push(NO_ATTRS);
  }

  protected override ssClosed(): void {
    this.ssScopes[this.ss] = this.ssScope;
  }

  protected override spanOpened(): void {
    this.spanFrom = this.scanner.mark;
  }

  /** Attributes are checked as they stream by, then dropped: the span's bytes keep them. */
  protected override spanAttrs(): Attributes {
    if (!this.sAttrs) this.sAttrs = {};
    return this.sAttrs;
  }

  protected override finishSpan(): void {
    if (this.sTrace === undefined) this.reject("expected a string, got nothing", this.path(this.top, "traceId"));
    if (this.sSpan === undefined) this.reject("expected a string, got nothing", this.path(this.top, "spanId"));
    const i = this.n;
    this.ensure(i + 1);
    this.traceOf[i] = this.traceIndex(this.sTrace);
    this.listOf[i] = this.list;
    this.rsOf[i] = this.rs;
    this.ssOf[i] = this.ss;
    const name = this.sName ?? "";
    if (name !== this.lastName) {
      this.lastName = name;
      this.lastNameId = this.str(name);
    }
    this.nameOf[i] = this.lastNameId;
    this.msgOf[i] = this.sMsg ? this.str(this.sMsg) : -1;
    const k = this.sKind;
    this.kind[i] = typeof k === "number" ? (k >= 0 && k < SPAN_KINDS.length ? k : 0) : kindIndex(spanKindOf(k));
    const c = this.sCode;
    this.status[i] = c === 2 ? ERROR : c === 1 ? OK : statusIndex(otlpStatus(c));
    this.start[i] = startMicros(this.sStart);
    this.duration[i] = durationMicros(this.sStart, this.sEnd);
    // IDs are 16 lowercase hex digits once decoded (wireSpanId pads and lowercases).
    const id = this.sSpan;
    this.idHi[i] = hexWord(id, 0);
    this.idLo[i] = hexWord(id, 8);
    const parent = this.sParent;
    if (parent) {
      this.parentHi[i] = hexWord(parent, 0);
      this.parentLo[i] = hexWord(parent, 8);
      this.parentState[i] = 1;
    } else this.parentState[i] = 0;
    this.from[i] = this.spanFrom;
    this.to[i] = this.scanner.mark + 1;
    this.n = i + 1;
    this.sAttrs = undefined;
    this.sEvents = undefined;
    this.sLinks = undefined;
    this.counted();
  }

  /** The trace asked for (or the first one in the answer), undefined when it has no spans. */
  table(): SpanTable | undefined {
    this.end();
    return this.result;
  }

  private result: SpanTable | undefined;

  /** The index of the trace asked for among those seen so far (else the first seen), or -1. */
  private wantedIndex(): number {
    if (this.traceIds.length === 0) return -1;
    if (this.wantTraceId === undefined) return 0;
    for (let t = 0; t < this.traceIds.length; t++) if (sameTraceId(this.traceIds[t]!, this.wantTraceId)) return t;
    return -1;
  }

  /** Whether a span of the trace asked for has been decoded. */
  hasWanted(): boolean {
    return this.n > 0 && this.wantedIndex() >= 0;
  }

  /**
   * The spans of the trace asked for decoded so far, in the list being read, as a table of
   * their own (the columns are copied; the body's chunks so far are shared, read-only), or
   * undefined when there are none. At most `limit` spans, the first ones in the body.
   */
  snapshot(limit = Number.POSITIVE_INFINITY): SpanTable | undefined {
    const want = this.wantedIndex();
    if (want < 0) return undefined;
    const list = this.list;
    const keep = new Int32Array(Math.min(this.n, limit));
    let m = 0;
    for (let i = 0; i < this.n && m < keep.length; i++)
      if (this.listOf[i] === list && this.traceOf[i] === want) keep[m++] = i;
    if (m === 0) return undefined;
    // The resource being read has its service already (OTLP sends `resource` before its spans).
    const groups = this.rsGroups.slice();
    if (this.rs >= 0 && groups[this.rs]?.resource === NO_ATTRS)
      groups[this.rs] = { service: this.rsService, resource: this.rsResource ?? {} };
    return new ColumnarSpans(this, keep.subarray(0, m), this.traceIds[want]!, [], groups, true);
  }

  get bytesRead(): number {
    return this.received;
  }

  override end(): never[] {
    try {
      this.scanner.end();
    } catch (err) {
      throw this.wrap(err);
    }
    const list = this.pickList();
    // Which trace: the one asked for, else the first seen in the picked list (as getTrace does).
    let want = -1;
    for (let i = 0; i < this.n && want < 0; i++) {
      if (this.listOf[i] !== list) continue;
      const id = this.traceIds[this.traceOf[i]!]!;
      if (this.wantTraceId === undefined || sameTraceId(id, this.wantTraceId)) want = this.traceOf[i]!;
    }
    if (want < 0 && this.wantTraceId !== undefined)
      for (let i = 0; i < this.n && want < 0; i++) if (this.listOf[i] === list) want = this.traceOf[i]!;
    if (want < 0) {
      this.result = undefined;
      return [];
    }
    const keep = new Int32Array(this.n);
    let m = 0;
    for (let i = 0; i < this.n; i++) if (this.listOf[i] === list && this.traceOf[i] === want) keep[m++] = i;
    const cut = this.cutWarning();
    this.result = new ColumnarSpans(this, keep.subarray(0, m), this.traceIds[want]!, cut ? [cut] : []);
    return [];
  }

  /** @internal For ColumnarSpans: the decoder's columns, compacted to the kept spans. */
  columns(keep: Int32Array, copy = false) {
    const m = keep.length;
    const all = m === this.n;
    // All kept and little slack: the columns themselves (no copy of 90 bytes a span).
    const view = !copy && all && this.cap <= m + (m >> 3) + 1024;
    const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      if (view) return a.subarray(0, m) as T;
      if (all) return a.slice(0, m) as T;
      const out = new (a.constructor as { new (n: number): T })(m);
      for (let k = 0; k < m; k++) out[k] = a[keep[k]!]!;
      return out;
    };
    const ssOf = pick(this.ssOf);
    return {
      start: pick(this.start),
      duration: pick(this.duration),
      kind: pick(this.kind),
      status: pick(this.status),
      nameOf: pick(this.nameOf),
      statusMessageOf: pick(this.msgOf),
      groupOf: pick(this.rsOf),
      ssOf,
      idHi: pick(this.idHi),
      idLo: pick(this.idLo),
      parentState: pick(this.parentState),
      parentHi: pick(this.parentHi),
      parentLo: pick(this.parentLo),
      from: pick(this.from),
      to: pick(this.to),
      strings: this.strings,
      groups: this.rsGroups,
      scopes: this.ssScopes,
      chunks: copy ? this.chunks.slice() : this.chunks,
      chunkAt: Float64Array.from(this.chunkAt),
      received: this.received,
      opts: this.opts,
    };
  }
}

class ColumnarSpans implements SpanTable {
  readonly n: number;
  readonly start: Float64Array;
  readonly duration: Float64Array;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  readonly nameOf: Int32Array;
  readonly statusMessageOf: Int32Array;
  readonly strings: readonly string[];
  readonly groupOf: Int32Array;
  readonly groups: readonly SpanGroup[];
  readonly idHi: Int32Array;
  readonly idLo: Int32Array;
  readonly idPacked: Uint8Array;
  readonly parentState: Uint8Array;
  readonly parentHi: Int32Array;
  readonly parentLo: Int32Array;
  readonly bytes: number;
  private readonly ssOf: Int32Array;
  private readonly scopes: readonly Attributes[];
  private readonly from: Float64Array;
  private readonly to: Float64Array;
  private readonly chunks: readonly Buffer[];
  private readonly chunkAt: Float64Array;
  private readonly opts: OtlpStreamOptions;
  /** Per scope: its attributes as lowercase JSON, for mayContain. */
  private readonly scopeTexts: (string | undefined)[] = [];

  constructor(
    d: OtlpColumnsDecoder,
    keep: Int32Array,
    readonly traceId: string,
    readonly warnings: string[],
    groups?: readonly SpanGroup[],
    /** A snapshot of a decode still running: copy what the decoder goes on changing. */
    copy = false,
  ) {
    const c = d.columns(keep, copy);
    this.n = keep.length;
    this.start = c.start;
    this.duration = c.duration;
    this.kind = c.kind;
    this.status = c.status;
    this.nameOf = c.nameOf;
    this.statusMessageOf = c.statusMessageOf;
    this.strings = c.strings;
    this.groupOf = c.groupOf;
    this.groups = groups ?? c.groups;
    this.idHi = c.idHi;
    this.idLo = c.idLo;
    this.idPacked = new Uint8Array(this.n).fill(1);
    this.parentState = c.parentState;
    this.parentHi = c.parentHi;
    this.parentLo = c.parentLo;
    this.ssOf = c.ssOf;
    this.scopes = c.scopes;
    this.from = c.from;
    this.to = c.to;
    this.chunks = c.chunks;
    this.chunkAt = c.chunkAt;
    this.opts = c.opts;
    // Body bytes plus 83 bytes of columns per span (strings and groups are small beside them).
    this.bytes = c.received + this.n * 83 + this.strings.length * 64;
  }

  spanId(i: number): string {
    return i >= 0 && i < this.n ? hexOfWords(this.idHi[i]!, this.idLo[i]!) : "";
  }

  parentSpanId(i: number): string | undefined {
    return this.parentState[i] === 1 ? hexOfWords(this.parentHi[i]!, this.parentLo[i]!) : undefined;
  }

  mayContain(i: number, needle: Uint8Array): boolean {
    const m = needle.length;
    if (m === 0) return true;
    // Scope attributes are merged into the span's attributes: they are not in its bytes.
    if (this.scopeContains(this.ssOf[i]!, needle)) return true;
    const from = this.from[i]!;
    const to = this.to[i]!;
    const bytes = this.spanBytes(i);
    // An escape (\u0041, \n) can spell anything: then only the built span can tell.
    if (bytes.includes(0x5c)) return true;
    const first = needle[0]!;
    for (let k = 0; k + m <= to - from; k++) {
      if ((bytes[k]! | lowerBit(bytes[k]!)) !== first) continue;
      let j = 1;
      while (j < m && (bytes[k + j]! | lowerBit(bytes[k + j]!)) === needle[j]) j++;
      if (j === m) return true;
    }
    return false;
  }

  /**
   * mayContain of every span in one pass over the answer's bytes: each chunk read as latin1
   * text and searched with a case-insensitive regular expression (native code, ~8× the per-byte
   * loop at a million spans), each match or backslash marking the span whose bytes hold it.
   */
  *mayContainAll(needle: Uint8Array): Steps<Uint8Array> {
    const n = this.n;
    const out = new Uint8Array(n);
    const m = needle.length;
    if (m === 0) return out.fill(1);
    // Scope attributes are merged into the span's attributes: they are not in its bytes.
    const scopeHit = new Int8Array(this.scopes.length);
    for (let i = 0; i < n; i++) {
      const ss = this.ssOf[i]!;
      if (scopeHit[ss] === 0) scopeHit[ss] = this.scopeContains(ss, needle) ? 1 : -1;
      if (scopeHit[ss] === 1) out[i] = 1;
    }
    const from = this.from;
    const to = this.to;
    /** Marks the span whose bytes hold [o, o + len) (absolute offsets), if one does. */
    const mark = (o: number, len: number) => {
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (from[mid]! <= o) lo = mid;
        else hi = mid - 1;
      }
      if (n > 0 && from[lo]! <= o && o + len <= to[lo]!) out[lo] = 1;
    };
    const re = new RegExp(String.fromCharCode(...needle).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi");
    let carry = "";
    let scanned = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const at = this.chunkAt[c]!;
      // The previous chunk's last m - 1 bytes: a match may straddle the two.
      const text = carry + chunk.toString("latin1");
      const base = at - carry.length;
      re.lastIndex = 0;
      for (let r = re.exec(text); r; r = re.exec(text)) {
        mark(base + r.index, m);
        re.lastIndex = r.index + 1;
      }
      // An escape (\u0041, \n) can spell anything: then only the built span can tell.
      for (let k = chunk.indexOf(0x5c); k >= 0; k = chunk.indexOf(0x5c, k + 1)) mark(at + k, 1);
      carry = m > 1 ? text.slice(Math.max(0, text.length - (m - 1))) : "";
      scanned += chunk.length;
      if (scanned >= SCAN_STEP_BYTES) {
        scanned = 0;
        yield;
      }
    }
    return out;
  }

  /** Do scope ss's attributes (as lowercase JSON) contain the needle? */
  private scopeContains(ss: number, needle: Uint8Array): boolean {
    let scopeText = this.scopeTexts[ss];
    if (scopeText === undefined) {
      const scope = this.scopes[ss] ?? NO_ATTRS;
      scopeText = scope === NO_ATTRS ? "" : JSON.stringify(scope).toLowerCase();
      this.scopeTexts[ss] = scopeText;
    }
    return scopeText !== "" && containsLower(scopeText, needle);
  }

  /** The bytes of span i's JSON object (a copy only when it crosses a chunk boundary). */
  spanBytes(i: number): Buffer {
    const from = this.from[i]!;
    const to = this.to[i]!;
    let lo = 0;
    let hi = this.chunkAt.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunkAt[mid]! <= from) lo = mid;
      else hi = mid - 1;
    }
    const first = this.chunks[lo]!;
    const at = this.chunkAt[lo]!;
    if (to - at <= first.length) return first.subarray(from - at, to - at);
    const parts: Buffer[] = [first.subarray(from - at)];
    let got = first.length - (from - at);
    for (let k = lo + 1; got < to - from; k++) {
      const c = this.chunks[k]!;
      const take = Math.min(c.length, to - from - got);
      parts.push(c.subarray(0, take));
      got += take;
    }
    return Buffer.concat(parts);
  }

  span(i: number): Span {
    if (i < 0 || i >= this.n) throw new RangeError(`span ${i} of ${this.n}`);
    return this.spansAt([i])[0]!;
  }

  /**
   * Spans built from their bytes: one OtlpStreamDecoder over `{"resourceSpans":[{"scopeSpans":
   * [{"spans":[…]}]}]}` holding the spans asked for, then each gets its resource, service and
   * scope attributes back (what OtlpStreamDecoder gives them in the whole answer).
   */
  spansAt(indices: ArrayLike<number>): Span[] {
    if (indices.length === 0) return [];
    const parts: Buffer[] = [PREFIX];
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (!(i >= 0 && i < this.n)) throw new RangeError(`span ${i} of ${this.n}`);
      if (k > 0) parts.push(COMMA);
      parts.push(this.spanBytes(i));
    }
    parts.push(SUFFIX);
    const [t] = decodeOtlpBytes(parts, {
      backend: this.opts.backend,
      what: this.opts.what,
      maxStringChars: this.opts.maxStringChars,
    });
    // Grouped by trace ID: every span here has this table's (they were kept for it).
    const out = t!.spans;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const s = out[k]!;
      const g = this.groups[this.groupOf[i]!]!;
      const scope = this.scopes[this.ssOf[i]!] ?? NO_ATTRS;
      s.service = g.service;
      s.resource = g.resource;
      if (scope !== NO_ATTRS) s.attributes = { ...scope, ...s.attributes };
    }
    return out;
  }
}

/**
 * The streaming columnar decode of one trace by ID, for HttpRequest.decode (the body is capped
 * by SIGHTLINE_MAX_TRACE_BYTES); the value is the table, or undefined when the trace is absent.
 */
export function otlpColumnsDecode(
  opts: OtlpStreamOptions,
  traceId?: string,
  /** Told when the trace is found in the answer, and asked for snapshots while it streams. */
  progress?: TraceProgress,
): DecodeSpec<SpanTable | undefined> {
  return {
    key: `otlp-columns:${opts.shape ?? "jaeger"}:${traceId ?? ""}`,
    sink: (bytes) => {
      const d = new OtlpColumnsDecoder(opts, traceId, true, bytes);
      if (!progress) return { push: (c: Uint8Array) => d.push(c), end: () => d.table() };
      progress.attach(
        () => {
          const table = d.snapshot(SNAPSHOT_MAX_SPANS);
          return table && { table, bytes: d.bytesRead, totalBytes: bytes };
        },
        () => ({ bytes: d.bytesRead, totalBytes: bytes }),
      );
      return {
        push: (c: Uint8Array) => {
          d.push(c);
          if (!progress.hasFound && d.hasWanted()) progress.markFound();
        },
        end: () => {
          progress.attach(undefined);
          return d.table();
        },
      };
    },
    cap: "trace",
  };
}

/** Decode a whole body at once into a table (tests, and bodies already in memory). */
export function decodeOtlpTable(
  body: Uint8Array | readonly Uint8Array[],
  opts: OtlpStreamOptions,
  traceId?: string,
  /** false: without the byte-level fast path (tests compare both). */
  fast = true,
): SpanTable | undefined {
  const d = new OtlpColumnsDecoder(opts, traceId, fast);
  if (body instanceof Uint8Array) d.push(body);
  else for (const c of body) d.push(c);
  return d.table();
}
