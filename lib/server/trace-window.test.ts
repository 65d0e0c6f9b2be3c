import { afterEach, describe, expect, it } from "vitest";
import { micros } from "../model/time";
import { decodeTrace } from "../trace-wire/codec";
import { spanIdAt } from "../trace-wire/model";
import { storedTree, treeSpan } from "../trace-wire/tree.test-helper";
import { DEFAULT_VIEW, ROW_COLLAPSED, ROW_MATCH, type ViewSpec, windowInfoOf } from "../trace-wire/window";
import type { StoredTrace } from "./trace-store";
import {
  DEFAULT_WINDOW_SPANS,
  isWindowed,
  queryMatches,
  queryMatchesAsync,
  spanPos,
  viewRows,
  windowModel,
  windowOf,
  windowSpans,
} from "./trace-window";

const id = (i: number) => (0xa0 + i).toString(16).padStart(16, "0");

// 0 ─┬ 1 ─┬ 2          8 ── 9
//    │    └ 3
//    ├ 4 ── 5 ── 6
//    └ 7
// Starts rise with the index, so pre-order positions are the indexes. 5 and 9 are "needle".
const PARENT = [-1, 0, 1, 1, 0, 4, 5, 0, -1, 8];
const span = (i: number) =>
  treeSpan(id(i), PARENT[i]! < 0 ? undefined : id(PARENT[i]!), 1_000 + i, {
    service: `svc-${i % 2}`,
    name: i === 5 || i === 9 ? `needle-${i}` : `op-${i}`,
    kind: "server",
    duration: micros(100 - i),
  });

const stored = (version = "v1"): StoredTrace =>
  storedTree(
    PARENT.map((_, i) => span(i)),
    version,
  );

const view = (v: Partial<ViewSpec>): ViewSpec => ({ ...DEFAULT_VIEW, ...v });
const rowsOf = (s: StoredTrace, v: Partial<ViewSpec>) => Array.from(viewRows(s, view(v)).rows);

describe("view rows", () => {
  const s = stored();

  it("lays the tree out in pre-order, positions = indexes here", () => {
    expect(Array.from({ length: 10 }, (_, p) => spanIdAt(s.laid, p))).toEqual(PARENT.map((_, i) => id(i)));
  });

  it("base none shows every span; base all only the roots", () => {
    expect(rowsOf(s, {})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rowsOf(s, { base: "all" })).toEqual([0, 8]);
  });

  it("toggled positions flip the base; a leaf has nothing to collapse", () => {
    expect(rowsOf(s, { toggled: [4] })).toEqual([0, 1, 2, 3, 4, 7, 8, 9]);
    expect(rowsOf(s, { toggled: [2, 9] })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rowsOf(s, { base: "all", toggled: [0] })).toEqual([0, 1, 4, 7, 8]);
    expect(rowsOf(s, { base: "all", toggled: [0, 4] })).toEqual([0, 1, 4, 5, 7, 8]);
  });

  it("reveal expands every ancestor, over base and toggled", () => {
    expect(rowsOf(s, { base: "all", reveal: [6] })).toEqual([0, 1, 4, 5, 6, 7, 8]);
    expect(rowsOf(s, { toggled: [0, 4], reveal: [6] })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rowsOf(s, { base: "all", reveal: [999] })).toEqual([0, 8]);
  });

  it("a query marks its matches; only-matches keeps them and their ancestors", () => {
    expect(Array.from(viewRows(s, view({ q: "needle" })).matches)).toEqual([5, 9]);
    expect(rowsOf(s, { q: "needle" })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rowsOf(s, { q: "needle", only: true })).toEqual([0, 4, 5, 8, 9]);
    expect(rowsOf(s, { q: "needle", only: true, toggled: [8] })).toEqual([0, 4, 5, 8]);
    expect(rowsOf(s, { q: "nothing-matches", only: true })).toEqual([]);
  });

  it("keeps a view's rows and a query's matches: asking again returns the same objects", () => {
    const t = stored();
    const a = viewRows(t, view({ base: "all", q: "needle" }));
    expect(viewRows(t, view({ base: "all", q: "needle" }))).toBe(a);
    expect(queryMatches(t, "needle")).toBe(a.matches);
    expect(queryMatches(t, " needle ")).toBe(a.matches);
    // Another stored trace (another version) computes its own.
    expect(viewRows(stored("v2"), view({ base: "all", q: "needle" }))).not.toBe(a);
  });

  it("a query searched in steps is shared by concurrent callers and kept for the views", async () => {
    const t = stored();
    const [a, b] = await Promise.all([queryMatchesAsync(t, "needle"), queryMatchesAsync(t, "needle")]);
    expect(a).toBe(b);
    expect(Array.from(a)).toEqual([5, 9]);
    // The synchronous view code finds it kept, and so does a later call.
    expect(queryMatches(t, "needle")).toBe(a);
    expect(viewRows(t, view({ q: "needle" })).matches).toBe(a);
    expect(await queryMatchesAsync(t, "needle")).toBe(a);
    expect((await queryMatchesAsync(t, "  ")).length).toBe(0);
  });

  it("keeps a few views per trace, the least recently used going first", () => {
    const t = stored();
    const first = viewRows(t, view({ toggled: [0] }));
    for (const p of [1, 4, 5, 8]) viewRows(t, view({ toggled: [p] }));
    const again = viewRows(t, view({ toggled: [0] }));
    expect(again).not.toBe(first);
    expect(Array.from(again.rows)).toEqual(Array.from(first.rows));
  });
});

