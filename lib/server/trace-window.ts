// Windows of a huge trace (#15, the contract in lib/trace-wire/window.ts): past
// SIGHTLINE_TRACE_WINDOW_SPANS spans the browser gets the rows of a *view* a window at a time,
// computed here from the stored trace. A view's rows (one visibleRows pass, a few ms at a
// million spans) and a query's matches (a search, much more) are kept per stored trace in
// small LRUs, so scrolling one view costs only the slice and its encoding. They go with the
// stored trace (WeakMap): a new version of the trace starts afresh.
import { spanIndexOf } from "../model/span-table";
import { encodeTrace } from "../trace-wire/codec";
import { sliceModel } from "../trace-wire/head";
import type { WaterfallModel } from "../trace-wire/model";
import { matchMask, rowIndexOf, visibleRows } from "../trace-wire/rows";
import { searchTable, searchTableAsync } from "../trace-wire/search";
import {
  ROW_COLLAPSED,
  ROW_MATCH,
  type ViewSpec,
  viewKey,
  WINDOW_TABLE,
  type WindowInfo,
  type WindowRequest,
} from "../trace-wire/window";
import { ExpiringLru } from "./expiring-lru";
import type { StoredTrace } from "./trace-store";

/** Spans past which the columns route answers a window instead of the whole tree. */
export const DEFAULT_WINDOW_SPANS = 250_000;

