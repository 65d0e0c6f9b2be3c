// Kubernetes resource quantities ("500m", "128Mi", "1.5", "2e3", "1G") → numbers. Linear,
// no regex backtracking; an unreadable value yields undefined rather than a wrong number.
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY_RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

export function parseQuantity(v: string | number | undefined | null): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  const s = v.trim();
  if (s.length > 64) return undefined;
  const m = QUANTITY_RE.exec(s);
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2] !== undefined) return base * 10 ** Number(m[2]);
  const mult = SUFFIX[m[3] ?? ""];
  if (mult === undefined) return undefined;
  // Divide for the small suffixes so 500m is exactly 0.5.
  return mult < 1 ? base / Math.round(1 / mult) : base * mult;
}
