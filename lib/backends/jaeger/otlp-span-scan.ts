// The fast path of the columnar OTLP decoder (otlp-columns.ts): one span object read straight
// from the body's bytes, with no token callbacks and no strings made for what the columns do
// not keep. Keys are told apart by their bytes; attributes, events and links are checked
// byte by byte against the shapes OtlpStreamDecoder accepts and then forgotten (the span's
// bytes stay in the body for on-demand detail).
//
// It never decides that a body is wrong. It either accepts a span the streaming decoder would
// accept, with the same column values, or declines (returns -1), and the streaming decoder
// then reads that span token by token and gives its exact error, or its exact result, for the
// rare spans the fast path leaves to it: escapes in names or IDs, numeric timestamps, strings
// over the length cap, deep nesting, a span cut by the chunk boundary. A property test
// (otlp-span-scan.test.ts) checks both paths agree on random and adversarial bodies.
//
// The byte-level JSON pieces (strings, numbers, skipping, list walking) are JsonBytes
// (json-bytes.ts); this file is the OTLP span shape read with them.
//
// Linear: each byte of the span is read once here, and at most once more by the streaming
// decoder when the span is declined; nesting is capped (MAX_NEST), so recursion is bounded.
import { kindIndex, SPAN_KINDS, statusIndex } from "../../model/span-table";
import type { NanosString } from "../../model/time";
import { wireSpanId, wireTraceId } from "./ids";
import { durationMicros, startMicros } from "./otlp-stream";
import { otlpStatus, spanKindOf } from "./to-model";
import { HEXLOW, JsonBytes, key, LBRACE, LBRACK, MAX_NEST, Q, RBRACE, COMMA, L_TRUE, L_FALSE } from "./json-bytes";

const K_TRACE = key("traceId");
const K_SPAN = key("spanId");
const K_PARENT = key("parentSpanId");
const K_NAME = key("name");
const K_KIND = key("kind");
const K_START = key("startTimeUnixNano");
const K_END = key("endTimeUnixNano");
const K_ATTRS = key("attributes");
const K_EVENTS = key("events");
const K_LINKS = key("links");
const K_STATUS = key("status");
const K_CODE = key("code");
const K_MESSAGE = key("message");
const K_KEY = key("key");
const K_VALUE = key("value");
const K_VALUES = key("values");
const K_TIME = key("timeUnixNano");
const K_SV = key("stringValue");
const K_BV = key("boolValue");
const K_IV = key("intValue");
const K_DV = key("doubleValue");
const K_BYV = key("bytesValue");
const K_AV = key("arrayValue");
const K_KVLV = key("kvlistValue");

const KIND_ABSENT = kindIndex(spanKindOf(undefined));
const STATUS_ERROR = statusIndex("error");
const STATUS_OK = statusIndex("ok");

/** What the columns need from one span, filled by SpanScan.scan. */
export class ScannedSpan {
  /** Index of the span's trace ID among the decoder's (SpanScan's traceIndex callback). */
  trace = -1;
  idHi = 0;
  idLo = 0;
  hasParent = false;
  parentHi = 0;
  parentLo = 0;
  /** The name's bytes [nameFrom, nameTo) in the chunk (-1: no name member); nameAscii: no byte ≥ 0x80. */
  nameFrom = -1;
  nameTo = -1;
  nameAscii = true;
  /** The status message's bytes, likewise. */
  msgFrom = -1;
  msgTo = -1;
  msgAscii = true;
  kind = 0;
  status = 0;
  start = 0;
  duration = 0;
}

export class SpanScan extends JsonBytes {
  readonly out = new ScannedSpan();
  // The previous span's raw trace ID bytes and their index: most spans repeat it.
  private lastTrace = new Uint8Array(0);
  private lastTraceIdx = -1;
  // Words of the last ID read (readId).
  private hi = 0;
  private lo = 0;

  constructor(
    maxChars: number,
    /** A normalised trace ID → its index in the decoder's list (adding it when new). */
    private readonly traceIndex: (id: string) => number,
  ) {
    super(maxChars);
  }

