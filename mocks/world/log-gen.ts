// Log lines by slot arithmetic. A generator owns a grid of slots (width W from an origin);
// slot k emits counts[k mod C] lines, all within [slotStart, slotStart + maxLag). Ranges
// are answered by visiting only the slots that can overlap them, and counts come from a
// per-cycle prefix table plus the few slots near the edges.
import type { LokiEntry } from "../sources";

export interface GenLine {
  /** Microseconds since the epoch (integer). The Loki ns is tUs·1000 + index in slot. */
  tUs: number;
  line: string;
}

export interface LineGen {
  originMs: number;
  widthMs: number;
  maxLagMs: number;
  /** Lines per slot, by k mod counts.length. */
  counts: Int32Array;
  /** The line times of slot k (length = count(k)), without building text. */
  times(k: number): number[];
  lines(k: number): GenLine[];
}

/** A generator restricted to slots kMin…kMax (a container's lifetime). */
export interface BoundGen {
  gen: LineGen;
  kMin: number;
  kMax: number;
}

interface Prefix {
  cum: Float64Array;
  total: number;
}
const prefixes = new WeakMap<Int32Array, Prefix>();

function prefixOf(counts: Int32Array): Prefix {
  let p = prefixes.get(counts);
  if (!p) {
    const cum = new Float64Array(counts.length + 1);
    for (let i = 0; i < counts.length; i++) cum[i + 1] = (cum[i] ?? 0) + (counts[i] ?? 0);
    p = { cum, total: cum[counts.length] ?? 0 };
    prefixes.set(counts, p);
  }
  return p;
}

/** Lines in slots [0, k) (k may be negative: counts relative to slot 0). */
export function linesBeforeSlot(counts: Int32Array, k: number): number {
  const c = counts.length;
  const { cum, total } = prefixOf(counts);
  const cycles = Math.floor(k / c);
  return cycles * total + (cum[k - cycles * c] ?? 0);
}

export function slotAtMs(g: LineGen, tMs: number): number {
  return Math.floor((tMs - g.originMs) / g.widthMs);
}

/** A nanosecond bound split so it compares exactly with (tUs, index). */
export interface NsBound {
  us: number;
  rem: number;
}

export function nsBound(ns: bigint): NsBound {
  const us = ns / 1000n;
  return { us: Number(us), rem: Number(ns - us * 1000n) };
}

function before(tUs: number, i: number, b: NsBound): boolean {
  return tUs < b.us || (tUs === b.us && i < b.rem);
}

/** Number of lines with ns < x. */
export function countBefore(bg: BoundGen, x: NsBound): number {
  const g = bg.gen;
  const xMs = Math.floor(x.us / 1000);
  // Slots whose whole lag window ends at or before xMs are complete.
  const kFull = Math.min(bg.kMax, slotAtMs(g, xMs - g.maxLagMs));
  let n = 0;
  if (kFull >= bg.kMin) n += linesBeforeSlot(g.counts, kFull + 1) - linesBeforeSlot(g.counts, bg.kMin);
  const kLast = Math.min(bg.kMax, slotAtMs(g, xMs));
  for (let k = Math.max(bg.kMin, kFull + 1); k <= kLast; k++) {
    const ts = g.times(k);
    for (let i = 0; i < ts.length; i++) if (before(ts[i] ?? 0, i, x)) n++;
  }
  return n;
}

export function countIn(gens: BoundGen[], from: bigint, to: bigint): number {
  if (to <= from) return 0;
  const a = nsBound(from);
  const b = nsBound(to);
  let n = 0;
  for (const g of gens) n += countBefore(g, b) - countBefore(g, a);
  return n;
}

function nsOf(tUs: number, i: number): string {
  const s = i < 10 ? `${tUs}00${i}` : i < 100 ? `${tUs}0${i}` : `${tUs}${i}`;
  s.charCodeAt(0);
  return s;
}

/** Decimal ns strings compare numerically by (length, text). */
export function compareNs(a: LokiEntry, b: LokiEntry): number {
  if (a.ns.length !== b.ns.length) return a.ns.length - b.ns.length;
  return a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
}

/** Lines of all generators with from ≤ ns < to, oldest first. */
function collect(gens: BoundGen[], from: NsBound, to: NsBound): LokiEntry[] {
  const out: LokiEntry[] = [];
  const fromMs = Math.floor(from.us / 1000);
  const toMs = Math.floor(to.us / 1000);
  for (const bg of gens) {
    const g = bg.gen;
    const k0 = Math.max(bg.kMin, slotAtMs(g, fromMs - g.maxLagMs));
    const k1 = Math.min(bg.kMax, slotAtMs(g, toMs));
    for (let k = k0; k <= k1; k++) {
      const start = g.originMs + k * g.widthMs;
      // Slots whose whole lag window lies inside the range need no per-line check.
      const inside = start > fromMs && start + g.maxLagMs <= toMs;
      if (!inside) {
        const ts = g.times(k);
        let any = false;
        for (let i = 0; i < ts.length && !any; i++) {
          const t = ts[i] ?? 0;
          any = !before(t, i, from) && before(t, i, to);
        }
        if (!any) continue;
      }
      const ls = g.lines(k);
      for (let i = 0; i < ls.length; i++) {
        const l = ls[i];
        if (l && (inside || (!before(l.tUs, i, from) && before(l.tUs, i, to)))) {
          // Flatten the template-built rope now: kept as a rope it costs ~4x the memory.
          l.line.charCodeAt(0);
          out.push({ ns: nsOf(l.tUs, i), line: l.line });
        }
      }
    }
  }
  return out.sort(compareNs);
}

const CHUNK_US = 120_000_000;

/** Lazily, chunk by chunk, so a backward query with a small limit over days stops early. */
export function* walk(
  gens: BoundGen[],
  from: bigint,
  to: bigint,
  direction: "forward" | "backward",
): Generator<LokiEntry> {
  if (to <= from) return;
  const a = nsBound(from);
  const b = nsBound(to);
  if (direction === "forward") {
    for (let c = a.us; c < b.us || (c === b.us && b.rem > 0); c += CHUNK_US) {
      const lo = c === a.us ? a : { us: c, rem: 0 };
      const hiUs = c + CHUNK_US;
      const hi = hiUs > b.us ? b : { us: hiUs, rem: 0 };
      yield* collect(gens, lo, hi);
    }
    return;
  }
  for (let c = b.us; c > a.us || (c === a.us && b.us === a.us); c -= CHUNK_US) {
    const hi = c === b.us ? b : { us: c, rem: 0 };
    const loUs = c - CHUNK_US;
    const lo = loUs <= a.us ? a : { us: loUs, rem: 0 };
    const chunk = collect(gens, lo, hi);
    for (let i = chunk.length - 1; i >= 0; i--) {
      const e = chunk[i];
      if (e) yield e;
    }
    if (lo === a) return;
  }
}

export function entriesIn(gens: BoundGen[], from: bigint, to: bigint): LokiEntry[] {
  if (to <= from) return [];
  return collect(gens, nsBound(from), nsBound(to));
}
