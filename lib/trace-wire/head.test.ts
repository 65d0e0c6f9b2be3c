import { describe, expect, it } from "vitest";
import { micros } from "../model/time";
import type { Span } from "../model/trace";
import { decodeTrace, encodeTrace } from "./codec";
import { sliceModel, traceHead } from "./head";
import { attachSpanColumn, buildWaterfall } from "./layout";
import { FLAG_ORPHAN, nameAt, serviceAt, spanIdAt, statusMessageAt } from "./model";

function span(i: number, parent: number | undefined, extra: Partial<Span> = {}): Span {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: `s${i}`,
    parentSpanId: parent === undefined ? undefined : `s${parent}`,
    service: `svc-${i % 3}`,
    name: `op-${i}`,
    kind: "server",
    start: micros(1_000 + i),
    duration: micros(5),
    status: i % 4 === 0 ? "error" : "unset",
    statusMessage: i % 4 === 0 ? `boom ${i}` : undefined,
    attributes: {},
    events: [],
    links: [],
    resource: {},
    ...extra,
  };
}

// A root with 200 children, one orphan at the end (its parent is not in the trace).
const spans = [span(0, undefined), ...Array.from({ length: 199 }, (_, i) => span(i + 1, 0)), span(200, 999)];
const full = buildWaterfall(spans, { traceId: "0af7651916cd43dd8448eb211c80319c", version: "v1" });

describe("traceHead", () => {
  it("keeps the first rows exactly as the full model shows them", () => {
    const head = traceHead(full, 20);
    expect(head.rows).toBe(20);
    for (let p = 0; p < 20; p++) {
      expect(spanIdAt(head.model, p)).toBe(spanIdAt(full, p));
      expect(nameAt(head.model, p)).toBe(nameAt(full, p));
      expect(serviceAt(head.model, p)).toBe(serviceAt(full, p));
      expect(statusMessageAt(head.model, p)).toBe(statusMessageAt(full, p));
      expect(head.model.depth[p]).toBe(full.depth[p]);
      expect(head.model.size[p]).toBe(full.size[p]);
      expect(head.model.offset[p]).toBe(full.offset[p]);
      expect(head.model.flags[p]).toBe(full.flags[p]);
    }
  });

  it("keeps the whole trace's summary but only the columns and strings of its rows", () => {
    const head = traceHead(full, 20);
    expect(head.model.n).toBe(201);
    expect(head.model.services).toEqual(full.services);
    expect(head.model.errorCount).toBe(full.errorCount);
    expect(head.model.orphanCount).toBe(1);
    expect(head.model.traceEnd).toBe(full.traceEnd);
    expect(head.model.version).toBe("v1");
    expect(head.model.depth.length).toBe(20);
    expect(head.model.ids.length).toBe(20 * full.idWidth);
    // 20 names and the messages of the 5 failing spans among them, not the trace's 251 strings.
    expect(head.model.strings.length).toBeLessThanOrEqual(25);
    expect(Object.keys(head.model.orphanParents)).toEqual([]);
  });

  it("is the whole trace when it is short", () => {
    const head = traceHead(full, 1_000);
    expect(head.rows).toBe(201);
    expect(spanIdAt(head.model, 200)).toBe(spanIdAt(full, 200));
    expect(head.model.orphanParents).toEqual(full.orphanParents);
  });
});

describe("sliceModel", () => {
  // The orphan (pos 200), a few children and the root; extra columns ride along.
  const withExtra = attachSpanColumn(
    full,
    "container",
    Int32Array.from({ length: 201 }, (_, i) => i * 10),
  );
  const positions = Int32Array.from([0, 4, 8, 150, 200]);
  const slice = sliceModel(withExtra, positions);

  it("holds the rows at those positions, local index i = positions[i]", () => {
    expect(slice.n).toBe(5);
    expect(slice.depth.length).toBe(5);
    expect(slice.ids.length).toBe(5 * full.idWidth);
    positions.forEach((p, i) => {
      expect(spanIdAt(slice, i)).toBe(spanIdAt(full, p));
      expect(nameAt(slice, i)).toBe(nameAt(full, p));
      expect(serviceAt(slice, i)).toBe(serviceAt(full, p));
      expect(statusMessageAt(slice, i)).toBe(statusMessageAt(full, p));
      expect(slice.size[i]).toBe(full.size[p]);
      expect(slice.childCount[i]).toBe(full.childCount[p]);
      expect(slice.offset[i]).toBe(full.offset[p]);
      // parentPos stays a whole-trace position (the parent may not be in the slice)
      expect(slice.parentPos[i]).toBe(full.parentPos[p]);
    });
    expect(slice.parentPos[3]).toBe(0);
  });

  it("keeps only the strings its rows use, and the whole trace's summary but n", () => {
    const used = new Set<string>();
    positions.forEach((p) => {
      used.add(nameAt(full, p));
      const msg = statusMessageAt(full, p);
      if (msg !== undefined) used.add(msg);
    });
    expect(new Set(slice.strings)).toEqual(used);
    expect(slice.strings.length).toBe(used.size);
    expect(slice.services).toEqual(full.services);
    expect(slice.errorCount).toBe(full.errorCount);
    expect(slice.traceEnd).toBe(full.traceEnd);
  });

  it("keys orphanParents by local index", () => {
    expect(full.flags[200]! & FLAG_ORPHAN).toBe(FLAG_ORPHAN);
    expect(slice.orphanParents).toEqual({ 4: full.orphanParents[200] });
    expect(slice.flags[4]! & FLAG_ORPHAN).toBe(FLAG_ORPHAN);
  });

  it("slices every extra column and adds the global positions as extra.pos", () => {
    expect(Array.from(slice.extra.container!)).toEqual([0, 40, 80, 1500, 2000]);
    expect(slice.extra.pos).toBeInstanceOf(Int32Array);
    expect(Array.from(slice.extra.pos!)).toEqual(Array.from(positions));
  });

  it("survives the codec, x.pos and an x.row column included", () => {
    const row = Uint8Array.from([1, 0, 2, 3, 0]);
    const back = decodeTrace(
      encodeTrace({ ...slice, extra: { ...slice.extra, row }, tables: { window: { first: 7 } } }).slice().buffer,
    );
    expect(back.n).toBe(5);
    expect(Array.from(back.extra.pos!)).toEqual(Array.from(positions));
    expect(Array.from(back.extra.row!)).toEqual([1, 0, 2, 3, 0]);
    expect(Array.from(back.extra.container!)).toEqual([0, 40, 80, 1500, 2000]);
    expect(Array.from(back.parentPos)).toEqual(Array.from(slice.parentPos));
    expect(back.strings).toEqual(slice.strings);
    expect(back.orphanParents).toEqual(slice.orphanParents);
    expect(back.tables).toEqual({ window: { first: 7 } });
    for (let i = 0; i < 5; i++) expect(spanIdAt(back, i)).toBe(spanIdAt(slice, i));
  });

  it("of no positions is an empty model with the trace's summary", () => {
    const empty = sliceModel(full, new Int32Array(0));
    expect(empty.n).toBe(0);
    expect(empty.strings).toEqual([]);
    expect(decodeTrace(encodeTrace(empty).slice().buffer).n).toBe(0);
  });
});
