import { describe, expect, it } from "vitest";
import { decodeTrace, encodeTrace } from "@/lib/trace-wire/codec";
import { treeSpan } from "@/lib/trace-wire/tree.test-helper";
import { ROW_COLLAPSED, ROW_MATCH, WINDOW_TABLE, type WindowInfo } from "@/lib/trace-wire/window";
import { headSource, modelSource, type WindowRows, windowOf, windowSource } from "./row-source";
import { nearestWindows, revealedShape, toggledShape } from "./use-window-rows";
import { buildWaterfall, spanIdAt, visibleRows, type WaterfallModel } from "./waterfall-model";

// root ─┬─ a ── a1        positions: root 0, a 1, a1 2, b 3, b1 4
//       └─ b ── b1
const m = buildWaterfall([
  treeSpan("root", undefined, 0),
  treeSpan("a", "root", 1),
  treeSpan("a1", "a", 2),
  treeSpan("b", "root", 3),
  treeSpan("b1", "b", 4),
]);

/** A window as the server sends one: the rows at `positions`, their view bits, where it starts. */
function windowModel(positions: number[], bits: number[], info: WindowInfo): WaterfallModel {
  const pick = <C extends Int32Array | Uint8Array | Float64Array>(c: C, per = 1): C => {
    const out = new (c.constructor as { new (n: number): C })(positions.length * per);
    positions.forEach((p, i) => {
      for (let k = 0; k < per; k++) out[i * per + k] = c[p * per + k]!;
    });
    return out;
  };
  const slice: WaterfallModel = {
    ...m,
    n: positions.length,
    parentPos: pick(m.parentPos),
    depth: pick(m.depth),
    size: pick(m.size),
    childCount: pick(m.childCount),
    flags: pick(m.flags),
    serviceOf: pick(m.serviceOf),
    nameOf: pick(m.nameOf),
    kindOf: pick(m.kindOf),
    statusOf: pick(m.statusOf),
    statusMessageOf: pick(m.statusMessageOf),
    offset: pick(m.offset),
    duration: pick(m.duration),
    ids: pick(m.ids, m.idWidth),
    extra: { pos: Int32Array.from(positions), row: Uint8Array.from(bits) },
    tables: { [WINDOW_TABLE]: info },
  };
  // Through the wire, as the browser gets it.
  return decodeTrace(encodeTrace(slice).slice().buffer);
}

describe("modelSource", () => {
  it("reads rows of a whole model by position, with their collapsed and matched state", () => {
    const collapsed = new Uint8Array(m.n);
    collapsed[1] = 1;
    const matched = new Uint8Array(m.n);
    matched[3] = 1;
    const rows = visibleRows(m, collapsed);
    const s = modelSource(m, rows, collapsed, matched);
    expect(s.count).toBe(4);
    expect([0, 1, 2, 3].map((i) => s.row(i)?.pos)).toEqual([0, 1, 3, 4]);
    expect(s.row(1)).toMatchObject({ at: 1, pos: 1, collapsed: true, matched: false });
    expect(s.row(2)).toMatchObject({ pos: 3, matched: true });
    expect(s.indexOf(2)).toBe(-1); // under the collapsed a
    expect(s.indexOf(4)).toBe(3);
    expect(s.spanIdOf(2)).toBe("a1"); // hidden, but the browser has it
    expect(s.row(4)).toBeUndefined();
  });
});

describe("headSource", () => {
  it("is as long as the trace but holds only its first rows", () => {
    const s = headSource(m, 2);
    expect(s.count).toBe(5);
    expect(s.row(1)?.pos).toBe(1);
    expect(s.row(2)).toBeUndefined();
    expect(s.indexOf(3)).toBe(-1);
    expect(s.spanIdOf(1)).toBe("a");
    expect(s.spanIdOf(2)).toBeUndefined();
  });
});