  /**
   * The span object starting with '{' at `at`: the index just past its '}', with `out` filled,
   * or -1 (nothing changed that the streaming decoder depends on) to let that decoder read it.
   */
  scan(b: Buffer, at: number): number {
    this.b = b;
    this.n = b.length;
    const o = this.out;
    o.trace = -1;
    o.hasParent = false;
    o.nameFrom = o.nameTo = -1;
    o.nameAscii = true;
    o.msgFrom = o.msgTo = -1;
    o.msgAscii = true;
    let haveSpan = false;
    let kind: number | string | undefined;
    let code: number | string | undefined;
    let startFrom = -1;
    let startTo = -1;
    let endFrom = -1;
    let endTo = -1;
    let j = this.ws(at + 1);
    if (j < 0 || this.b[j] !== Q) return -1; // {} has no traceId: the streaming decoder says so
    for (;;) {
      j = this.member(j);
      if (j < 0) return -1;
      const kf = this.keyFrom;
      const len = this.keyTo - kf;
      const c = b[j]!;
      switch (len) {
        case 7:
          if (this.is(kf, K_TRACE)) {
            if (c !== Q) return -1;
            j = this.traceId(j);
            if (j < 0) return -1;
            o.trace = this.lastTraceIdx;
          } else j = this.skip(j, 0);
          break;
        case 6:
          if (this.is(kf, K_SPAN)) {
            if (c !== Q) return -1;
            j = this.readId(j);
            if (j < 0) return -1;
            o.idHi = this.hi;
            o.idLo = this.lo;
            haveSpan = true;
          } else if (this.is(kf, K_EVENTS)) j = c === LBRACK ? this.events(j) : this.orNull(j);
          else if (this.is(kf, K_STATUS)) {
            if (c === LBRACE) {
              j = this.status(j);
              if (j < 0) return -1;
              if (this.statusCode !== undefined) code = this.statusCode;
            } else j = this.orNull(j);
          } else j = this.skip(j, 0);
          break;
        case 12:
          if (this.is(kf, K_PARENT)) {
            if (c !== Q) return -1;
            if (b[j + 1] === Q) {
              o.hasParent = false;
              j += 2;
            } else {
              j = this.readId(j);
              if (j < 0) return -1;
              o.hasParent = true;
              o.parentHi = this.hi;
              o.parentLo = this.lo;
            }
          } else j = this.skip(j, 0);
          break;
        case 4:
          if (this.is(kf, K_NAME)) {
            if (c !== Q) return -1;
            j = this.readStr(j);
            if (j < 0) return -1;
            o.nameFrom = this.strFrom;
            o.nameTo = this.strTo;
            o.nameAscii = this.strAscii;
          } else if (this.is(kf, K_KIND)) {
            if (c === Q) {
              j = this.readStr(j);
              if (j < 0) return -1;
              kind = this.text(this.strFrom, this.strTo, this.strAscii);
            } else {
              j = this.number(j);
              if (j < 0 || this.numInt < 0) return -1;
              kind = this.numInt;
            }
          } else j = this.skip(j, 0);
          break;
        case 17:
          if (this.is(kf, K_START)) {
            j = this.nanos(j);
            if (j < 0) return -1;
            startFrom = this.strFrom;
            startTo = this.strTo;
          } else j = this.skip(j, 0);
          break;
        case 15:
          if (this.is(kf, K_END)) {
            j = this.nanos(j);
            if (j < 0) return -1;
            endFrom = this.strFrom;
            endTo = this.strTo;
          } else j = this.skip(j, 0);
          break;
        case 10:
          j = this.is(kf, K_ATTRS) ? (c === LBRACK ? this.keyValues(j, 0) : this.orNull(j)) : this.skip(j, 0);
          break;
        case 5:
          j = this.is(kf, K_LINKS) ? (c === LBRACK ? this.links(j) : this.orNull(j)) : this.skip(j, 0);
          break;
        default:
          j = this.skip(j, 0);
      }
      if (j < 0) return -1;
      j = this.ws(j);
      if (j < 0) return -1;
      const d = b[j];
      if (d === COMMA) {
        j = this.ws(j + 1);
        if (j < 0 || b[j] !== Q) return -1;
        continue;
      }
      if (d !== RBRACE) return -1;
      j++;
      break;
    }
    if (o.trace < 0 || !haveSpan) return -1; // the streaming decoder names the missing field
    o.kind =
      kind === undefined
        ? KIND_ABSENT
        : typeof kind === "number"
          ? kind < SPAN_KINDS.length
            ? kind
            : 0
          : kindIndex(spanKindOf(kind));
    o.status = code === 2 ? STATUS_ERROR : code === 1 ? STATUS_OK : statusIndex(otlpStatus(code));
    this.times(startFrom, startTo, endFrom, endTo);
    return j;
  }

