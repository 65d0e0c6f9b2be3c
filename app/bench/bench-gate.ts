// Bench-only pages (npm run bench) exist only when the server runs with SIGHTLINE_BENCH=1.
import { notFound } from "next/navigation";

export function requireBench(): void {
  if (process.env.SIGHTLINE_BENCH !== "1") notFound();
}

export function intParam(v: string | string[] | undefined, dflt: number, min: number, max: number): number {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : dflt;
}
