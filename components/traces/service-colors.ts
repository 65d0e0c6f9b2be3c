// A stable colour per service name: a service keeps its hashed colour in every trace unless
// another service of the same trace already holds it. Reds are left out: red means error.
const PALETTE = [
  "#4e79a7", // blue
  "#f28e2b", // orange
  "#59a14f", // green
  "#b07aa1", // purple
  "#76b7b2", // teal
  "#edc948", // yellow
  "#9c755f", // brown
  "#bab0ac", // grey
  "#a0cbe8", // light blue
  "#8cd17d", // light green
  "#d4a6c8", // lilac
  "#ffbe7d", // light orange
  "#6b6ecf", // indigo
  "#637939", // olive
] as const;

/** FNV-1a over UTF-16 code units: cheap, deterministic, well spread for short names. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function serviceColor(service: string): string {
  return PALETTE[hash(service) % PALETTE.length] ?? PALETTE[0];
}

/** Colours for one trace's services: hashed slots, collisions moved to the next free slot. */
export function assignServiceColors(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<number>();
  // Sorted, so the same set of services always gets the same colours.
  for (const name of [...new Set(names)].sort()) {
    let slot = hash(name) % PALETTE.length;
    if (used.size < PALETTE.length) while (used.has(slot)) slot = (slot + 1) % PALETTE.length;
    used.add(slot);
    out.set(name, PALETTE[slot] ?? PALETTE[0]);
  }
  return out;
}
