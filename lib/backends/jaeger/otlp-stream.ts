// OTLP/JSON traces decoded from the body's bytes as they arrive (json-stream.ts): Jaeger v3
// `{"result":{"resourceSpans":…}}`, plain OTLP `{"resourceSpans":…}` and Tempo's
// `{"batches":…}`. Each span becomes the model's Span directly: no whole-body string, no
// JSON object tree, no zod pass per span. It accepts what the zod schemas (schemas.ts) accept
// and returns what decodeOtlpTraces returns for the same text (a property test checks both);
// what it rejects names the field path, like the schemas do. Work per byte and per span is
// bounded: strings are cut at `maxStringChars` (the trace gets a warning), nesting is capped.
import { BackendError, type BackendName } from "../../model/errors";
import { type Micros, micros, type NanosString, nanosToMicros } from "../../model/time";
import type { Attributes, AttrValue, Span, SpanEvent, SpanLink, Trace } from "../../model/trace";
import type { DecodeSpec } from "../http";
import { DEFAULT_MAX_STRING_CHARS, type JsonHandler, JsonStreamError, JsonStreamScanner } from "../json-stream";
import { int64, setAttr } from "./attributes";
import { wireSpanId, wireTraceId } from "./ids";
import { nanosDiffToMicros, otlpStatus, spanKindOf } from "./to-model";

// ---------- frames (one per open object/array we are inside) ----------
const F_ROOT = 1;
const F_RESULT = 2;
const F_RSLIST = 3;
const F_RS = 4;
const F_RESOURCE = 5;
const F_ATTRS = 6;
const F_KV = 7;
const F_ANY = 8;
const F_ARRV = 9;
const F_ANYLIST = 10;
const F_KVLV = 11;
const F_SSLIST = 12;
const F_SS = 13;
const F_SCOPE = 14;
const F_SPANS = 15;
const F_SPAN = 16;
const F_EVENTS = 17;
const F_EVENT = 18;
const F_LINKS = 19;
const F_LINK = 20;
const F_STATUS = 21;
const NFRAMES = 22;

// ---------- slots (what the next value is) ----------
const X_SKIP = 0; // unknown member: any value, ignored
const X_ROOT = 1;
const X_RESULT = 2;
const X_RSLIST = 3;
const X_RS = 4;
const X_RESOURCE = 5;
const X_ATTRS = 6;
const X_KV = 7;
const X_KEY = 8;
const X_VALUE = 9; // KeyValue.value
const X_SV = 10;
const X_BV = 11;
const X_IV = 12;
const X_DV = 13;
const X_BYV = 14;
const X_ARRV = 15;
const X_ARRVALUES = 16;
const X_ANY_EL = 17;
const X_KVLV = 18;
const X_KVLVALUES = 19;
const X_SSLIST = 20;
const X_SS = 21;
const X_SCOPE = 22;
const X_SCNAME = 23;
const X_SCVERSION = 24;
const X_SPANS = 25;
const X_SPAN = 26;
const X_TRACEID = 27;
const X_SPANID = 28;
const X_PARENT = 29;
const X_NAME = 30;
const X_KIND = 31;
const X_START = 32;
const X_END = 33;
const X_EVENTS = 34;
const X_EVENT = 35;
const X_ETIME = 36;
const X_ENAME = 37;
const X_LINKS = 38;
const X_LINK = 39;
const X_LTRACE = 40;
const X_LSPAN = 41;
const X_STATUS = 42;
const X_CODE = 43;
const X_SMSG = 44;
const X_BATCHES = 45;

