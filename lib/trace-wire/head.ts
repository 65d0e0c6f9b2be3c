// The first rows of a laid-out trace, for the server-rendered trace page: the whole header
// (span count, services, containers, time span: everything the summary and the strip show)
// with the per-span columns cut to the first `rows` positions in pre-order. The page's HTML
// carries these rows, so they paint before any script runs; the client then loads the full
// columns and the same rows stay (positions are the same in both).
import type { WaterfallModel } from "./model";
import { summaryOf } from "./layout";

/** Rows the server renders: more than any viewport shows at 24 px a row, plus overscan. */
export const HEAD_ROWS = 80;

/** How far the load of a trace still arriving is (its first rows are then partial). */
export interface TraceLoading {
  /** Spans the rows were laid out from. */
  spans: number;
  /** The backend's answer: bytes read so far, of its size when it said. */
  bytes: number;
  totalBytes?: number;
}

export interface TraceHead {
  /**
   * The header of the whole trace (`n` is the full span count) and columns holding only the
   * first `rows` positions: read a column only below `rows`.
   */
  model: WaterfallModel;
  rows: number;
  /**
   * Set while the trace is still loading: the rows come from the spans decoded so far (the
   * header counts only those), and may change when the rest arrives.
   */
  loading?: TraceLoading;
}

type Col = Uint8Array | Uint16Array | Int32Array | Float64Array;

/**
 * The model cut to some positions (local index i = positions[i]): every per-span column and
 * every `extra` column gathered, names and messages in a compact string table (only the strings
 * these rows use, numbered in order of first use), `orphanParents` keyed by local index;
 * `parentPos` keeps whole-trace positions. The summary fields are the whole trace's but for
 * `n`, which is `n` here (the rows, for a window; the whole count, for the page's head).
 */
function cutModel(m: WaterfallModel, positions: Int32Array, n: number): WaterfallModel {
  const rows = positions.length;
  const gather = <C extends Col>(c: C): C => {
    const out = new (c.constructor as { new (len: number): C })(rows);
    for (let i = 0; i < rows; i++) out[i] = c[positions[i]!]!;
    return out;
  };
  // A compact string table: a head or window must not carry a 100,000-name table for 80 rows.
  const strings: string[] = [];
  const index = new Map<number, number>();
  const remap = (i: number): number => {
    if (i < 0) return i;
    let j = index.get(i);
    if (j === undefined) {
      j = strings.length;
      strings.push(m.strings[i] ?? "");
      index.set(i, j);
    }
    return j;
  };
  const nameOf = gather(m.nameOf);
  for (let i = 0; i < rows; i++) nameOf[i] = remap(nameOf[i]!);
  const statusMessageOf = gather(m.statusMessageOf);
  for (let i = 0; i < rows; i++) statusMessageOf[i] = remap(statusMessageOf[i]!);
  const orphanParents: Record<string, string> = {};
  for (let i = 0; i < rows; i++) {
    const parent = m.orphanParents[positions[i]!];
    if (parent !== undefined) orphanParents[i] = parent;
  }
  const w = m.idWidth;
  const ids = new Uint8Array(rows * w);
  for (let i = 0; i < rows; i++) {
    const from = positions[i]! * w;
    ids.set(m.ids.subarray(from, from + w), i * w);
  }
  return {
    ...summaryOf(m),
    n,
    strings,
    idWidth: w,
    orphanParents,
    tables: {},
    parentPos: gather(m.parentPos),
    depth: gather(m.depth),
    size: gather(m.size),
    childCount: gather(m.childCount),
    flags: gather(m.flags),
    serviceOf: gather(m.serviceOf),
    nameOf,
    kindOf: gather(m.kindOf),
    statusOf: gather(m.statusOf),
    statusMessageOf,
    offset: gather(m.offset),
    duration: gather(m.duration),
    ids,
    extra: Object.fromEntries(Object.entries(m.extra).map(([k, c]) => [k, gather(c)])),
  };
}

/**
 * The rows at `positions` (ascending pre-order, as a view's rows are) as a model of their own:
 * what a window of a huge trace sends (lib/trace-wire/window.ts). `n` is the slice's row count,
 * `extra.pos` the rows' whole-trace positions, `tables` the trace's; `parentPos` keeps
 * whole-trace positions and `orphanParents` is keyed by local index.
 */
export function sliceModel(m: WaterfallModel, positions: Int32Array): WaterfallModel {
  const cut = cutModel(m, positions, positions.length);
  return { ...cut, tables: { ...m.tables }, extra: { ...cut.extra, pos: Int32Array.from(positions) } };
}

/** Cut `m` to its first `limit` positions; names and messages keep only the strings they use. */
export function traceHead(m: WaterfallModel, limit = HEAD_ROWS): TraceHead {
  const rows = Math.max(0, Math.min(limit, m.n));
  const first = new Int32Array(rows);
  for (let i = 0; i < rows; i++) first[i] = i;
  // The header stays the whole trace's (n = every span): the page's head is the start of the
  // whole tree, which the client then loads in full under it.
  return { model: cutModel(m, first, m.n), rows };
}