  // ---------- OTLP shapes ----------

  /** KeyValue list at `j` ('['): each {"key": string (required), "value": AnyValue | null}. */
  private keyValues(j: number, depth: number): number {
    if (depth >= MAX_NEST) return -1;
    let k = this.openList(j);
    while (k >= 0) {
      const e = this.keyValue(k, depth);
      if (e < 0) return -1;
      k = this.moreList(e);
    }
    return k === -2 ? this.after : -1;
  }

  private keyValue(j: number, depth: number): number {
    let haveKey = false;
    let v = this.open(j);
    while (v >= 0) {
      const kf = this.keyFrom;
      const c = this.b[v];
      let e: number;
      if (this.is(kf, K_KEY)) {
        haveKey = true;
        e = c === Q ? this.skipString(v) : -1;
      } else if (this.is(kf, K_VALUE)) e = c === LBRACE ? this.anyValue(v, depth + 1) : this.orNull(v);
      else e = this.skip(v, depth + 1);
      if (e < 0) return -1;
      v = this.more(e);
    }
    return v === -2 && haveKey ? this.after : -1;
  }

  /** AnyValue at `j` ('{'). */
  private anyValue(j: number, depth: number): number {
    if (depth >= MAX_NEST) return -1;
    let v = this.open(j);
    while (v >= 0) {
      const kf = this.keyFrom;
      const c = this.b[v]!;
      let e: number;
      if (this.is(kf, K_SV) || this.is(kf, K_BYV)) e = c === Q ? this.skipString(v) : -1;
      else if (this.is(kf, K_IV) || this.is(kf, K_DV)) {
        if (c === Q) e = this.skipString(v);
        else e = c === 0x2d || (c >= 0x30 && c <= 0x39) ? this.number(v) : -1;
      } else if (this.is(kf, K_BV))
        e = c === 0x74 ? this.literal(v, L_TRUE) : c === 0x66 ? this.literal(v, L_FALSE) : -1;
      else if (this.is(kf, K_AV)) e = c === LBRACE ? this.valuesOf(v, depth + 1, false) : -1;
      else if (this.is(kf, K_KVLV)) e = c === LBRACE ? this.valuesOf(v, depth + 1, true) : -1;
      else e = this.skip(v, depth + 1);
      if (e < 0) return -1;
      v = this.more(e);
    }
    return v === -2 ? this.after : -1;
  }

  /** arrayValue / kvlistValue at `j` ('{'): `values` is a list of AnyValues / KeyValues, or null. */
  private valuesOf(j: number, depth: number, kvs: boolean): number {
    if (depth >= MAX_NEST) return -1;
    let v = this.open(j);
    while (v >= 0) {
      let e: number;
      if (!this.is(this.keyFrom, K_VALUES)) e = this.skip(v, depth + 1);
      else if (this.b[v] !== LBRACK) e = this.orNull(v);
      else if (kvs) e = this.keyValues(v, depth + 1);
      else {
        let k = this.openList(v);
        while (k >= 0) {
          const x = this.anyValue(k, depth + 1);
          if (x < 0) return -1;
          k = this.moreList(x);
        }
        e = k === -2 ? this.after : -1;
      }
      if (e < 0) return -1;
      v = this.more(e);
    }
    return v === -2 ? this.after : -1;
  }

