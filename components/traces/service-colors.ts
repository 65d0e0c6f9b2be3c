// A stable colour per service name (the same service is the same colour in every trace).
// Reds are left out of the palette: red means error in the waterfall.
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#b07aa1",
  "#76b7b2",
  "#edc948",
  "#9c755f",
  "#a0cbe8",
  "#8cd17d",
  "#499894",
  "#d4a6c8",
  "#86bcb6",
  "#bab0ac",
  "#ffbe7d",
  "#79706e",
  "#5778a4",
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