const KEYS = [
  "result",
  "resourceSpans",
  "batches",
  "resource",
  "attributes",
  "key",
  "value",
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "bytesValue",
  "arrayValue",
  "kvlistValue",
  "values",
  "scopeSpans",
  "scope",
  "name",
  "version",
  "spans",
  "traceId",
  "spanId",
  "parentSpanId",
  "kind",
  "startTimeUnixNano",
  "endTimeUnixNano",
  "events",
  "timeUnixNano",
  "links",
  "status",
  "code",
  "message",
] as const;
type Key = (typeof KEYS)[number];
const KEY_CODE = new Map<string, number>(KEYS.map((k, i) => [k, i + 1]));
const NKEYS = KEYS.length + 1;
const MEMBER = new Uint8Array(NFRAMES * NKEYS); // (frame, key) → slot
const member = (f: number, k: Key, slot: number) => {
  MEMBER[f * NKEYS + KEY_CODE.get(k)!] = slot;
};
member(F_ROOT, "result", X_RESULT);
member(F_ROOT, "resourceSpans", X_RSLIST);
member(F_ROOT, "batches", X_BATCHES);
member(F_RESULT, "resourceSpans", X_RSLIST);
member(F_RS, "resource", X_RESOURCE);
member(F_RS, "scopeSpans", X_SSLIST);
member(F_RESOURCE, "attributes", X_ATTRS);
member(F_KV, "key", X_KEY);
member(F_KV, "value", X_VALUE);
member(F_ANY, "stringValue", X_SV);
member(F_ANY, "boolValue", X_BV);
member(F_ANY, "intValue", X_IV);
member(F_ANY, "doubleValue", X_DV);
member(F_ANY, "bytesValue", X_BYV);
member(F_ANY, "arrayValue", X_ARRV);
member(F_ANY, "kvlistValue", X_KVLV);
member(F_ARRV, "values", X_ARRVALUES);
member(F_KVLV, "values", X_KVLVALUES);
member(F_SS, "scope", X_SCOPE);
member(F_SS, "spans", X_SPANS);
member(F_SCOPE, "name", X_SCNAME);
member(F_SCOPE, "version", X_SCVERSION);
member(F_SPAN, "traceId", X_TRACEID);
member(F_SPAN, "spanId", X_SPANID);
member(F_SPAN, "parentSpanId", X_PARENT);
member(F_SPAN, "name", X_NAME);
member(F_SPAN, "kind", X_KIND);
member(F_SPAN, "startTimeUnixNano", X_START);
member(F_SPAN, "endTimeUnixNano", X_END);
member(F_SPAN, "attributes", X_ATTRS);
member(F_SPAN, "events", X_EVENTS);
member(F_SPAN, "links", X_LINKS);
member(F_SPAN, "status", X_STATUS);
member(F_EVENT, "timeUnixNano", X_ETIME);
member(F_EVENT, "name", X_ENAME);
member(F_EVENT, "attributes", X_ATTRS);
member(F_LINK, "traceId", X_LTRACE);
member(F_LINK, "spanId", X_LSPAN);
member(F_LINK, "attributes", X_ATTRS);
member(F_STATUS, "code", X_CODE);
member(F_STATUS, "message", X_SMSG);

/** Array frame → the slot of its elements (0: not an array). */
const ELEMENT = new Uint8Array(NFRAMES);
ELEMENT[F_RSLIST] = X_RS;
ELEMENT[F_ATTRS] = X_KV;
ELEMENT[F_ANYLIST] = X_ANY_EL;
ELEMENT[F_SSLIST] = X_SS;
ELEMENT[F_SPANS] = X_SPAN;
ELEMENT[F_EVENTS] = X_EVENT;
ELEMENT[F_LINKS] = X_LINK;

/** Slots whose value may be null (proto3 JSON: absent). */
const NULLABLE = new Set([
  X_SKIP,
  X_RSLIST,
  X_BATCHES,
  X_RESOURCE,
  X_ATTRS,
  X_VALUE,
  X_ARRVALUES,
  X_KVLVALUES,
  X_SSLIST,
  X_SCOPE,
  X_SPANS,
  X_EVENTS,
  X_LINKS,
  X_STATUS,
]);

// AnyValue members seen (bits of Frame.has).
const H_SV = 1;
const H_BV = 2;
const H_IV = 4;
const H_DV = 8;
const H_BYV = 16;
const H_AV = 32;
const H_KVO = 64;

class Frame {
  t = 0;
  /** Object: the member being read. Array: the element index. */
  kname = "";
  idx = -1;
  /** Which list of resourceSpans (RSLIST): 0 result.resourceSpans, 1 resourceSpans, 2 batches. */
  list = 0;
  target: Attributes | undefined;
  // KeyValue
  k: string | undefined;
  v: AttrValue = null;
  // AnyValue
  has = 0;
  sv = "";
  bv = false;
  iv: string | number = 0;
  dv: string | number = 0;
  byv = "";
  av: AttrValue[] | undefined;
  kvo: Attributes | undefined;
}

const EMPTY_EVENTS: SpanEvent[] = Object.freeze([]) as unknown as SpanEvent[];
const EMPTY_LINKS: SpanLink[] = Object.freeze([]) as unknown as SpanLink[];
export const NO_ATTRS: Attributes = Object.freeze({}) as Attributes;

