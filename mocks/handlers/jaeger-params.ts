// Query-parameter parsing shared by the Jaeger v1 and v3 handlers.

/** RFC3339 with any number of fractional digits (Jaeger sends RFC3339Nano) → µs. */
export function rfc3339ToUs(s: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(s.trim());
  if (!m?.[1] || !m[3]) return undefined;
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (!Number.isFinite(base)) return undefined;
  const frac = (m[2] ?? "").padEnd(6, "0").slice(0, 6);
  return base * 1000 + Number(frac);
}

const UNIT_US: Record<string, number> = { ns: 0.001, us: 1, µs: 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };

/** Go time.ParseDuration ("150ms", "1.5s", "1m30s") → µs. */
export function goDurationToUs(s: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  if (t === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * (UNIT_US[m[2] ?? ""] ?? Number.NaN);
    pos = re.lastIndex;
  }
  return pos === t.length && Number.isFinite(total) ? total : undefined;
}

/** A JSON object of string values (v3 query.attributes, v1 tags). */
export function stringMap(s: string | null): Record<string, string> | undefined | "invalid" {
  if (s === null || s === "") return undefined;
  try {
    const v: unknown = JSON.parse(s);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return "invalid";
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) out[k] = String(x);
    return out;
  } catch {
    return "invalid";
  }
}

/** First present parameter among spellings (camelCase since v2.19, snake_case before). */
export function param(q: URLSearchParams, ...names: string[]): string | null {
  for (const n of names) {
    const v = q.get(n);
    if (v !== null) return v;
  }
  return null;
}

export function validTraceIdHex(raw: string): string | undefined {
  const s = raw.toLowerCase();
  return /^[0-9a-f]{1,32}$/.test(s) && !/^0+$/.test(s) ? s.padStart(32, "0") : undefined;
}