  /** Events at `j` ('['): {"timeUnixNano": digits, "name": string, "attributes": KeyValues}. */
  private events(j: number): number {
    let k = this.openList(j);
    while (k >= 0) {
      let v = this.open(k);
      while (v >= 0) {
        const kf = this.keyFrom;
        const c = this.b[v];
        let e: number;
        if (this.is(kf, K_TIME)) e = this.nanos(v);
        else if (this.is(kf, K_NAME)) e = c === Q ? this.skipString(v) : -1;
        else if (this.is(kf, K_ATTRS)) e = c === LBRACK ? this.keyValues(v, 1) : this.orNull(v);
        else e = this.skip(v, 1);
        if (e < 0) return -1;
        v = this.more(e);
      }
      if (v !== -2) return -1;
      k = this.moreList(this.after);
    }
    return k === -2 ? this.after : -1;
  }

  /** Links at `j` ('['): trace and span IDs (both required and valid), attributes. */
  private links(j: number): number {
    let k = this.openList(j);
    while (k >= 0) {
      let have = 0;
      let v = this.open(k);
      while (v >= 0) {
        const kf = this.keyFrom;
        const c = this.b[v];
        let e: number;
        if (this.is(kf, K_TRACE)) {
          e = c === Q ? this.readStr(v) : -1;
          if (e >= 0 && wireTraceId(this.text(this.strFrom, this.strTo, this.strAscii)) === undefined) e = -1;
          have |= 1;
        } else if (this.is(kf, K_SPAN)) {
          e = c === Q ? this.readId(v) : -1;
          have |= 2;
        } else if (this.is(kf, K_ATTRS)) e = c === LBRACK ? this.keyValues(v, 1) : this.orNull(v);
        else e = this.skip(v, 1);
        if (e < 0) return -1;
        v = this.more(e);
      }
      if (v !== -2 || have !== 3) return -1;
      k = this.moreList(this.after);
    }
    return k === -2 ? this.after : -1;
  }

  /** The code seen in the last status object (undefined: none in it). */
  private statusCode: number | string | undefined;

  /** Status at `j` ('{'): code (integer or enum name), message (kept). */
  private status(j: number): number {
    this.statusCode = undefined;
    const o = this.out;
    let v = this.open(j);
    while (v >= 0) {
      const kf = this.keyFrom;
      const c = this.b[v];
      let e: number;
      if (this.is(kf, K_CODE)) {
        if (c === Q) {
          e = this.readStr(v);
          if (e >= 0) this.statusCode = this.text(this.strFrom, this.strTo, this.strAscii);
        } else {
          e = this.number(v);
          if (e >= 0 && this.numInt < 0) e = -1;
          else this.statusCode = this.numInt;
        }
      } else if (this.is(kf, K_MESSAGE)) {
        e = c === Q ? this.readStr(v) : -1;
        if (e >= 0) {
          o.msgFrom = this.strFrom;
          o.msgTo = this.strTo;
          o.msgAscii = this.strAscii;
        }
      } else e = this.skip(v, 1);
      if (e < 0) return -1;
      v = this.more(e);
    }
    return v === -2 ? this.after : -1;
  }

  /** Nanoseconds as a string of 1 to 25 digits: its digits in strFrom/strTo. */
  private nanos(j: number): number {
    const b = this.b;
    if (b[j] !== Q) return -1; // a number: the streaming decoder converts it
    const from = j + 1;
    let k = from;
    const n = Math.min(this.n, from + 26);
    while (k < n && b[k]! >= 0x30 && b[k]! <= 0x39) k++;
    if (k >= this.n || b[k] !== Q || k === from || k - from > 25) return -1;
    this.strFrom = from;
    this.strTo = k;
    return k + 1;
  }