/** /^[0-9a-f]{16}$/ without the regex call (twice per span). */
function isLowerHex16(s: string): boolean {
  if (s.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** isNanosString (/^\d{1,25}$/) without the regex call (twice per span). */
function isDigits25(s: string): boolean {
  const n = s.length;
  if (n < 1 || n > 25) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
const ZERO_SPAN = "0000000000000000";

class Reject extends Error {}

export interface OtlpStreamOptions {
  backend?: BackendName;
  /** The request, for error messages ("GET /api/v3/traces/{id}"). */
  what: string;
  /** "jaeger": `result.resourceSpans` or `resourceSpans`; "tempo": `batches` or `resourceSpans`. */
  shape?: "jaeger" | "tempo";
  maxStringChars?: number;
  /** More spans than this is "too large" (the decoded spans are what takes memory). */
  maxSpans?: number;
}

/** Twice the million-span trace the bench opens: beyond it the heap, not the body, is the limit. */
export const DEFAULT_MAX_SPANS = 2_000_000;

/** Feed chunks with push(), then end() returns the traces (grouped by trace ID, first seen first). */
export class OtlpStreamDecoder implements JsonHandler {
  protected readonly scanner: JsonStreamScanner;
  protected frames: Frame[] = [];
  protected top = -1;
  protected slot = X_ROOT;
  protected skip = 0;
  protected head = new Uint8Array(0);
  // Output: one map per list of resourceSpans (see Frame.list).
  protected readonly out = [new Map<string, Trace>(), new Map<string, Trace>(), new Map<string, Trace>()];
  protected readonly listSeen = [false, false, false];
  protected list = 0;
  protected lastTrace: Trace | undefined;
  protected lastTraceList = -1;
  protected lastRawTraceId = "";
  protected lastTraceId = "";
  // ResourceSpans being read.
  protected rsResource: Attributes | undefined;
  protected rsResourceDone = false;
  protected rsService = "";
  protected rsPending: Span[] | undefined;
  // ScopeSpans being read.
  protected ssScope: Attributes = NO_ATTRS;
  protected ssScopeDone = false;
  protected ssPending: Span[] | undefined;
  protected scName: string | undefined;
  protected scVersion: string | undefined;
  // Span being read.
  protected sTrace: string | undefined;
  protected sSpan: string | undefined;
  protected sParent: string | undefined;
  protected sName: string | undefined;
  protected sKind: number | string | undefined;
  protected sStart: NanosString = "0" as NanosString;
  protected sEnd: NanosString = "0" as NanosString;
  protected sAttrs: Attributes | undefined;
  protected sEvents: SpanEvent[] | undefined;
  protected sLinks: SpanLink[] | undefined;
  protected sCode: number | string | undefined;
  protected sMsg: string | undefined;
  // Event / link being read.
  protected eTime: NanosString = "0" as NanosString;
  protected eName: string | undefined;
  protected eAttrs: Attributes = NO_ATTRS;
  protected lTrace: string | undefined;
  protected prevAttrs: Attributes | undefined;
  protected lSpan: string | undefined;
  spans = 0;

  constructor(protected readonly opts: OtlpStreamOptions) {
    this.scanner = new JsonStreamScanner(this, {
      maxStringChars: opts.maxStringChars ?? DEFAULT_MAX_STRING_CHARS,
    });
  }

  push(chunk: Uint8Array): void {
    if (this.head.length < 160) {
      const h = new Uint8Array(Math.min(160, this.head.length + chunk.length));
      h.set(this.head);
      h.set(chunk.subarray(0, h.length - this.head.length), this.head.length);
      this.head = h;
    }
    try {
      this.scanner.push(chunk);
    } catch (err) {
      throw this.wrap(err);
    }
  }

  end(): Trace[] {
    try {
      this.scanner.end();
    } catch (err) {
      throw this.wrap(err);
    }
    const traces = [...this.out[this.pickList()]!.values()];
    const cut = this.cutWarning();
    if (cut) for (const t of traces) t.warnings.push(cut);
    return traces;
  }

  /** Which list of resourceSpans is the answer (see Frame.list); throws when there is none. */
  protected pickList(): number {
    const tempo = this.opts.shape === "tempo";
    let pick: number;
    if (tempo) pick = this.listSeen[2] ? 2 : this.listSeen[1] ? 1 : -1;
    else pick = this.listSeen[0] ? 0 : this.listSeen[1] && !this.resultSeen ? 1 : -1;
    if (pick < 0)
      throw this.error(
        tempo ? "expected Tempo's `batches` (or OTLP `resourceSpans`)" : "expected an array (OTLP traces)",
        tempo ? "batches" : this.resultSeen ? "result.resourceSpans" : "resourceSpans",
      );
    return pick;
  }

  /** The warning for strings cut at maxStringChars, if any were. */
  protected cutWarning(): string | undefined {
    const cut = this.scanner.truncatedStrings;
    if (cut === 0) return undefined;
    const max = this.opts.maxStringChars ?? DEFAULT_MAX_STRING_CHARS;
    return `${cut} ${cut === 1 ? "value was" : "values were"} longer than ${max} characters and ${cut === 1 ? "was" : "were"} cut (marked …)`;
  }

  // Hooks for a decoder that keeps columns instead of Span objects (otlp-columns.ts).
  protected rsOpened(): void {}
  protected rsClosed(): void {}
  protected ssOpened(): void {}
  protected ssClosed(): void {}
  protected spanOpened(): void {}
  /** A `spans` array opened (its elements are the next values) / closed. */
  protected spansOpened(): void {}
  protected spansClosed(): void {}

  protected resultSeen = false;

  // ---------- errors ----------

  protected path(upTo = this.top, field?: string): string {
    let p = "";
    for (let i = 0; i <= upTo; i++) {
      const f = this.frames[i]!;
      if (ELEMENT[f.t]) p += `.${f.idx}`;
      else if (f.kname && (i < upTo || field === undefined)) p += p ? `.${f.kname}` : f.kname;
    }
    if (field !== undefined) p += p ? `.${field}` : field;
    return p;
  }

  protected error(msg: string, path?: string): BackendError {
    const what = this.opts.what;
    return new BackendError(
      this.opts.backend ?? "jaeger",
      "parse",
      `${what}: ${path ? `unexpected response at ${path}: ` : ""}${msg}`,
    );
  }

  protected reject(msg: string, path = this.path()): never {
    throw new Reject(`unexpected response at ${path || "(root)"}: ${msg}`);
  }

  protected wrap(err: unknown): unknown {
    const what = this.opts.what;
    const backend = this.opts.backend ?? "jaeger";
    if (err instanceof Reject) return new BackendError(backend, "parse", `${what}: ${err.message}`, { cause: err });
    if (err instanceof JsonStreamError) {
      const text = Buffer.from(this.head).toString("utf8");
      const looksHtml = /^\s*</.test(text);
      const excerpt = text.slice(0, 120).replace(/\s+/g, " ");
      if (looksHtml || (err.offset === 0 && !this.scanner.started))
        return new BackendError(
          backend,
          "parse",
          `${what}: expected JSON, got ${looksHtml ? "HTML" : "text"}${excerpt ? `: ${JSON.stringify(excerpt)}` : " (empty body)"}`,
          { cause: err },
        );
      const where = this.top >= 0 ? ` (in ${this.path()})` : "";
      return new BackendError(backend, "parse", `${what}: malformed JSON: ${err.message}${where}`, { cause: err });
    }
    return err;
  }

  // ---------- frames ----------

  protected pushFrame(t: number): Frame {
    const i = ++this.top;
    let f = this.frames[i];
    if (!f) {
      f = new Frame();
      this.frames[i] = f;
    }
    f.t = t;
    f.kname = "";
    f.idx = -1;
    return f;
  }

  /** The slot of the value that starts now. */
  protected next(): number {
    if (this.top < 0) return this.slot;
    const f = this.frames[this.top]!;
    const el = ELEMENT[f.t]!;
    if (el) {
      f.idx++;
      return el;
    }
    return this.slot;
  }

  protected typeError(slot: number, got: string): never {
    const want =
      slot === X_ROOT ||
      slot === X_RESULT ||
      slot === X_RS ||
      slot === X_KV ||
      slot === X_ANY_EL ||
      slot === X_ARRV ||
      slot === X_KVLV ||
      slot === X_SS ||
      slot === X_SPAN ||
      slot === X_EVENT ||
      slot === X_LINK ||
      slot === X_RESOURCE ||
      slot === X_SCOPE ||
      slot === X_STATUS ||
      slot === X_VALUE
        ? "an object"
        : slot === X_RSLIST ||
            slot === X_BATCHES ||
            slot === X_ATTRS ||
            slot === X_ARRVALUES ||
            slot === X_KVLVALUES ||
            slot === X_SSLIST ||
            slot === X_SPANS ||
            slot === X_EVENTS ||
            slot === X_LINKS
          ? "an array"
          : slot === X_BV
            ? "a boolean"
            : slot === X_KIND || slot === X_CODE
              ? "an integer or an enum name"
              : slot === X_START || slot === X_END || slot === X_ETIME
                ? "nanoseconds as a decimal string"
                : slot === X_IV || slot === X_DV
                  ? "a number or a string"
                  : "a string";
    return this.reject(`expected ${want}, got ${got}`);
  }

  // ---------- JsonHandler ----------

  key(k: string): void {
    if (this.skip > 0) return;
    const f = this.frames[this.top]!;
    f.kname = k;
    const code = KEY_CODE.get(k);
    this.slot = code === undefined ? X_SKIP : MEMBER[f.t * NKEYS + code]!;
  }

  openObject(): void {
    if (this.skip > 0) {
      this.skip++;
      return;
    }
    const slot = this.next();
    switch (slot) {
      case X_SKIP:
        this.skip = 1;
        return;
      case X_ROOT:
        this.pushFrame(F_ROOT);
        return;
      case X_RESULT:
        this.resultSeen = true;
        this.pushFrame(F_RESULT);
        return;
      case X_RS:
        this.pushFrame(F_RS);
        this.rsResource = undefined;
        this.rsResourceDone = false;
        this.rsService = "";
        this.rsPending = undefined;
        this.rsOpened();
        return;
      case X_RESOURCE:
        this.pushFrame(F_RESOURCE);
        this.rsResource = {};
        return;
      case X_KV: {
        const f = this.pushFrame(F_KV);
        f.k = undefined;
        f.v = null;
        return;
      }
      case X_VALUE:
      case X_ANY_EL: {
        const f = this.pushFrame(F_ANY);
        f.has = 0;
        f.av = undefined;
        f.kvo = undefined;
        return;
      }
      case X_ARRV:
        this.pushFrame(F_ARRV).av = [];
        return;
      case X_KVLV:
        this.pushFrame(F_KVLV).target = {};
        return;
      case X_SS:
        this.pushFrame(F_SS);
        this.ssScope = NO_ATTRS;
        this.ssScopeDone = false;
        this.ssPending = undefined;
        this.ssOpened();
        return;
      case X_SCOPE:
        this.pushFrame(F_SCOPE);
        this.scName = undefined;
        this.scVersion = undefined;
        return;
      case X_SPAN:
        this.pushFrame(F_SPAN);
        this.sTrace = undefined;
        this.sSpan = undefined;
        this.sParent = undefined;
        this.sName = undefined;
        this.sKind = undefined;
        this.sStart = "0" as NanosString;
        this.sEnd = "0" as NanosString;
        this.sAttrs = undefined;
        this.sEvents = undefined;
        this.sLinks = undefined;
        this.sCode = undefined;
        this.sMsg = undefined;
        this.spanOpened();
        return;
      case X_EVENT:
        this.pushFrame(F_EVENT);
        this.eTime = "0" as NanosString;
        this.eName = undefined;
        this.eAttrs = {};
        return;
      case X_LINK:
        this.pushFrame(F_LINK);
        this.lTrace = undefined;
        this.lSpan = undefined;
        return;
      case X_STATUS:
        this.pushFrame(F_STATUS);
        return;
      default:
        this.typeError(slot, "an object");
    }
  }

  openArray(): void {
    if (this.skip > 0) {
      this.skip++;
      return;
    }
    const slot = this.next();
    switch (slot) {
      case X_SKIP:
        this.skip = 1;
        return;
      case X_RSLIST:
      case X_BATCHES: {
        const parent = this.frames[this.top]!;
        const list = slot === X_BATCHES ? 2 : parent.t === F_RESULT ? 0 : 1;
        this.listSeen[list] = true;
        this.pushFrame(F_RSLIST).list = list;
        this.list = list;
        return;
      }
      case X_ATTRS: {
        const parent = this.frames[this.top]!;
        let target: Attributes;
        switch (parent.t) {
          case F_RESOURCE:
            target = this.rsResource!;
            break;
          case F_SPAN:
            target = this.spanAttrs();
            break;
          case F_EVENT:
            target = this.eAttrs;
            break;
          case F_KVLV:
            target = parent.target!;
            break;
          default:
            target = {}; // link attributes: checked, not kept (as in to-model)
        }
        this.pushFrame(F_ATTRS).target = target;
        return;
      }
      case X_KVLVALUES: {
        const target = this.frames[this.top]!.target!;
        this.pushFrame(F_ATTRS).target = target;
        return;
      }
      case X_ARRVALUES: {
        const av = this.frames[this.top]!.av!;
        this.pushFrame(F_ANYLIST).av = av;
        return;
      }
      case X_SSLIST:
        this.pushFrame(F_SSLIST);
        return;
      case X_SPANS:
        this.pushFrame(F_SPANS);
        this.spansOpened();
        return;
      case X_EVENTS:
        this.sEvents ??= [];
        this.pushFrame(F_EVENTS);
        return;
      case X_LINKS:
        this.sLinks ??= [];
        this.pushFrame(F_LINKS);
        return;
      default:
        this.typeError(slot, "an array");
    }
  }

  closeObject(): void {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    const f = this.frames[this.top]!;
    switch (f.t) {
      case F_KV: {
        if (f.k === undefined) this.reject("expected a string, got nothing", this.path(this.top, "key"));
        setAttr(this.frames[this.top - 1]!.target!, f.k, f.v);
        break;
      }
      case F_ANY: {
        const v = anyValue(f);
        const parent = this.frames[this.top - 1]!;
        if (parent.t === F_KV) parent.v = v;
        else parent.av!.push(v);
        break;
      }
      case F_ARRV: {
        const parent = this.frames[this.top - 1]!;
        parent.av = f.av;
        parent.has |= H_AV;
        break;
      }
      case F_KVLV: {
        const parent = this.frames[this.top - 1]!;
        parent.kvo = f.target;
        parent.has |= H_KVO;
        break;
      }
      case F_SPAN:
        this.finishSpan();
        break;
      case F_EVENT:
        this.sEvents!.push({ time: nanosToMicros(this.eTime), name: this.eName ?? "", attributes: this.eAttrs });
        break;
      case F_LINK:
        if (this.lTrace === undefined) this.reject("expected a string, got nothing", this.path(this.top, "traceId"));
        if (this.lSpan === undefined) this.reject("expected a string, got nothing", this.path(this.top, "spanId"));
        this.sLinks!.push({ traceId: this.lTrace, spanId: this.lSpan, kind: "link" });
        break;
      case F_RESOURCE: {
        this.rsResourceDone = true;
        const svc = this.rsResource!["service.name"];
        this.rsService = typeof svc === "string" ? svc : "";
        break;
      }
      case F_SCOPE: {
        const scope: Attributes = {};
        if (this.scName) scope["otel.scope.name"] = this.scName;
        if (this.scVersion) scope["otel.scope.version"] = this.scVersion;
        this.ssScope = scope;
        this.ssScopeDone = true;
        break;
      }
      case F_SS:
        this.ssClosed();
        if (this.ssPending) {
          const scope = this.ssScope;
          for (const s of this.ssPending) s.attributes = { ...scope, ...s.attributes };
          this.ssPending = undefined;
        }
        break;
      case F_RS:
        this.rsClosed();
        if (this.rsPending) {
          const resource = this.rsResource ?? {};
          const svc = resource["service.name"];
          const service = typeof svc === "string" ? svc : "";
          for (const s of this.rsPending) {
            s.resource = resource;
            s.service = service;
          }
          this.rsPending = undefined;
        }
        break;
    }
    this.top--;
  }

  closeArray(): void {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    if (this.frames[this.top]!.t === F_SPANS) this.spansClosed();
    this.top--;
  }

  string(s: string): void {
    if (this.skip > 0) return;
    const slot = this.next();
    const f = this.frames[this.top]!;
    switch (slot) {
      case X_SKIP:
        return;
      case X_KEY:
        f.k = s;
        return;
      case X_SV:
        f.sv = s;
        f.has |= H_SV;
        return;
      case X_IV:
        f.iv = s;
        f.has |= H_IV;
        return;
      case X_DV:
        f.dv = s;
        f.has |= H_DV;
        return;
      case X_BYV:
        f.byv = s;
        f.has |= H_BYV;
        return;
      case X_SCNAME:
        this.scName = s;
        return;
      case X_SCVERSION:
        this.scVersion = s;
        return;
      case X_TRACEID:
        this.sTrace = this.traceId(s);
        return;
      case X_SPANID:
        this.sSpan = this.spanId(s);
        return;
      case X_PARENT:
        this.sParent = s ? this.spanId(s) : undefined;
        return;
      case X_NAME:
        this.sName = s;
        return;
      case X_KIND:
        this.sKind = s;
        return;
      case X_START:
        this.sStart = this.nanos(s);
        return;
      case X_END:
        this.sEnd = this.nanos(s);
        return;
      case X_ETIME:
        this.eTime = this.nanos(s);
        return;
      case X_ENAME:
        this.eName = s;
        return;
      case X_LTRACE:
        this.lTrace = wireTraceId(s) ?? this.reject(`not a trace id: ${JSON.stringify(s.slice(0, 40))}`);
        return;
      case X_LSPAN:
        this.lSpan = this.spanId(s);
        return;
      case X_CODE:
        this.sCode = s;
        return;
      case X_SMSG:
        this.sMsg = s;
        return;
      default:
        this.typeError(slot, "a string");
    }
  }

  number(n: number): void {
    if (this.skip > 0) return;
    const slot = this.next();
    const f = this.frames[this.top]!;
    switch (slot) {
      case X_SKIP:
        return;
      case X_IV:
        f.iv = n;
        f.has |= H_IV;
        return;
      case X_DV:
        f.dv = n;
        f.has |= H_DV;
        return;
      case X_KIND:
        if (!Number.isInteger(n)) this.typeError(slot, String(n));
        this.sKind = n;
        return;
      case X_CODE:
        if (!Number.isInteger(n)) this.typeError(slot, String(n));
        this.sCode = n;
        return;
      case X_START:
        this.sStart = this.nanosNumber(n, slot);
        return;
      case X_END:
        this.sEnd = this.nanosNumber(n, slot);
        return;
      case X_ETIME:
        this.eTime = this.nanosNumber(n, slot);
        return;
      default:
        this.typeError(slot, `the number ${n}`);
    }
  }

  bool(b: boolean): void {
    if (this.skip > 0) return;
    const slot = this.next();
    if (slot === X_SKIP) return;
    if (slot === X_BV) {
      const f = this.frames[this.top]!;
      f.bv = b;
      f.has |= H_BV;
      return;
    }
    this.typeError(slot, String(b));
  }

  null(): void {
    if (this.skip > 0) return;
    const slot = this.next();
    if (!NULLABLE.has(slot)) this.typeError(slot, "null");
  }

  // ---------- fields ----------

  protected traceId(raw: string): string {
    if (raw === this.lastRawTraceId) return this.lastTraceId;
    const id = wireTraceId(raw) ?? this.reject(`not a trace id: ${JSON.stringify(raw.slice(0, 40))}`);
    this.lastRawTraceId = raw;
    this.lastTraceId = id;
    return id;
  }

  protected spanId(raw: string): string {
    if (raw !== ZERO_SPAN && isLowerHex16(raw)) return raw;
    return wireSpanId(raw) ?? this.reject(`not a span id: ${JSON.stringify(raw.slice(0, 40))}`);
  }

  protected nanos(s: string): NanosString {
    if (!isDigits25(s)) this.reject(`expected nanoseconds as a decimal string, got ${JSON.stringify(s.slice(0, 40))}`);
    return s as NanosString;
  }

  protected nanosNumber(n: number, slot: number): NanosString {
    if (!Number.isInteger(n) || n < 0) this.typeError(slot, String(n));
    return this.nanos(BigInt(n).toString());
  }

  protected spanAttrs(): Attributes {
    // Object.assign onto a literal, not a spread: the spread's object has no room for more
    // properties, and the span's own attribute then cost a slow reshape (6x at 1M spans).
    if (!this.sAttrs) this.sAttrs = this.ssScope === NO_ATTRS ? {} : Object.assign({}, this.ssScope);
    return this.sAttrs;
  }

  /**
   * The previous span's attributes object when it holds the same keys and values: spans of one
   * scope often carry identical small sets, and the model treats attributes as read-only. One
   * object per span fewer for the heap and the GC to carry.
   */
  protected sharedAttrs(attrs: Attributes): Attributes {
    const prev = this.prevAttrs;
    if (prev !== undefined && sameFlat(prev, attrs)) return prev;
    this.prevAttrs = attrs;
    return attrs;
  }

  protected finishSpan(): void {
    if (this.sTrace === undefined) this.reject("expected a string, got nothing", this.path(this.top, "traceId"));
    if (this.sSpan === undefined) this.reject("expected a string, got nothing", this.path(this.top, "spanId"));
    const span: Span = {
      traceId: this.sTrace,
      spanId: this.sSpan,
      parentSpanId: this.sParent,
      service: this.rsService,
      name: this.sName ?? "",
      kind: spanKindOf(this.sKind),
      start: startMicros(this.sStart),
      duration: durationMicros(this.sStart, this.sEnd),
      status: otlpStatus(this.sCode),
      statusMessage: this.sMsg || undefined,
      attributes: this.sharedAttrs(this.spanAttrs()),
      events: this.sEvents ?? EMPTY_EVENTS,
      links: this.sLinks ?? EMPTY_LINKS,
      resource: this.rsResource ?? NO_ATTRS,
    };
    if (!this.rsResourceDone) (this.rsPending ??= []).push(span);
    if (!this.ssScopeDone) (this.ssPending ??= []).push(span);
    let t = this.lastTrace;
    if (!t || this.lastTraceList !== this.list || t.traceId !== span.traceId) {
      const byId = this.out[this.list]!;
      t = byId.get(span.traceId);
      if (!t) {
        t = { traceId: span.traceId, spans: [], warnings: [] };
        byId.set(span.traceId, t);
      }
      this.lastTrace = t;
      this.lastTraceList = this.list;
    }
    t.spans.push(span);
    if (++this.spans > (this.opts.maxSpans ?? DEFAULT_MAX_SPANS)) {
      const max = this.opts.maxSpans ?? DEFAULT_MAX_SPANS;
      throw new BackendError(
        this.opts.backend ?? "jaeger",
        "too-large",
        `${this.opts.what}: more than ${max.toLocaleString("en")} spans, Sightline's limit per answer`,
      );
    }
  }
}

/**
 * The value of the decimal digits s[from, to), or -1 when it is not exact in a double (the
 * caller then takes the string path). Equal to Number(s.slice(from, to)) when exact.
 */
function digitsValue(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/** nanosToMicros without slicing the string (two allocations per span saved). */
export function startMicros(ns: NanosString): Micros {
  const n = ns.length;
  if (n > 3) {
    const whole = digitsValue(ns, 0, n - 3);
    if (whole >= 0) return micros(whole + digitsValue(ns, n - 3, n) / 1e3);
  }
  return nanosToMicros(ns);
}

/** nanosDiffToMicros without slicing the strings (same arithmetic, same result). */
export function durationMicros(start: NanosString, end: NanosString): Micros {
  const a = start.length;
  const b = end.length;
  if (a > 9 && b > 9 && a <= 25 && b <= 25) {
    const sHi = digitsValue(start, 0, a - 9);
    const eHi = digitsValue(end, 0, b - 9);
    if (sHi >= 0 && eHi >= 0) {
      const d = (eHi - sHi) * 1e9 + (digitsValue(end, b - 9, b) - digitsValue(start, a - 9, a));
      if (Number.isSafeInteger(d)) {
        if (d <= 0) return micros(0);
        const us = Math.floor(d / 1000);
        return micros(us + (d - us * 1000) / 1e3);
      }
    }
  }
  return nanosDiffToMicros(start, end);
}

/** Same own keys with the same primitive values (objects and arrays never compare equal). */
function sameFlat(a: Attributes, b: Attributes): boolean {
  let n = 0;
  for (const k in b) {
    const v = b[k];
    if (v !== a[k] || (v !== null && typeof v === "object") || !Object.hasOwn(a, k)) return false;
    n++;
  }
  for (const _ in a) n--;
  return n === 0;
}

function anyValue(f: Frame): AttrValue {
  const has = f.has;
  if (has & H_SV) return f.sv;
  if (has & H_BV) return f.bv;
  if (has & H_IV) return int64(f.iv);
  if (has & H_DV) {
    const d = f.dv;
    if (typeof d === "number") return d;
    const n = Number(d);
    return Number.isFinite(n) ? n : d;
  }
  if (has & H_AV) return f.av!;
  if (has & H_KVO) return f.kvo!;
  if (has & H_BYV) return f.byv;
  return null;
}

/** Decode a whole body at once (tests, and bodies already in memory). */
export function decodeOtlpBytes(body: Uint8Array | readonly Uint8Array[], opts: OtlpStreamOptions): Trace[] {
  const d = new OtlpStreamDecoder(opts);
  if (body instanceof Uint8Array) d.push(body);
  else for (const c of body) d.push(c);
  return d.end();
}

/**
 * The streaming decode of an OTLP answer, for HttpRequest.decode; `cap: "trace"` for one trace
 * by ID (SIGHTLINE_MAX_TRACE_BYTES), none for searches (the per-answer cap).
 */
export function otlpDecode(opts: OtlpStreamOptions, cap?: "trace"): DecodeSpec<Trace[]> {
  return { key: `otlp:${opts.shape ?? "jaeger"}`, sink: () => new OtlpStreamDecoder(opts), cap };
}
