// Where the waterfall reads its rows from. A whole trace (up to SIGHTLINE_TRACE_WINDOW_SPANS)
// is one model in the browser and its rows are positions into it; a huge one arrives a window
// at a time (lib/trace-wire/window.ts), each window a small model of its own. The list reads a
// row as "this model, at this index", and names it by its position in the whole trace.
import { ROW_COLLAPSED, ROW_MATCH, WINDOW_TABLE, type WindowInfo } from "@/lib/trace-wire/window";
import { rowIndexOf, spanIdAt, type WaterfallModel } from "./waterfall-model";

export interface RowRef {
  /** The model holding the row's columns. */
  m: WaterfallModel;
  /** The row's index in `m`'s columns. */
  at: number;
  /** The span's position in the whole trace (pre-order): what selection, detail and toggles use. */
  pos: number;
  collapsed: boolean;
  matched: boolean;
}

export interface RowSource {
  /** Rows in the view. */
  readonly count: number;
  /** The row at view index `index`; undefined while its window is not here. */
  row(index: number): RowRef | undefined;
  /** The view index of a position, -1 when it is hidden or not here. */
  indexOf(pos: number): number;
  /** The row of a position, when it is here. */
  rowOf(pos: number): RowRef | undefined;
  /** The span ID at a position, when it is known here. */
  spanIdOf(pos: number): string | undefined;
  /** The list draws view rows [first, last): bring what is missing. */
  need?(first: number, last: number): void;
}

/** The rows of a whole model in the browser: `rows` are positions, ascending. */
export function modelSource(
  m: WaterfallModel,
  rows: Int32Array,
  collapsed: Uint8Array,
  matchFlags: Uint8Array,
  /** Rows below this are all the model holds columns for (the server's first rows). */
  held = m.n,
): RowSource {
  const ref = (pos: number): RowRef => ({
    m,
    at: pos,
    pos,
    collapsed: collapsed[pos] === 1,
    matched: matchFlags[pos] === 1,
  });
  return {
    count: rows.length,
    row: (index) => {
      const pos = rows[index];
      return pos === undefined || pos >= held ? undefined : ref(pos);
    },
    indexOf: (pos) => rowIndexOf(rows, pos),
    rowOf: (pos) => (pos >= 0 && pos < held ? ref(pos) : undefined),
    spanIdOf: (pos) => (pos >= 0 && pos < held ? spanIdAt(m, pos) : undefined),
  };
}

/** One window of a view: a model of its rows (lib/trace-wire/window.ts) and where it starts. */
export interface WindowRows {
  m: WaterfallModel;
  /** View index of the window's first row. */
  first: number;
  /** Rows in the window. */
  rows: number;
  /** Whole-trace positions of the rows, ascending (x.pos). */
  pos: Int32Array;
  /** ROW_* bits (x.row). */
  bits: Uint8Array;
}

export function windowRef(w: WindowRows, at: number): RowRef {
  const b = w.bits[at] ?? 0;
  return { m: w.m, at, pos: w.pos[at]!, collapsed: (b & ROW_COLLAPSED) !== 0, matched: (b & ROW_MATCH) !== 0 };
}

/** The index of `pos` in a window, or -1. */
export function atInWindow(w: WindowRows, pos: number): number {
  return rowIndexOf(w.pos, pos);
}

/** Rows of a view held as windows (any subset of it), `count` rows in all. */
export function windowSource(count: number, windows: readonly WindowRows[], need?: RowSource["need"]): RowSource {
  const sorted = [...windows].sort((a, b) => a.first - b.first);
  const windowAt = (index: number): WindowRows | undefined => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = sorted[mid]!;
      if (index < w.first) hi = mid - 1;
      else if (index >= w.first + w.rows) lo = mid + 1;
      else return w;
    }
    return undefined;
  };
  const find = (pos: number): { w: WindowRows; at: number } | undefined => {
    for (const w of sorted) {
      const at = atInWindow(w, pos);
      if (at >= 0) return { w, at };
    }
    return undefined;
  };
  return {
    count,
    row: (index) => {
      const w = windowAt(index);
      return w ? windowRef(w, index - w.first) : undefined;
    },
    indexOf: (pos) => {
      const f = find(pos);
      return f ? f.w.first + f.at : -1;
    },
    rowOf: (pos) => {
      const f = find(pos);
      return f ? windowRef(f.w, f.at) : undefined;
    },
    spanIdOf: (pos) => {
      const f = find(pos);
      return f ? spanIdAt(f.w.m, f.at) : undefined;
    },
    need,
  };
}

/**
 * The server's first rows (lib/trace-wire/head.ts): a list of `count` rows of which the first
 * `held` are here, position = index (the default view of a trace starts with its first positions).
 */
export function headSource(m: WaterfallModel, held: number, count = m.n): RowSource {
  const ref = (pos: number): RowRef => ({ m, at: pos, pos, collapsed: false, matched: false });
  const here = (pos: number) => pos >= 0 && pos < held && pos < count;
  return {
    count,
    row: (index) => (here(index) ? ref(index) : undefined),
    indexOf: (pos) => (here(pos) ? pos : -1),
    rowOf: (pos) => (here(pos) ? ref(pos) : undefined),
    spanIdOf: (pos) => (here(pos) ? spanIdAt(m, pos) : undefined),
  };
}

/** A decoded window (a model with `tables.window`, x.pos and x.row), or undefined for a whole trace. */
export function windowOf(m: WaterfallModel): { w: WindowRows; info: WindowInfo } | undefined {
  const info = m.tables[WINDOW_TABLE] as WindowInfo | undefined;
  if (!info || typeof info !== "object" || !Number.isInteger(info.first) || !Number.isInteger(info.total))
    return undefined;
  const pos = m.extra.pos;
  const bits = m.extra.row;
  if (!(pos instanceof Int32Array) || pos.length !== m.n) return undefined;
  return {
    w: {
      m,
      first: info.first,
      rows: m.n,
      pos,
      bits: bits instanceof Uint8Array && bits.length === m.n ? bits : new Uint8Array(m.n),
    },
    info,
  };
}
