// Byte-level JSON reading for the span fast path (otlp-span-scan.ts): whitespace, member
// names, strings, numbers, literals, skipping a value, and object/list walking, each returning
// the index after what it read, or -1 to decline (the streaming scanner then reads the span).
// Lexical only: what the values mean is the subclass's business. Limits match the streaming
// scanner's (json-stream.ts), so a declined input gets that scanner's exact error.

/** Nesting inside a span beyond this is left to the streaming decoder (and its depth cap). */
export const MAX_NEST = 48;
/** The streaming scanner's limit on a number's characters. */
const MAX_NUMBER_CHARS = 400;

export const Q = 0x22; // "
const BS = 0x5c; // \
const COLON = 0x3a;
export const COMMA = 0x2c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACK = 0x5b;
const RBRACK = 0x5d;

/** Bytes that may stand in a string as they are (not '"', '\', or a control character). */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 256; c++) PLAIN[c] = c === Q || c === BS ? 0 : 1;
/** Bytes the streaming scanner reads as part of a number. */
const NUMBYTE = new Uint8Array(256);
for (const c of "0123456789+-.eE") NUMBYTE[c.charCodeAt(0)] = 1;
/** Lowercase hex digit → value + 1 (0: not one). */
export const HEXLOW = new Uint8Array(256);
for (let c = 0; c < 16; c++) HEXLOW["0123456789abcdef".charCodeAt(c)] = c + 1;
/** Any hex digit (for \uXXXX). */
const HEXANY = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEXANY[c.charCodeAt(0)] = 1;
/** The characters after '\' that JSON allows, besides 'u'. */
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;

/** A key's or literal's bytes (ASCII). */
export const key = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
export const L_TRUE = key("true");
export const L_FALSE = key("false");
const L_NULL = key("null");

export class JsonBytes {
  protected b: Buffer = Buffer.alloc(0);
  protected n = 0;
  /** The end of the last key read: [keyFrom, keyTo). */
  protected keyFrom = 0;
  protected keyTo = 0;
  /** The last kept string read: [strFrom, strTo), strAscii. */
  protected strFrom = 0;
  protected strTo = 0;
  protected strAscii = true;
  /** Plain non-negative integer of the last number read (< 1e9), else -1. */
  protected numInt = -1;

  constructor(protected readonly maxChars: number) {}

  // ---------- lexical pieces (each returns the index after what it read, or -1) ----------

  /** The next non-whitespace byte's index, or -1 at the chunk's end. */
  protected ws(j: number): number {
    const b = this.b;
    const n = this.n;
    while (j < n) {
      const c = b[j]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return j;
      j++;
    }
    return -1;
  }

  /** A member name at `j` ('"'), its ':' and the whitespace after: the value's first byte. */
  protected member(j: number): number {
    const b = this.b;
    const n = this.n;
    const from = j + 1;
    let k = from;
    while (k < n && PLAIN[b[k]!] === 1) k++;
    // An escape in a name, the chunk's end, or a name the streaming scanner would cut: leave it.
    if (k >= n || b[k] !== Q || k - from > this.maxChars) return -1;
    this.keyFrom = from;
    this.keyTo = k;
    k = this.ws(k + 1);
    if (k < 0 || b[k] !== COLON) return -1;
    return this.ws(k + 1);
  }

  protected is(from: number, k: Uint8Array): boolean {
    if (this.keyTo - from !== k.length) return false;
    const b = this.b;
    for (let i = 0; i < k.length; i++) if (b[from + i] !== k[i]) return false;
    return true;
  }

  /** Any string at `j` ('"'), checked (escapes, control characters, the length cap). */
  protected skipString(j: number): number {
    const b = this.b;
    const n = this.n;
    const from = j + 1;
    let k = from;
    for (;;) {
      while (k < n && PLAIN[b[k]!] === 1) k++;
      if (k >= n) return -1;
      const c = b[k]!;
      if (c === Q) return k - from > this.maxChars ? -1 : k + 1;
      if (c !== BS) return -1; // a control character: the streaming decoder rejects it
      const e = b[k + 1];
      if (e === undefined) return -1;
      if (ESCAPE[e] === 1) k += 2;
      else if (e === 0x75) {
        if (k + 5 >= n) return -1;
        if (!HEXANY[b[k + 2]!] || !HEXANY[b[k + 3]!] || !HEXANY[b[k + 4]!] || !HEXANY[b[k + 5]!]) return -1;
        k += 6;
      } else return -1;
    }
  }

  /** A kept string at `j` ('"') without escapes: its bytes in strFrom/strTo, strAscii. */
  protected readStr(j: number): number {
    const b = this.b;
    const n = this.n;
    const from = j + 1;
    let k = from;
    let high = 0;
    while (k < n && PLAIN[b[k]!] === 1) high |= b[k++]!;
    if (k >= n || b[k] !== Q || k - from > this.maxChars) return -1;
    this.strFrom = from;
    this.strTo = k;
    this.strAscii = high < 0x80;
    return k + 1;
  }

  protected text(from: number, to: number, ascii: boolean): string {
    return this.b.toString(ascii ? "latin1" : "utf8", from, to);
  }