describe("windowSource over decoded windows", () => {
  // The view with a collapsed: rows root, a, b, b1 (view indexes 0..3), in windows of 2.
  const w0 = windowOf(windowModel([0, 1], [0, ROW_COLLAPSED], { first: 0, total: 4, spans: 5, matches: 1 }))!;
  const w1 = windowOf(windowModel([3, 4], [ROW_MATCH, 0], { first: 2, total: 4, spans: 5, matches: 1 }))!;

  it("decodes a window: its rows, positions and bits", () => {
    expect(w0.info).toEqual({ first: 0, total: 4, spans: 5, matches: 1 });
    expect(w1.w.first).toBe(2);
    expect([...w1.w.pos]).toEqual([3, 4]);
    expect(spanIdAt(w1.w.m, 0)).toBe("b");
    // A whole trace is not a window.
    expect(windowOf(decodeTrace(encodeTrace(m).slice().buffer))).toBeUndefined();
  });

  it("reads view rows from whichever window holds them, and knows which are missing", () => {
    const s = windowSource(4, [w1.w, w0.w]);
    expect(s.count).toBe(4);
    expect([0, 1, 2, 3].map((i) => s.row(i)?.pos)).toEqual([0, 1, 3, 4]);
    expect(s.row(1)).toMatchObject({ collapsed: true, matched: false, at: 1 });
    expect(s.row(2)).toMatchObject({ collapsed: false, matched: true, at: 0 });
    expect(s.row(2)?.m).toBe(w1.w.m);
    expect(s.indexOf(4)).toBe(3);
    expect(s.indexOf(2)).toBe(-1);
    expect(s.rowOf(3)?.at).toBe(0);
    expect(s.spanIdOf(4)).toBe("b1");
    // Only the first window here: the rest of the view is placeholders.
    const part = windowSource(4, [w0.w]);
    expect(part.row(2)).toBeUndefined();
    expect(part.indexOf(3)).toBe(-1);
    expect(part.spanIdOf(3)).toBeUndefined();
  });
});

describe("the view a windowed explorer sends", () => {
  const none = { base: "none" as const, toggled: [], reveal: [] };
  it("toggling records only what differs from the base", () => {
    const collapsedA = toggledShape(none, 1, false, 2)!;
    expect(collapsedA.toggled).toEqual([1]);
    // Expanding it again forgets it.
    expect(toggledShape(collapsedA, 1, true, 2)!.toggled).toEqual([]);
    const all = { base: "all" as const, toggled: [], reveal: [] };
    // Under "all collapsed", expanding a span is the exception.
    expect(toggledShape(all, 3, true, 2)!.toggled).toEqual([3]);
    expect(toggledShape({ ...all, toggled: [3] }, 3, false, 2)!.toggled).toEqual([]);
  });

  it("collapsing a span forgets the reveals below it (they would hold it open)", () => {
    const s = { base: "all" as const, toggled: [], reveal: [2, 4] };
    // a (pos 1, subtree [1, 3)) is shown open because a1 is revealed; the person collapses it.
    const next = toggledShape(s, 1, false, 2)!;
    expect(next.reveal).toEqual([4]);
    expect(next.toggled).toEqual([]); // collapsed is what "all" says already
  });

  it("reveals are kept sorted, unique and bounded", () => {
    let s: Parameters<typeof revealedShape>[0] = { base: "none", toggled: [], reveal: [] };
    s = revealedShape(s, 9);
    s = revealedShape(s, 3);
    expect(revealedShape(s, 3)).toBe(s);
    expect(s.reveal).toEqual([3, 9]);
    for (let p = 100; p < 200; p++) s = revealedShape(s, p);
    expect(s.reveal.length).toBe(50);
    expect(s.reveal).toEqual([...s.reveal].sort((a, b) => a - b));
    expect(s.reveal.at(-1)).toBe(199);
  });

  it("too many toggles are refused rather than sent", () => {
    const many = { base: "none" as const, toggled: Array.from({ length: 500 }, (_, i) => i * 2), reveal: [] };
    expect(toggledShape(many, 1001, false, 3)).toBeUndefined();
  });

  it("keeps the windows nearest the rows in sight", () => {
    const w = (first: number) => ({ first }) as WindowRows;
    const kept = nearestWindows([w(0), w(200), w(400), w(600), w(800)], 610, 3);
    expect(kept.map((x) => x.first).sort((a, b) => a - b)).toEqual([400, 600, 800]);
  });
});
