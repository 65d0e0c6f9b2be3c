// Trace and span ids on the wire: hex from Jaeger (16 or 32 chars), base64 from a few OTLP
// producers (gogo jsonpb on `bytes`, e.g. Tempo). Hex wins when a string could be both.
import { normalizeSpanId, normalizeTraceId } from "../../model/trace-id";

const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

function base64ToHex(s: string): string | undefined {
  if (!BASE64_RE.test(s)) return undefined;
  const hex = Buffer.from(s, "base64").toString("hex");
  return hex || undefined;
}

export function wireTraceId(raw: string): string | undefined {
  return normalizeTraceId(raw) ?? (/[^0-9a-fA-F]/.test(raw) ? mapOpt(base64ToHex(raw), normalizeTraceId) : undefined);
}

export function wireSpanId(raw: string): string | undefined {
  return normalizeSpanId(raw) ?? (/[^0-9a-fA-F]/.test(raw) ? mapOpt(base64ToHex(raw), normalizeSpanId) : undefined);
}

function mapOpt<T, U>(v: T | undefined, f: (x: T) => U | undefined): U | undefined {
  return v === undefined ? undefined : f(v);
}
