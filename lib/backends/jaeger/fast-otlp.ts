// A shape check of OTLP/JSON traces written out by hand: for a 100,000-span trace it is ~50x
// cheaper than the zod schema (schemas.ts), whose per-field closures dominated the trace route.
// It accepts only what the schema accepts and returns what the schema would (same transforms:
// hex ids, nanosecond strings, "" parent = root). Anything it does not accept returns
// undefined, and the caller runs the schema, which names the field path in its error, so a
// malformed answer is still rejected with the same clear message.
import { isNanosString, type NanosString } from "../../model/time";
import { wireSpanId, wireTraceId } from "./ids";
import type { OtlpSpan, ResourceSpans, WireAnyValue, WireKeyValue } from "./schemas";

type Rec = Record<string, unknown>;

/** Thrown inside the check; caught at the top, where it means "let zod explain". */
class Reject extends Error {}
const reject = (): never => {
  throw new Reject();
};

const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
/** zod `.optional()`: absent/undefined or the type. */
const optStr = (v: unknown) => v === undefined || typeof v === "string";
const nullish = (v: unknown) => v === undefined || v === null;

function nanos(v: unknown): NanosString {
  if (v === undefined) return "0" as NanosString;
  if (typeof v === "string") return isNanosString(v) ? v : reject();
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) {
    const s = BigInt(v).toString();
    return isNanosString(s) ? s : reject();
  }
  return reject();
}

function anyValue(v: unknown, depth: number): WireAnyValue {
  if (!isRec(v) || depth > 64) return reject();
  if (!optStr(v.stringValue)) reject();
  if (v.boolValue !== undefined && typeof v.boolValue !== "boolean") reject();
  const iv = v.intValue;
  if (iv !== undefined && typeof iv !== "string" && typeof iv !== "number") reject();
  const dv = v.doubleValue;
  if (dv !== undefined && typeof dv !== "string" && typeof dv !== "number") reject();
  if (!optStr(v.bytesValue)) reject();
  if (v.arrayValue !== undefined) {
    if (!isRec(v.arrayValue)) reject();
    const vals = (v.arrayValue as Rec).values;
    if (!nullish(vals)) {
      if (!Array.isArray(vals)) reject();
      for (const x of vals as unknown[]) anyValue(x, depth + 1);
    }
  }
  if (v.kvlistValue !== undefined) {
    if (!isRec(v.kvlistValue)) reject();
    keyValues((v.kvlistValue as Rec).values, depth + 1);
  }
  return v as WireAnyValue;
}

function keyValues(v: unknown, depth = 0): WireKeyValue[] | null | undefined {
  if (nullish(v)) return v as null | undefined;
  if (!Array.isArray(v)) return reject();
  for (const kv of v) {
    if (!isRec(kv) || typeof kv.key !== "string") reject();
    const val = (kv as Rec).value;
    if (!nullish(val)) anyValue(val, depth);
  }
  return v as WireKeyValue[];
}

const enumValue = (v: unknown) =>
  v === undefined || typeof v === "string" || (typeof v === "number" && Number.isInteger(v));

function spanOf(s: unknown, ids: IdCache): OtlpSpan {
  if (!isRec(s)) return reject();
  const traceId = ids.trace(s.traceId);
  const spanId = ids.span(s.spanId);
  let parentSpanId: string | undefined;
  const p = s.parentSpanId;
  if (p !== undefined) {
    if (typeof p !== "string") reject();
    parentSpanId = p ? ids.span(p) : undefined;
  }
  if (!optStr(s.name) || !enumValue(s.kind)) reject();
  const attributes = keyValues(s.attributes);
  let events: OtlpSpan["events"];
  if (nullish(s.events)) events = s.events as null | undefined;
  else {
    if (!Array.isArray(s.events)) reject();
    events = (s.events as unknown[]).map((e) => {
      if (!isRec(e) || !optStr(e.name)) return reject();
      return {
        ...e,
        timeUnixNano: nanos(e.timeUnixNano),
        name: e.name as string | undefined,
        attributes: keyValues(e.attributes),
      };
    });
  }
  let links: OtlpSpan["links"];
  if (nullish(s.links)) links = s.links as null | undefined;
  else {
    if (!Array.isArray(s.links)) reject();
    links = (s.links as unknown[]).map((l) => {
      if (!isRec(l)) return reject();
      return { ...l, traceId: ids.trace(l.traceId), spanId: ids.span(l.spanId), attributes: keyValues(l.attributes) };
    });
  }
  const st = s.status;
  if (!nullish(st) && (!isRec(st) || !enumValue(st.code) || !optStr(st.message))) reject();
  return {
    traceId,
    spanId,
    parentSpanId,
    name: s.name as string | undefined,
    kind: s.kind as number | string | undefined,
    startTimeUnixNano: nanos(s.startTimeUnixNano),
    endTimeUnixNano: nanos(s.endTimeUnixNano),
    attributes,
    events,
    links,
    status: st as OtlpSpan["status"],
  };
}

/** Trace IDs repeat on every span: normalise each distinct raw string once. */
interface IdCache {
  trace(v: unknown): string;
  span(v: unknown): string;
}

function idCache(): IdCache {
  let lastRaw: unknown;
  let lastId = "";
  return {
    trace(v) {
      if (v === lastRaw) return lastId;
      if (typeof v !== "string") return reject();
      const id = wireTraceId(v) ?? reject();
      lastRaw = v;
      lastId = id;
      return id;
    },
    span(v) {
      if (typeof v !== "string") return reject();
      return wireSpanId(v) ?? reject();
    },
  };
}

/**
 * `{"result":{"resourceSpans":[…]}}` or `{"resourceSpans":[…]}` → the resourceSpans exactly
 * as the zod schema would return them, or undefined when anything is off (run the schema).
 */
export function fastResourceSpans(data: unknown): ResourceSpans[] | undefined {
  try {
    if (!isRec(data)) return undefined;
    const root = "result" in data ? data.result : data;
    if (!isRec(root) || !Array.isArray(root.resourceSpans)) return undefined;
    const ids = idCache();
    return root.resourceSpans.map((rs): ResourceSpans => {
      if (!isRec(rs)) return reject();
      const res = rs.resource;
      if (!nullish(res)) {
        if (!isRec(res)) reject();
        keyValues((res as Rec).attributes);
      }
      let scopeSpans: ResourceSpans["scopeSpans"];
      if (nullish(rs.scopeSpans)) scopeSpans = rs.scopeSpans as null | undefined;
      else {
        if (!Array.isArray(rs.scopeSpans)) reject();
        scopeSpans = (rs.scopeSpans as unknown[]).map((ss) => {
          if (!isRec(ss)) return reject();
          const sc = ss.scope;
          if (!nullish(sc) && (!isRec(sc) || !optStr(sc.name) || !optStr(sc.version))) reject();
          let spans: OtlpSpan[] | null | undefined;
          if (nullish(ss.spans)) spans = ss.spans as null | undefined;
          else {
            if (!Array.isArray(ss.spans)) reject();
            const arr = ss.spans as unknown[];
            spans = new Array<OtlpSpan>(arr.length);
            for (let i = 0; i < arr.length; i++) spans[i] = spanOf(arr[i], ids);
          }
          return { ...ss, scope: sc as { name?: string; version?: string } | null | undefined, spans };
        });
      }
      return { ...rs, resource: res as ResourceSpans["resource"], scopeSpans };
    });
  } catch (err) {
    if (err instanceof Reject) return undefined;
    throw err;
  }
}