  /** A number at `j`, checked as the streaming scanner checks it; numInt as documented. */
  protected number(j: number): number {
    const b = this.b;
    const n = this.n;
    let k = j;
    while (k < n && NUMBYTE[b[k]!] === 1) k++;
    if (k >= n || k - j > MAX_NUMBER_CHARS) return -1; // it may go on in the next chunk
    // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
    let p = j;
    if (b[p] === 0x2d) p++;
    const intFrom = p;
    if (b[p] === 0x30) p++;
    else if (p < k && b[p]! >= 0x31 && b[p]! <= 0x39) while (p < k && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
    else return -1;
    const intTo = p;
    if (p < k && b[p] === 0x2e) {
      p++;
      const f = p;
      while (p < k && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
      if (p === f) return -1;
    }
    if (p < k && (b[p] === 0x65 || b[p] === 0x45)) {
      p++;
      if (b[p] === 0x2b || b[p] === 0x2d) p++;
      const f = p;
      while (p < k && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
      if (p === f) return -1;
    }
    if (p !== k) return -1;
    let v = -1;
    if (intFrom === j && intTo === k && k - j <= 9) {
      v = 0;
      for (let i = j; i < k; i++) v = v * 10 + (b[i]! - 0x30);
    }
    this.numInt = v;
    return k;
  }

  protected literal(j: number, lit: Uint8Array): number {
    const b = this.b;
    if (j + lit.length > this.n) return -1;
    for (let i = 0; i < lit.length; i++) if (b[j + i] !== lit[i]) return -1;
    return j + lit.length;
  }

  /** `null` where the streaming decoder allows it (attributes, events, links, status, values). */
  protected orNull(j: number): number {
    return this.b[j] === 0x6e ? this.literal(j, L_NULL) : -1;
  }

  /** Any JSON value (an unknown member: checked, then ignored). */
  protected skip(j: number, depth: number): number {
    const b = this.b;
    const c = b[j]!;
    if (c === Q) return this.skipString(j);
    if (c === LBRACE) {
      if (depth >= MAX_NEST) return -1;
      let k = this.ws(j + 1);
      if (k < 0) return -1;
      if (b[k] === RBRACE) return k + 1;
      for (;;) {
        if (b[k] !== Q) return -1;
        k = this.skipString(k);
        if (k < 0) return -1;
        k = this.ws(k);
        if (k < 0 || b[k] !== COLON) return -1;
        k = this.ws(k + 1);
        if (k < 0) return -1;
        k = this.skip(k, depth + 1);
        if (k < 0) return -1;
        k = this.ws(k);
        if (k < 0) return -1;
        if (b[k] === RBRACE) return k + 1;
        if (b[k] !== COMMA) return -1;
        k = this.ws(k + 1);
        if (k < 0) return -1;
      }
    }
    if (c === LBRACK) {
      if (depth >= MAX_NEST) return -1;
      let k = this.ws(j + 1);
      if (k < 0) return -1;
      if (b[k] === RBRACK) return k + 1;
      for (;;) {
        k = this.skip(k, depth + 1);
        if (k < 0) return -1;
        k = this.ws(k);
        if (k < 0) return -1;
        if (b[k] === RBRACK) return k + 1;
        if (b[k] !== COMMA) return -1;
        k = this.ws(k + 1);
        if (k < 0) return -1;
      }
    }
    if (c === 0x74) return this.literal(j, L_TRUE);
    if (c === 0x66) return this.literal(j, L_FALSE);
    if (c === 0x6e) return this.literal(j, L_NULL);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(j);
    return -1;
  }

  /** Where the object or array that the last open/more call closed ends (just past it). */
  protected after = 0;

  /**
   * Members of an object at `j` ('{'): the index of the first member's value (its name in
   * keyFrom/keyTo), -2 when the object is empty (`after` past it), -1 when malformed. `more`
   * goes on from the end of a value. No callback per member: no closure per object either.
   */
  protected open(j: number): number {
    const k = this.ws(j + 1);
    if (k < 0) return -1;
    const c = this.b[k];
    if (c === RBRACE) {
      this.after = k + 1;
      return -2;
    }
    return c === Q ? this.member(k) : -1;
  }

  protected more(e: number): number {
    const k = this.ws(e);
    if (k < 0) return -1;
    const c = this.b[k];
    if (c === RBRACE) {
      this.after = k + 1;
      return -2;
    }
    if (c !== COMMA) return -1;
    const m = this.ws(k + 1);
    return m >= 0 && this.b[m] === Q ? this.member(m) : -1;
  }

  /** Elements of an array at `j` ('[') that must be objects: the first '{', -2 (empty), -1. */
  protected openList(j: number): number {
    const k = this.ws(j + 1);
    if (k < 0) return -1;
    const c = this.b[k];
    if (c === RBRACK) {
      this.after = k + 1;
      return -2;
    }
    return c === LBRACE ? k : -1;
  }

  protected moreList(e: number): number {
    const k = this.ws(e);
    if (k < 0) return -1;
    const c = this.b[k];
    if (c === RBRACK) {
      this.after = k + 1;
      return -2;
    }
    if (c !== COMMA) return -1;
    const m = this.ws(k + 1);
    return m >= 0 && this.b[m] === LBRACE ? m : -1;
  }
}
