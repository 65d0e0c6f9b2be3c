// Span ID → index without a Map: building a Map of 100,000 fresh strings costs several times
// more than an open-addressing table over an Int32Array (hashing plus one entry per span).
import type { Span } from "../model/trace";

/**
 * FNV-1a over the last 8 characters: span IDs are random or counters, so their tail is where
 * they differ. Collisions only cost a probe; equality is always checked on the whole ID.
 */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, id.length - 8); i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Span ID → first index with that ID (-1 when absent). */
export function idTable(spans: readonly Span[]): (id: string) => number {
  const n = spans.length;
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  const mask = cap - 1;
  const slots = new Int32Array(cap).fill(-1);
  for (let i = 0; i < n; i++) {
    const id = spans[i]!.spanId;
    let h = hashId(id) & mask;
    for (;;) {
      const at = slots[h]!;
      if (at < 0) {
        slots[h] = i;
        break;
      }
      if (spans[at]!.spanId === id) break; // duplicate ID: the first one wins
      h = (h + 1) & mask;
    }
  }
  return (id) => {
    let h = hashId(id) & mask;
    for (;;) {
      const at = slots[h]!;
      if (at < 0 || spans[at]!.spanId === id) return at;
      h = (h + 1) & mask;
    }
  };
}
