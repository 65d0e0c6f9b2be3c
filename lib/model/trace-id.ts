// Trace IDs compare after lowercasing and stripping leading zeros; they are shown and
// queried as 32 hex characters (Jaeger v1 may send 16). See DESIGN.md §3.
const HEX_RE = /^[0-9a-f]{1,32}$/;

export function normalizeTraceId(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  if (!HEX_RE.test(s)) return undefined;
  if (/^0+$/.test(s)) return undefined; // the all-zero ID is invalid in W3C and OTLP
  return s.padStart(32, "0");
}

export function sameTraceId(a: string, b: string): boolean {
  const na = normalizeTraceId(a);
  return na !== undefined && na === normalizeTraceId(b);
}

export function normalizeSpanId(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{1,16}$/.test(s) || /^0+$/.test(s)) return undefined;
  return s.padStart(16, "0");
}