/** SIGHTLINE_TRACE_WINDOW_SPANS, or DEFAULT_WINDOW_SPANS when unset or not a positive number. */
export function windowSpans(): number {
  const n = Number(process.env.SIGHTLINE_TRACE_WINDOW_SPANS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_WINDOW_SPANS;
}

/** Is this trace too big to send whole (the browser gets windows of it)? */
export const isWindowed = (stored: StoredTrace): boolean => stored.laid.n > windowSpans();

/** Views and queries kept per stored trace (each view: up to 5 bytes a span). */
const VIEWS_KEPT = 4;
const QUERIES_KEPT = 4;

/** A view's rows, as computed once and kept. */
export interface ViewRows {
  /** Positions of the view's rows, ascending (pre-order). */
  rows: Int32Array;
  /** pos → 1 where the span's subtree is collapsed in this view (spans with children only). */
  collapsed: Uint8Array;
  /** Positions matching the view's query, ascending (empty without one). */
  matches: Int32Array;
}

interface Kept {
  views: ExpiringLru<ViewRows>;
  queries: ExpiringLru<Int32Array>;
  /** Bytes of both counted against the trace store's cap so far (StoredTrace.charge). */
  charged: number;
}

const kept = new WeakMap<StoredTrace, Kept>();

function keptOf(stored: StoredTrace): Kept {
  let k = kept.get(stored);
  if (!k) {
    k = {
      // A view's matches are its query's array (counted there).
      views: new ExpiringLru<ViewRows>(VIEWS_KEPT, (v) => v.rows.byteLength + v.collapsed.byteLength),
      queries: new ExpiringLru<Int32Array>(QUERIES_KEPT, (m) => m.byteLength),
      charged: 0,
    };
    kept.set(stored, k);
  }
  return k;
}

const FOREVER = Number.POSITIVE_INFINITY;

/** What is kept for a trace counts against the store's cap, as the trace itself does. */
function recharge(stored: StoredTrace, k: Kept): void {
  const now = k.views.totalBytes + k.queries.totalBytes;
  if (now === k.charged) return;
  stored.charge?.(now - k.charged);
  k.charged = now;
}

/** Keeps a query's matches for the trace (counted against the store's cap); returns them. */
function keepQuery(stored: StoredTrace, k: Kept, key: string, m: Int32Array): Int32Array {
  k.queries.set(key, m, FOREVER);
  recharge(stored, k);
  return m;
}

/** Searches under way, per trace and query: concurrent requests for one query share it. */
const searching = new WeakMap<StoredTrace, Map<string, Promise<Int32Array>>>();

/**
 * queryMatches without holding the event loop: the search runs in steps (searchTableAsync) and
 * its answer is kept as queryMatches keeps it. Routes call this first, so the synchronous view
 * and window code that follows finds the query's matches kept.
 */
export function queryMatchesAsync(stored: StoredTrace, q: string): Promise<Int32Array> {
  const key = q.trim();
  if (!key) return Promise.resolve(new Int32Array(0));
  const k = keptOf(stored);
  const hit = k.queries.get(key);
  if (hit) return Promise.resolve(hit);
  let running = searching.get(stored);
  if (!running) {
    running = new Map();
    searching.set(stored, running);
  }
  const map = running;
  let p = map.get(key);
  if (!p) {
    p = searchTableAsync(stored.body.table, stored.laid.order, key)
      .then((m) => keepQuery(stored, k, key, m))
      .finally(() => map.delete(key));
    map.set(key, p);
  }
  return p;
}

/** Positions of the spans matching `q` (waterfall search syntax), ascending; kept per trace. */
export function queryMatches(stored: StoredTrace, q: string): Int32Array {
  const key = q.trim();
  if (!key) return new Int32Array(0);
  const k = keptOf(stored);
  let m = k.queries.get(key);
  if (!m) {
    m = keepQuery(stored, k, key, searchTable(stored.body.table, stored.laid.order, key));
  }
  return m;
}

/**
 * pos → collapsed for a view: `base` for every span with children, flipped at `toggled`, and
 * every ancestor of a `reveal` position expanded whatever the others say.
 */
export function collapsedOf(laid: Pick<WaterfallModel, "n" | "childCount" | "parentPos">, view: ViewSpec): Uint8Array {
  const { n, childCount, parentPos } = laid;
  const c = new Uint8Array(n);
  if (view.base === "all") for (let p = 0; p < n; p++) if (childCount[p]! > 0) c[p] = 1;
  for (const p of view.toggled) if (p >= 0 && p < n && childCount[p]! > 0) c[p] = c[p]! ^ 1;
  for (const r of view.reveal) {
    if (r < 0 || r >= n) continue;
    for (let a = parentPos[r]!; a >= 0; a = parentPos[a]!) c[a] = 0;
  }
  return c;
}

/** The rows of a view of a stored trace (kept per trace: the same view costs one pass). */
export function viewRows(stored: StoredTrace, view: ViewSpec): ViewRows {
  const k = keptOf(stored);
  const key = viewKey(view);
  const hit = k.views.get(key);
  if (hit) return hit;
  const laid = stored.laid;
  const collapsed = collapsedOf(laid, view);
  const matches = queryMatches(stored, view.q);
  const keep = view.only && view.q.trim() ? matchMask(laid, matches) : undefined;
  let rows = visibleRows(laid, collapsed, keep);
  // visibleRows answers a view of a buffer sized for every span: keep only the rows.
  if (rows.length < rows.buffer.byteLength / 8) rows = rows.slice();
  const v = { rows, collapsed, matches };
  k.views.set(key, v, FOREVER);
  recharge(stored, k);
  return v;
}

/** The position of a span ID (as given, lowercased, or zero-padded to 16 hex digits), or -1. */
export function spanPos(stored: StoredTrace, spanId: string): number {
  const { laid, body } = stored;
  const table = body.table;
  const lower = spanId.toLowerCase();
  const forms = [spanId, lower, /^[0-9a-f]{1,15}$/.test(lower) ? lower.padStart(16, "0") : ""];
  let i = -1;
  for (const f of forms) if (f && i < 0) i = spanIndexOf(table, f);
  if (i < 0) return -1;
  const order = laid.order;
  for (let p = 0; p < order.length; p++) if (order[p] === i) return p;
  return -1;
}

/** The sorted, unique positions with `pos` added. */
function withPos(list: readonly number[], pos: number): number[] {
  return list.includes(pos) ? [...list] : [...list, pos].sort((a, b) => a - b);
}

/** Is `pos` in ascending `list`? */
const inSorted = (list: Int32Array, pos: number): boolean => rowIndexOf(list, pos) >= 0;

/**
 * The window asked for, as a model (sliceModel of the view's rows [first, first + count), with
 * x.row and tables.window). `first` past the view's end answers no rows (WindowInfo.first then
 * says the view's row count). `spanId` is revealed in this answer's view and located; without
 * it, `locate` is located in the view as asked (index -1: hidden).
 */
export function windowModel(stored: StoredTrace, req: Omit<WindowRequest, "version">): WaterfallModel {
  const laid = stored.laid;
  let view = req.view;
  let locate: WindowInfo["locate"];
  if (req.spanId !== undefined) {
    const pos = spanPos(stored, req.spanId);
    if (pos >= 0) view = { ...view, reveal: withPos(view.reveal, pos) };
    locate = { pos, index: -1 };
  } else if (req.locate !== undefined) locate = { pos: req.locate, index: -1 };
  const v = viewRows(stored, view);
  if (locate && locate.pos >= 0 && locate.pos < laid.n) locate.index = rowIndexOf(v.rows, locate.pos);
  const total = v.rows.length;
  const first = Math.min(Math.max(0, req.first), total);
  const positions = v.rows.subarray(first, Math.min(total, first + Math.max(0, req.count)));
  const slice = sliceModel(laid, positions);
  const row = new Uint8Array(positions.length);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    row[i] = (v.collapsed[p] ? ROW_COLLAPSED : 0) | (v.matches.length && inSorted(v.matches, p) ? ROW_MATCH : 0);
  }
  const info: WindowInfo = {
    first,
    total,
    spans: laid.n,
    matches: v.matches.length,
    ...(locate ? { locate } : {}),
  };
  return { ...slice, extra: { ...slice.extra, row }, tables: { ...slice.tables, [WINDOW_TABLE]: info } };
}

/** The window asked for, encoded as the columns route encodes a whole trace (codec.ts). */
export function windowOf(stored: StoredTrace, req: Omit<WindowRequest, "version">): Uint8Array {
  return encodeTrace(windowModel(stored, req));
}

/**
 * The part of a query's ascending matches a search request asks for: the first `limit`; with
 * `after`, those past that position; with `before`, the last `limit` before it. `first` is the
 * rank of the first among all matches.
 */
export function matchesSlice(
  matches: Int32Array,
  at: { limit?: number; after?: number; before?: number },
): { positions: Int32Array; first: number } {
  let from = 0;
  let to = matches.length;
  if (at.after !== undefined) from = upperBound(matches, at.after);
  if (at.before !== undefined) {
    to = upperBound(matches, at.before - 1);
    from = at.limit === undefined ? 0 : Math.max(0, to - at.limit);
  }
  const end = at.limit === undefined ? to : Math.min(to, from + at.limit);
  return { positions: matches.subarray(from, Math.max(from, end)), first: from };
}

/** How many of the ascending `xs` are ≤ v. */
function upperBound(xs: Int32Array, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
