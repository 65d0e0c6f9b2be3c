// A streaming JSON scanner over UTF-8 bytes: it takes the body chunk by chunk as it arrives
// and reports tokens (SAX style) to a handler, so a decoder can build only what it keeps and
// never holds the whole body, a whole-body string or a JSON object tree. Linear time: every
// byte is looked at once (a token cut by a chunk boundary resumes where it stopped, nothing is
// re-scanned), and memory is bounded by the string cap and the nesting cap, whatever the input.
//
// Strings longer than `maxStringChars` are cut to that length plus "…" (counted in
// `truncatedStrings`); malformed input throws JsonStreamError with the byte offset.

export interface JsonHandler {
  openObject(): void;
  closeObject(): void;
  openArray(): void;
  closeArray(): void;
  key(k: string): void;
  string(s: string): void;
  number(n: number): void;
  bool(b: boolean): void;
  null(): void;
}

export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonStreamError";
  }
}

export interface JsonStreamOptions {
  /** Longer strings are cut (a 10 MB attribute value costs 10 MB of scanning, not of memory). */
  maxStringChars?: number;
  /** Deeper nesting is an error (hostile input must not grow the stack without bound). */
  maxDepth?: number;
}

export const DEFAULT_MAX_STRING_CHARS = 64 * 1024;
const DEFAULT_MAX_DEPTH = 256;
const MAX_NUMBER_CHARS = 400;

// Parser states: what may come next.
const S_VALUE = 0;
const S_KEY_OR_END = 1; // after '{'
const S_KEY = 2; // after ',' in an object
const S_COLON = 3;
const S_OBJ_NEXT = 4; // after a member value: ',' or '}'
const S_VALUE_OR_END = 5; // after '['
const S_ARR_NEXT = 6; // after an element: ',' or ']'
const S_DONE = 7;

// Token cut by a chunk boundary.
const T_NONE = 0;
const T_STRING = 1;
const T_NUMBER = 2;
const T_LITERAL = 3;

const IN_OBJECT = 1;
const IN_ARRAY = 2;

const INTERN_MAX = 32;
const INTERN_SIZE = 4096;

const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

type Latin1 = Uint8Array & { latin1Slice?: (a: number, b: number) => string };

function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

