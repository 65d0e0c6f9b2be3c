// Attribute values from OTLP AnyValue and Jaeger v1 tags, flattened into one AttrValue shape.
// int64 becomes a number when it fits (as Jaeger v1 JSON does), otherwise it stays a string.
import type { Attributes, AttrValue } from "../../model/trace";
import type { V1KeyValue, WireAnyValue, WireKeyValue } from "./schemas";

export function int64(v: string | number): AttrValue {
  if (typeof v === "number") return v;
  const n = Number(v);
  return /^-?\d+$/.test(v.trim()) && Number.isSafeInteger(n) ? n : v;
}

export function anyValueToAttr(v: WireAnyValue | null | undefined): AttrValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return int64(v.intValue);
  if (v.doubleValue !== undefined) {
    // proto3 JSON spells non-finite doubles "NaN" / "Infinity": keep those as text.
    if (typeof v.doubleValue === "number") return v.doubleValue;
    const n = Number(v.doubleValue);
    return Number.isFinite(n) ? n : v.doubleValue;
  }
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValueToAttr);
  if (v.kvlistValue) return keyValuesToAttrs(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue; // base64, like v1 "binary" tags
  return null;
}

/** `attrs[key] = value`, where a "__proto__" key is an own property, not the prototype. */
export function setAttr(attrs: Attributes, key: string, value: AttrValue): void {
  if (key === "__proto__")
    Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
  else attrs[key] = value;
}

export function keyValuesToAttrs(kvs: readonly WireKeyValue[] | null | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of kvs ?? []) setAttr(out, kv.key, anyValueToAttr(kv.value));
  return out;
}

export function v1TagValue(t: V1KeyValue): AttrValue {
  const v = t.value ?? null;
  if (typeof v === "string" && t.type === "int64") return int64(v);
  return v;
}

export function v1TagsToAttrs(tags: readonly V1KeyValue[] | null | undefined, skip?: ReadonlySet<string>): Attributes {
  const out: Attributes = {};
  for (const t of tags ?? []) if (!skip?.has(t.key)) out[t.key] = v1TagValue(t);
  return out;
}
