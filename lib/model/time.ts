// Branded time units. Every conversion between units lives in this file (DESIGN.md §8.6).
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Millis = Brand<number, "Millis">;
export type Seconds = Brand<number, "Seconds">;
export type Micros = Brand<number, "Micros">;
/** Nanoseconds as a decimal string: exact beyond 2^53 (Loki, OTLP). */
export type NanosString = Brand<string, "NanosString">;

export const millis = (n: number) => n as Millis;
export const seconds = (n: number) => n as Seconds;
export const micros = (n: number) => n as Micros;

export const secondsToMillis = (s: Seconds | number): Millis => Math.round(Number(s) * 1000) as Millis;
export const millisToSeconds = (ms: Millis): Seconds => (ms / 1000) as Seconds;
export const microsToMillis = (us: Micros): Millis => (us / 1000) as Millis;
export const millisToMicros = (ms: Millis): Micros => Math.round(ms * 1000) as Micros;

const NANOS_RE = /^\d{1,25}$/;
export function isNanosString(s: string): s is NanosString {
  return NANOS_RE.test(s);
}
export function asNanosString(s: string): NanosString {
  if (!isNanosString(s)) throw new Error(`not a nanosecond timestamp: ${JSON.stringify(s)}`);
  return s;
}
export function nanosToMillis(ns: NanosString): Millis {
  // Drop the last 6 digits without going through a float so 19-digit values stay exact.
  const s = ns.length > 6 ? ns.slice(0, -6) : "0";
  const frac = ns.length > 6 ? ns.slice(-6) : ns.padStart(6, "0");
  return (Number(s) + Number(frac) / 1e6) as Millis;
}
export function nanosToMicros(ns: NanosString): Micros {
  const s = ns.length > 3 ? ns.slice(0, -3) : "0";
  const frac = ns.length > 3 ? ns.slice(-3) : ns.padStart(3, "0");
  return (Number(s) + Number(frac) / 1e3) as Micros;
}
export function millisToNanos(ms: Millis): NanosString {
  const whole = Math.floor(ms);
  const sub = Math.round((ms - whole) * 1e6);
  return `${BigInt(whole) * 1_000_000n + BigInt(sub)}` as NanosString;
}
/** Compare two nanosecond strings numerically (no precision loss). */
export function compareNanos(a: NanosString, b: NanosString): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
export function rfc3339ToMillis(s: string): Millis | undefined {
  const t = Date.parse(s);
  return Number.isFinite(t) ? (t as Millis) : undefined;
}
export function millisToRfc3339(ms: Millis): string {
  return new Date(ms).toISOString();
}
/** RFC3339 with nanosecond precision, as Jaeger v3 wants (`query.startTimeMin`). */
export function millisToRfc3339Nano(ms: Millis): string {
  return millisToRfc3339(ms).replace(/\.(\d{3})Z$/, ".$1000000Z");
}

/** A closed time range in milliseconds since the epoch. */
export interface TimeRange {
  from: Millis;
  to: Millis;
}
export const rangeDuration = (r: TimeRange): Millis => (r.to - r.from) as Millis;
