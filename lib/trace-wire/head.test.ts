import { describe, expect, it } from "vitest";
import { micros } from "../model/time";
import type { Span } from "../model/trace";
import { traceHead } from "./head";
import { buildWaterfall } from "./layout";
import { nameAt, serviceAt, spanIdAt, statusMessageAt } from "./model";

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
