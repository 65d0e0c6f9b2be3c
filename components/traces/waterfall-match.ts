// Search results (positions from the server) → what the rows show.
import type { WaterfallModel } from "./waterfall-model";

/** 1 at every match and every ancestor of one: the rows "only matches" keeps. */
export function matchMask(m: WaterfallModel, matches: Int32Array): Uint8Array {
  const keep = new Uint8Array(m.n);
  for (const p of matches) if (p >= 0 && p < m.n) keep[p] = 1;
  for (let p = m.n - 1; p >= 0; p--) {
    const par = m.parentPos[p]!;
    if (keep[p] && par >= 0) keep[par] = 1;
  }
  return keep;
}

/** 1 at matches only: what rows highlight. */
export function matchSet(n: number, matches: Int32Array): Uint8Array {
  const set = new Uint8Array(n);
  for (const p of matches) if (p >= 0 && p < n) set[p] = 1;
  return set;
}