const show = (c: number) =>
  c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16)}`;

export class JsonStreamScanner {
  private state = S_VALUE;
  private readonly stack: Uint8Array;
  private depth = 0;
  /** Bytes consumed before the current chunk. */
  private base = 0;
  private tok = T_NONE;
  private tokIsKey = false;
  // String in progress (slow path): decoded text so far + raw UTF-8 bytes not yet decoded.
  private acc = "";
  private sb = new Uint8Array(1024);
  private sbLen = 0;
  private chars = 0;
  private cut = false;
  private esc = 0; // 0 none, 1 after '\', 2..5 reading \uXXXX digits
  private uval = 0;
  // Number / literal in progress.
  private numText = "";
  private lit = "";
  private litPos = 0;
  private readonly interned: (string | undefined)[] = new Array(INTERN_SIZE);
  private readonly maxChars: number;
  private readonly maxDepth: number;
  private seen = false;
  truncatedStrings = 0;
  /** Absolute byte offset of the last '{', '[', '}' or ']' reported (valid inside those callbacks). */
  mark = 0;
  /**
   * A handler's fast path for the objects of one array: at a '{' whose innermost open container
   * is the array at depth `fastDepth`, `fast(chunk, at)` may read the whole object itself and
   * return the index just past its '}' (the handler is told nothing about it), or return -1 to
   * have it scanned token by token as usual.
   */
  fast: ((chunk: Buffer, at: number) => number) | undefined;
  fastDepth = -1;

  constructor(
    private readonly h: JsonHandler,
    opts: JsonStreamOptions = {},
  ) {
    this.maxChars = opts.maxStringChars ?? DEFAULT_MAX_STRING_CHARS;
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.stack = new Uint8Array(this.maxDepth + 1);
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.base;
  }

  /** Containers open now (inside a handler's openArray: counting the one just opened). */
  get nesting(): number {
    return this.depth;
  }

  /** Has any non-whitespace byte arrived? */
  get started(): boolean {
    return this.seen;
  }

  private fail(msg: string, at: number): never {
    throw new JsonStreamError(`${msg} at byte ${this.base + at}`, this.base + at);
  }

  push(bytes: Uint8Array): void {
    // A Buffer view (no copy), for its fast latin1 slices.
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = chunk.length;
    let i = 0;
    if (this.tok !== T_NONE) i = this.resume(chunk);
    while (i < n) {
      const c = chunk[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      this.seen = true;
      const st = this.state;
      if (st === S_VALUE_OR_END && c === 0x5d) {
        i = this.close(IN_ARRAY, i);
        continue;
      }
      if (st === S_KEY_OR_END && c === 0x7d) {
        i = this.close(IN_OBJECT, i);
        continue;
      }
      switch (st) {
        case S_VALUE_OR_END:
        case S_VALUE:
          if (c === 0x7b) {
            if (this.depth === this.fastDepth && this.fast !== undefined) {
              const j = this.fast(chunk, i);
              if (j > i) {
                this.mark = this.base + j - 1;
                this.afterValue();
                i = j;
                break;
              }
            }
            this.open(IN_OBJECT, i);
            this.h.openObject();
            this.state = S_KEY_OR_END;
            i++;
          } else if (c === 0x5b) {
            this.open(IN_ARRAY, i);
            this.h.openArray();
            this.state = S_VALUE_OR_END;
            i++;
          } else if (c === 0x22) {
            i = this.string(chunk, i + 1, false);
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            i = this.number(chunk, i);
          } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
            this.lit = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
            this.litPos = 0;
            this.tok = T_LITERAL;
            i = this.literal(chunk, i);
          } else if (c === 0x3c && this.depth === 0) {
            this.fail("expected JSON, got HTML", i);
          } else this.fail(`unexpected ${show(c)}`, i);
          break;
        case S_KEY_OR_END:
        case S_KEY:
          if (c !== 0x22) this.fail(`expected a member name, got ${show(c)}`, i);
          i = this.string(chunk, i + 1, true);
          break;
        case S_COLON:
          if (c !== 0x3a) this.fail(`expected ':', got ${show(c)}`, i);
          this.state = S_VALUE;
          i++;
          break;
        case S_OBJ_NEXT:
          if (c === 0x2c) {
            this.state = S_KEY;
            i++;
          } else if (c === 0x7d) i = this.close(IN_OBJECT, i);
          else this.fail(`expected ',' or '}', got ${show(c)}`, i);
          break;
        case S_ARR_NEXT:
          if (c === 0x2c) {
            this.state = S_VALUE;
            i++;
          } else if (c === 0x5d) i = this.close(IN_ARRAY, i);
          else this.fail(`expected ',' or ']', got ${show(c)}`, i);
          break;
        default:
          this.fail(`unexpected ${show(c)} after the end of the JSON value`, i);
      }
    }
    this.base += n;
  }

  /** The body is complete: throws if it stopped inside a value. */
  end(): void {
    if (this.tok === T_NUMBER) this.finishNumber(0);
    if (this.tok === T_STRING)
      throw new JsonStreamError(`truncated: the body ends inside a string (byte ${this.base})`, this.base);
    if (this.tok === T_LITERAL) throw new JsonStreamError(`truncated: the body ends inside ${this.lit}`, this.base);
    if (!this.seen) throw new JsonStreamError("empty body", 0);
    if (this.state !== S_DONE)
      throw new JsonStreamError(
        `truncated: the body ends inside ${this.depth} unclosed ${this.depth === 1 ? "bracket" : "brackets"} (byte ${this.base})`,
        this.base,
      );
  }

  private open(kind: number, at: number): void {
    if (this.depth >= this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`, at);
    this.stack[this.depth++] = kind;
    this.mark = this.base + at;
  }

  private close(kind: number, at: number): number {
    // The state machine only lets '}' / ']' through where the matching container is open.
    this.depth--;
    this.mark = this.base + at;
    if (kind === IN_OBJECT) this.h.closeObject();
    else this.h.closeArray();
    this.afterValue();
    return at + 1;
  }

  private afterValue(): void {
    if (this.depth === 0) this.state = S_DONE;
    else this.state = this.stack[this.depth - 1] === IN_OBJECT ? S_OBJ_NEXT : S_ARR_NEXT;
  }

  private deliverString(s: string): void {
    if (this.tokIsKey) {
      this.h.key(s);
      this.state = S_COLON;
    } else {
      this.h.string(s);
      this.afterValue();
    }
  }

  /** Resume the token the previous chunk ended in; returns where scanning continues. */
  private resume(chunk: Uint8Array): number {
    if (this.tok === T_STRING) return this.slowString(chunk, 0);
    if (this.tok === T_NUMBER) return this.number(chunk, 0);
    return this.literal(chunk, 0);
  }

  /** `from` is just after the opening quote. */
  private string(chunk: Uint8Array, from: number, isKey: boolean): number {
    this.tokIsKey = isKey;
    const n = chunk.length;
    let j = from;
    // Fast path: plain ASCII, no escapes, closed within this chunk.
    let h = 0x811c9dc5;
    while (j < n) {
      const c = chunk[j]!;
      if (c === 0x22 || c === 0x5c || c < 0x20 || c >= 0x80) break;
      h = Math.imul(h ^ c, 0x01000193);
      j++;
    }
    if (j < n && chunk[j] === 0x22) {
      const len = j - from;
      let s: string;
      if (len <= INTERN_MAX) {
        const slot = (h >>> 0) & (INTERN_SIZE - 1);
        const hit = this.interned[slot];
        if (hit !== undefined && hit.length === len && sameAscii(hit, chunk, from)) s = hit;
        else {
          s = ascii(chunk, from, j);
          this.interned[slot] = s;
        }
      } else if (len <= this.maxChars) s = ascii(chunk, from, j);
      else {
        s = `${ascii(chunk, from, from + this.maxChars)}…`;
        this.truncatedStrings++;
      }
      this.deliverString(s);
      return j + 1;
    }
    // Slow path: escapes, non-ASCII, or the chunk ends first.
    this.tok = T_STRING;
    this.acc = "";
    this.sbLen = 0;
    this.chars = 0;
    this.cut = false;
    this.esc = 0;
    this.appendBytes(chunk, from, j);
    return this.slowString(chunk, j);
  }

  private slowString(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let j = from;
    while (j < n) {
      const c = chunk[j]!;
      if (this.esc === 0) {
        if (c === 0x22) {
          this.tok = T_NONE;
          this.deliverString(this.finishString());
          return j + 1;
        }
        if (c === 0x5c) {
          this.esc = 1;
          j++;
          continue;
        }
        if (c < 0x20) this.fail("control character inside a string", j);
        let k = j + 1;
        while (k < n) {
          const d = chunk[k]!;
          if (d === 0x22 || d === 0x5c || d < 0x20) break;
          k++;
        }
        this.appendBytes(chunk, j, k);
        j = k;
      } else if (this.esc === 1) {
        let code: number;
        switch (c) {
          case 0x22:
          case 0x5c:
          case 0x2f:
            code = c;
            break;
          case 0x62:
            code = 8;
            break;
          case 0x66:
            code = 12;
            break;
          case 0x6e:
            code = 10;
            break;
          case 0x72:
            code = 13;
            break;
          case 0x74:
            code = 9;
            break;
          case 0x75:
            this.esc = 2;
            this.uval = 0;
            j++;
            continue;
          default:
            return this.fail(`bad escape \\${String.fromCharCode(c)} in a string`, j);
        }
        this.esc = 0;
        this.appendCode(code);
        j++;
      } else {
        const v = hexValue(c);
        if (v < 0) this.fail("bad \\u escape in a string", j);
        this.uval = this.uval * 16 + v;
        this.esc++;
        j++;
        if (this.esc === 6) {
          this.esc = 0;
          this.appendCode(this.uval);
        }
      }
    }
    return j;
  }

  private appendBytes(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    if (this.cut) return;
    let take = to - from;
    const room = this.maxChars - this.chars;
    if (take > room) {
      take = room;
      this.cut = true;
    }
    if (this.sbLen + take > this.sb.length) {
      let size = this.sb.length * 2;
      while (size < this.sbLen + take) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.sb.subarray(0, this.sbLen));
      this.sb = next;
    }
    this.sb.set(chunk.subarray(from, from + take), this.sbLen);
    this.sbLen += take;
    this.chars += take; // bytes ≥ characters: the cap holds in characters too
  }

  private appendCode(code: number): void {
    if (this.cut) return;
    if (this.chars >= this.maxChars) {
      this.cut = true;
      return;
    }
    this.flushBytes();
    this.acc += String.fromCharCode(code);
    this.chars++;
  }

  private flushBytes(): void {
    if (this.sbLen === 0) return;
    this.acc += Buffer.from(this.sb.buffer, this.sb.byteOffset, this.sbLen).toString("utf8");
    this.sbLen = 0;
  }

  private finishString(): string {
    if (this.cut) {
      // Cut at a character boundary: drop a UTF-8 sequence the cap split.
      let end = this.sbLen;
      let k = end - 1;
      while (k >= 0 && end - k <= 4 && (this.sb[k]! & 0xc0) === 0x80) k--;
      if (k >= 0 && this.sb[k]! >= 0xc0) {
        const need = this.sb[k]! >= 0xf0 ? 4 : this.sb[k]! >= 0xe0 ? 3 : 2;
        if (end - k < need) end = k;
      }
      this.sbLen = end;
      this.flushBytes();
      this.truncatedStrings++;
      const s = `${this.acc}…`;
      this.acc = "";
      return s;
    }
    this.flushBytes();
    const s = this.acc;
    this.acc = "";
    if (this.sb.length > 64 * 1024) this.sb = new Uint8Array(1024); // do not keep a big buffer
    return s;
  }

  private number(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let j = from;
    while (j < n && isNumberByte(chunk[j]!)) j++;
    const part = ascii(chunk, from, j);
    if (this.tok === T_NUMBER) this.numText += part;
    else this.numText = part;
    if (this.numText.length > MAX_NUMBER_CHARS) this.fail("number too long", j);
    if (j === n) {
      this.tok = T_NUMBER;
      return j;
    }
    this.finishNumber(j);
    return j;
  }

  private finishNumber(at: number): void {
    this.tok = T_NONE;
    const t = this.numText;
    if (!NUMBER_RE.test(t)) this.fail(`malformed number ${JSON.stringify(t.slice(0, 40))}`, at);
    this.h.number(Number(t));
    this.afterValue();
  }

  private literal(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let j = from;
    const lit = this.lit;
    while (j < n && this.litPos < lit.length) {
      if (chunk[j] !== lit.charCodeAt(this.litPos)) this.fail(`unexpected ${show(chunk[j]!)} (expected ${lit})`, j);
      this.litPos++;
      j++;
    }
    if (this.litPos === lit.length) {
      this.tok = T_NONE;
      if (lit === "null") this.h.null();
      else this.h.bool(lit === "true");
      this.afterValue();
    }
    return j;
  }
}

function sameAscii(s: string, chunk: Uint8Array, from: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== chunk[from + k]) return false;
  return true;
}

function ascii(chunk: Uint8Array, from: number, to: number): string {
  const b = chunk as Latin1;
  if (typeof b.latin1Slice === "function") return b.latin1Slice(from, to);
  return Buffer.from(chunk.buffer, chunk.byteOffset + from, to - from).toString("latin1");
}
