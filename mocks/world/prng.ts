// Small, fast, seeded hashing. Every "random" choice in the demo world is a hash of
// (seed, tag, slot…) so any instant can be recomputed without replaying history.

/** murmur3 finaliser: a good 32-bit avalanche. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to a handful of integers (each taken modulo 2^32, negatives allowed). */
export function hash(seed: number, a: number, b = 0, c = 0, d = 0): number {
  let h = mix32((seed ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(a | 0, 0xcc9e2d51) ^ hi(a)) >>> 0);
  h = mix32((h + Math.imul(b | 0, 0x1b873593) + hi(b)) >>> 0);
  h = mix32((h ^ Math.imul(c | 0, 0xe6546b64) ^ hi(c)) >>> 0);
  return mix32((h + Math.imul(d | 0, 0x85ebca6b) + hi(d)) >>> 0);
}

// Slots above 2^32 (ms timestamps) must not alias: fold the high part in.
function hi(x: number): number {
  return Math.floor(x / 4294967296) | 0;
}

/** Uniform in [0, 1). */
export function hash01(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return hash(seed, a, b, c, d) / 4294967296;
}

/** Integer in [lo, hi] inclusive. */
export function hashInt(lo: number, hiIncl: number, seed: number, a: number, b = 0, c = 0, d = 0): number {
  return lo + Math.floor(hash01(seed, a, b, c, d) * (hiIncl - lo + 1));
}

const HEX2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// Table lookup: Number#toString(16) + padStart is ~10x slower and this runs per log line.
export function hex8(n: number): string {
  return (
    (HEX2[(n >>> 24) & 255] as string) +
    (HEX2[(n >>> 16) & 255] as string) +
    (HEX2[(n >>> 8) & 255] as string) +
    (HEX2[n & 255] as string)
  );
}

/** A cheap second-level hash: one mix per field of an already-hashed base. */
export function sub(base: number, f: number): number {
  return mix32((base + Math.imul(f, 0x9e3779b9)) >>> 0);
}

export function sub01(base: number, f: number): number {
  return sub(base, f) / 4294967296;
}

/** `len` hex characters (multiple of 8) from consecutive hashes of (seed, a, b, c, i). */
export function hexOf(len: number, seed: number, a: number, b = 0, c = 0): string {
  let s = "";
  for (let i = 0; s.length < len; i++) s += hex8(hash(seed, a, b, c, i + 1));
  return s.slice(0, len);
}

/** FNV-1a of a string, for turning names into hash inputs. */
export function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// A 4-round Feistel permutation of 32-bit integers: trace IDs carry their slot number
// in a scrambled but invertible form, so a trace ID alone leads back to its request.
function round(seed: number, r: number, half: number): number {
  return hash(seed, 0x7ea1, r, half) & 0xffff;
}

export function permute32(seed: number, x: number): number {
  let l = (x >>> 16) & 0xffff;
  let r = x & 0xffff;
  for (let i = 0; i < 4; i++) {
    const nl = r;
    r = l ^ round(seed, i, r);
    l = nl;
  }
  return ((l << 16) | r) >>> 0;
}

export function unpermute32(seed: number, y: number): number {
  let l = (y >>> 16) & 0xffff;
  let r = y & 0xffff;
  for (let i = 3; i >= 0; i--) {
    const pr = l;
    l = r ^ round(seed, i, l);
    r = pr;
  }
  return ((l << 16) | r) >>> 0;
}
