// Span ID → index without a Map: building a Map of 100,000 fresh strings costs several times
// more than an open-addressing table over an Int32Array (hashing plus one entry per span).
// The usual ID (16 lowercase hex characters, as the decoders normalise them) is kept as two
// 32-bit words beside the table, so a probe compares integers and never touches the span or
// its ID string: at a million spans those memory reads were most of the lookup's time.
import type { Span } from "../model/trace";

/** FNV-1a over the last 8 characters (for IDs that are not 16 hex characters). */
function hashString(id: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = Math.max(0, id.length - 8); i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Eight lowercase hex characters at `from` as an int32, or undefined. */
function word(id: string, from: number): number | undefined {
  let v = 0;
  for (let i = from; i < from + 8; i++) {
    const d = hexDigit(id.charCodeAt(i));
    if (d < 0) return undefined;
    v = (v << 4) | d;
  }
  return v;
}

/** murmur3's finaliser: every input bit reaches the low bits the table's mask keeps. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A seed per process: span IDs come from the backend, and with a fixed hash a crafted trace
 * could put every ID in one probe chain (quadratic); with an unknown seed it cannot aim.
 */
const SEED = (Math.random() * 2 ** 32) >>> 0;
const mix = (hi: number, lo: number) => fmix(fmix(hi ^ SEED) ^ lo) >>> 0;

/** Span ID → first index with that ID (-1 when absent). */
export function idTable(spans: readonly Span[]): (id: string) => number {
  const n = spans.length;
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  const mask = cap - 1;
  const slots = new Int32Array(cap).fill(-1);
  const his = new Int32Array(n);
  const los = new Int32Array(n);
  const packed = new Uint8Array(n);
  let hi = 0;
  let lo = 0;
  /** Splits `id` into hi/lo when it is 16 hex characters. */
  const pack = (id: string): boolean => {
    if (id.length !== 16) return false;
    const h = word(id, 0);
    const l = h === undefined ? undefined : word(id, 8);
    if (h === undefined || l === undefined) return false;
    hi = h;
    lo = l;
    return true;
  };
  const find = (id: string, insertAs: number): number => {
    const isPacked = pack(id);
    let h = (isPacked ? mix(hi, lo) : hashString(id)) & mask;
    for (;;) {
      const at = slots[h]!;
      if (at < 0) {
        if (insertAs >= 0) {
          slots[h] = insertAs;
          if (isPacked) {
            his[insertAs] = hi;
            los[insertAs] = lo;
            packed[insertAs] = 1;
          }
        }
        return -1;
      }
      if (isPacked) {
        if (packed[at] === 1 && his[at] === hi && los[at] === lo) return at;
      } else if (packed[at] === 0 && spans[at]!.spanId === id) return at;
      h = (h + 1) & mask;
    }
  };
  // A duplicate ID finds the first one and is not inserted: the first one wins.
  for (let i = 0; i < n; i++) find(spans[i]!.spanId, i);
  return (id) => find(id, -1);
}

/**
 * The same table over a SpanTable's ID columns (IDs of 16 hex digits as two words; others by
 * their string): index of the first span with the ID, -1 when absent.
 */
export interface WordIdTable {
  /** The span whose ID is the packed hi/lo. */
  words(hi: number, lo: number): number;
  /** The span with an ID given as a string (any form). */
  string(id: string): number;
}

function idTableSlots(n: number): number {
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  return cap;
}

/** Bytes idTableOfWords uses for n spans. */
export const idTableBytes = (n: number) => idTableSlots(n) * 16;

export function idTableOfWords(
  n: number,
  his: Int32Array,
  los: Int32Array,
  packed: Uint8Array,
  idOf: (i: number) => string,
  /** Memory to build the table in when it is big enough (idTableBytes(n)); else a new one. */
  scratch?: ArrayBuffer,
): WordIdTable {
  const cap = idTableSlots(n);
  const mask = cap - 1;
  // Slot h is table[4h .. 4h+3]: the span's index (-1: empty) and its packed ID beside it, so
  // a probe reads one cache line (at a million spans, the separate arrays cost three misses).
  const table =
    scratch && scratch.byteLength >= cap * 16 ? new Int32Array(scratch, 0, cap * 4) : new Int32Array(cap * 4);
  for (let h = 0; h < cap; h++) {
    table[4 * h] = -1;
    table[4 * h + 3] = 0;
  }
  const probe = (hi: number, lo: number, insertAs: number): number => {
    let h = mix(hi, lo) & mask;
    for (;;) {
      const at = table[4 * h]!;
      if (at < 0) {
        if (insertAs >= 0) {
          table[4 * h] = insertAs;
          table[4 * h + 1] = hi;
          table[4 * h + 2] = lo;
          table[4 * h + 3] = 1;
        }
        return -1;
      }
      if (table[4 * h + 3] === 1 && table[4 * h + 1] === hi && table[4 * h + 2] === lo) return at;
      h = (h + 1) & mask;
    }
  };
  const probeString = (id: string, insertAs: number): number => {
    let h = hashString(id) & mask;
    for (;;) {
      const at = table[4 * h]!;
      if (at < 0) {
        if (insertAs >= 0) table[4 * h] = insertAs; // [4h + 3] stays 0: not packed
        return -1;
      }
      if (table[4 * h + 3] === 0 && idOf(at) === id) return at;
      h = (h + 1) & mask;
    }
  };
  for (let i = 0; i < n; i++) {
    if (packed[i] === 1) probe(his[i]!, los[i]!, i);
    else probeString(idOf(i), i);
  }
  return {
    words: (hi, lo) => probe(hi, lo, -1),
    string: (id) => {
      if (id.length === 16) {
        const h = word(id, 0);
        const l = h === undefined ? undefined : word(id, 8);
        if (h !== undefined && l !== undefined) return probe(h, l, -1);
      }
      return probeString(id, -1);
    },
  };
}