describe("windowModel", () => {
  const s = stored();

  it("answers the rows [first, first + count) of the view with x.pos, x.row and tables.window", () => {
    const m = windowModel(s, { view: view({ base: "all", toggled: [0], q: "needle" }), first: 1, count: 3 });
    expect(m.n).toBe(3);
    expect(Array.from(m.extra.pos!)).toEqual([1, 4, 7]);
    expect([0, 1, 2].map((i) => spanIdAt(m, i))).toEqual([id(1), id(4), id(7)]);
    expect(Array.from(m.extra.row!)).toEqual([ROW_COLLAPSED, ROW_COLLAPSED, 0]);
    expect(windowInfoOf(m)).toEqual({ first: 1, total: 5, spans: 10, matches: 2 });
    // the summary stays the whole trace's
    expect(m.services).toEqual(s.laid.services);
    expect(m.maxDepth).toBe(3);
  });

  it("marks matches, and collapsed rows only where the span has children", () => {
    const m = windowModel(s, { view: view({ q: "needle", toggled: [5, 6] }), first: 0, count: 500 });
    expect(Array.from(m.extra.pos!)).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9]);
    expect(Array.from(m.extra.row!)).toEqual([0, 0, 0, 0, 0, ROW_COLLAPSED | ROW_MATCH, 0, 0, ROW_MATCH]);
  });

  it("answers no rows past the view's end", () => {
    const m = windowModel(s, { view: view({ base: "all" }), first: 50, count: 10 });
    expect(m.n).toBe(0);
    expect(windowInfoOf(m)).toEqual({ first: 2, total: 2, spans: 10, matches: 0 });
  });

  it("locates a position: its index in the view, -1 when hidden", () => {
    const base = { view: view({ base: "all" }), first: 0, count: 10 };
    expect(windowInfoOf(windowModel(s, { ...base, locate: 8 }))?.locate).toEqual({ pos: 8, index: 1 });
    expect(windowInfoOf(windowModel(s, { ...base, locate: 6 }))?.locate).toEqual({ pos: 6, index: -1 });
    expect(windowInfoOf(windowModel(s, { ...base, locate: 70 }))?.locate).toEqual({ pos: 70, index: -1 });
  });

  it("finds a span ID, reveals it in this answer and locates it", () => {
    const m = windowModel(s, { view: view({ base: "all" }), first: 0, count: 10, spanId: id(6) });
    expect(Array.from(m.extra.pos!)).toEqual([0, 1, 4, 5, 6, 7, 8]);
    expect(windowInfoOf(m)?.locate).toEqual({ pos: 6, index: 4 });
    // upper case, and without its leading zeros
    expect(spanPos(s, id(6).toUpperCase())).toBe(6);
    expect(spanPos(s, id(6).replace(/^0+/, ""))).toBe(6);
  });

  it("an unknown span ID locates nowhere and changes nothing", () => {
    const m = windowModel(s, { view: view({ base: "all" }), first: 0, count: 10, spanId: "ffff" });
    expect(Array.from(m.extra.pos!)).toEqual([0, 8]);
    expect(windowInfoOf(m)?.locate).toEqual({ pos: -1, index: -1 });
  });

  it("encodes as the columns route's bytes, decodable by the client's codec", () => {
    const bytes = windowOf(s, { view: view({ base: "all", reveal: [6] }), first: 2, count: 2, locate: 5 });
    const m = decodeTrace(bytes.slice().buffer);
    expect(m.n).toBe(2);
    expect(Array.from(m.extra.pos!)).toEqual([4, 5]);
    expect(m.extra.row).toBeInstanceOf(Uint8Array);
    expect(Array.from(m.parentPos)).toEqual([0, 4]);
    expect(windowInfoOf(m)).toEqual({ first: 2, total: 7, spans: 10, matches: 0, locate: { pos: 5, index: 3 } });
  });
});

describe("window threshold", () => {
  const saved = process.env.SIGHTLINE_TRACE_WINDOW_SPANS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SIGHTLINE_TRACE_WINDOW_SPANS;
    else process.env.SIGHTLINE_TRACE_WINDOW_SPANS = saved;
  });

  it("reads SIGHTLINE_TRACE_WINDOW_SPANS, the default when unset or not a positive number", () => {
    delete process.env.SIGHTLINE_TRACE_WINDOW_SPANS;
    expect(windowSpans()).toBe(DEFAULT_WINDOW_SPANS);
    process.env.SIGHTLINE_TRACE_WINDOW_SPANS = "nope";
    expect(windowSpans()).toBe(DEFAULT_WINDOW_SPANS);
    process.env.SIGHTLINE_TRACE_WINDOW_SPANS = "9";
    expect(windowSpans()).toBe(9);
    expect(isWindowed(stored())).toBe(true);
    process.env.SIGHTLINE_TRACE_WINDOW_SPANS = "10";
    expect(isWindowed(stored())).toBe(false);
  });
});