  /**
   * A span or parent ID at `j` ('"'): 16 lowercase hex digits read as two words; anything else
   * through wireSpanId as the streaming decoder does (base64, short or uppercase IDs).
   */
  private readId(j: number): number {
    const b = this.b;
    const from = j + 1;
    if (from + 16 < this.n && b[from + 16] === Q) {
      let hi = 0;
      let lo = 0;
      let ok = 1;
      for (let i = 0; i < 8; i++) {
        const d = HEXLOW[b[from + i]!]!;
        const e = HEXLOW[b[from + 8 + i]!]!;
        ok &= d === 0 || e === 0 ? 0 : 1;
        hi = (hi << 4) | (d - 1);
        lo = (lo << 4) | (e - 1);
      }
      if (ok === 1 && (hi | lo) !== 0) {
        this.hi = hi;
        this.lo = lo;
        return from + 17;
      }
    }
    const e = this.readStr(j);
    if (e < 0) return -1;
    const id = wireSpanId(this.text(this.strFrom, this.strTo, this.strAscii));
    if (id === undefined) return -1;
    this.hi = word(id, 0);
    this.lo = word(id, 8);
    return e;
  }

  /** The span's trace ID at `j` ('"'); lastTraceIdx is its index. */
  private traceId(j: number): number {
    const b = this.b;
    const from = j + 1;
    const last = this.lastTrace;
    const len = last.length;
    // Most spans repeat the previous span's bytes: compare those first, no scan of the string.
    if (this.lastTraceIdx >= 0 && from + len < this.n && b[from + len] === Q) {
      let i = 0;
      while (i < len && b[from + i] === last[i]) i++;
      if (i === len) return from + len + 1;
    }
    const e = this.readStr(j);
    if (e < 0) return -1;
    const id = wireTraceId(this.text(this.strFrom, this.strTo, this.strAscii));
    if (id === undefined) return -1;
    this.lastTrace = Uint8Array.from(b.subarray(this.strFrom, this.strTo));
    this.lastTraceIdx = this.traceIndex(id);
    return e;
  }

  /** start and duration as startMicros / durationMicros compute them from the strings. */
  private times(sf: number, st: number, ef: number, et: number): void {
    const o = this.out;
    const b = this.b;
    const a = st - sf;
    const c = et - ef;
    if (sf >= 0 && ef >= 0 && a > 9 && c > 9) {
      const sHi = digits(b, sf, st - 9);
      const eHi = digits(b, ef, et - 9);
      if (sHi >= 0 && eHi >= 0) {
        // Exact integers either way: sHi·10⁶ + the next six digits is digitsValue of the first n−3.
        const mid = digits(b, st - 9, st - 3);
        const low = digits(b, st - 3, st);
        const whole = sHi * 1e6 + mid;
        if (whole <= Number.MAX_SAFE_INTEGER) {
          o.start = whole + low / 1e3;
          const d = (eHi - sHi) * 1e9 + (digits(b, et - 9, et) - (mid * 1e3 + low));
          if (Number.isSafeInteger(d)) {
            if (d <= 0) o.duration = 0;
            else {
              const us = Math.floor(d / 1000);
              o.duration = us + (d - us * 1000) / 1e3;
            }
            return;
          }
        }
      }
    }
    // Short, absent or huge timestamps: the string functions themselves.
    const s = (sf >= 0 ? b.toString("latin1", sf, st) : "0") as NanosString;
    const e = (ef >= 0 ? b.toString("latin1", ef, et) : "0") as NanosString;
    o.start = startMicros(s);
    o.duration = durationMicros(s, e);
  }
}

/** The value of the decimal digits b[from, to), or -1 when not exact in a double (digitsValue). */
function digits(b: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (b[i]! - 48);
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/** Eight lowercase hex digits of a normalised ID as an int32. */
function word(id: string, from: number): number {
  let v = 0;
  for (let k = from; k < from + 8; k++) {
    const c = id.charCodeAt(k);
    v = (v << 4) | (c <= 0x39 ? c - 0x30 : c - 0x57);
  }
  return v;
}
