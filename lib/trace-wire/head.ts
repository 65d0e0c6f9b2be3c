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

/** Cut `m` to its first `limit` positions; names and messages keep only the strings they use. */
export function traceHead(m: WaterfallModel, limit = HEAD_ROWS): TraceHead {
  const rows = Math.max(0, Math.min(limit, m.n));
  const cut = <C extends Col>(c: C, per = 1): C => c.slice(0, rows * per) as C;
  // A compact string table: the head must not carry a 100,000-name table for 80 rows.
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
  const nameOf = Int32Array.from(m.nameOf.subarray(0, rows), remap);
  const statusMessageOf = Int32Array.from(m.statusMessageOf.subarray(0, rows), remap);
  const orphanParents: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.orphanParents)) if (Number(k) < rows) orphanParents[k] = v;
  const model: WaterfallModel = {
    ...summaryOf(m),
    strings,
    idWidth: m.idWidth,
    orphanParents,
    tables: {},
    parentPos: cut(m.parentPos),
    depth: cut(m.depth),
    size: cut(m.size),
    childCount: cut(m.childCount),
    flags: cut(m.flags),
    serviceOf: cut(m.serviceOf),
    nameOf,
    kindOf: cut(m.kindOf),
    statusOf: cut(m.statusOf),
    statusMessageOf,
    offset: cut(m.offset),
    duration: cut(m.duration),
    ids: cut(m.ids, m.idWidth),
    extra: Object.fromEntries(Object.entries(m.extra).map(([k, c]) => [k, cut(c)])),
  };
  return { model, rows };
}
