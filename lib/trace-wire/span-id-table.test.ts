import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { micros } from "../model/time";
import type { Span } from "../model/trace";
import { idTable } from "./span-id-table";

const span = (spanId: string): Span => ({
  traceId: "t",
  spanId,
  service: "s",
  name: "n",
  kind: "internal",
  start: micros(0),
  duration: micros(0),
  status: "unset",
  attributes: {},
  events: [],
  links: [],
  resource: {},
});

describe("idTable", () => {
  it("finds the first span with each ID, hex or not, and -1 for others (property)", () => {
    const id = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 16 }),
      fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF-"), minLength: 1, maxLength: 18 }),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 60 }), fc.array(id, { maxLength: 20 }), (ids, others) => {
        const spans = ids.map(span);
        const find = idTable(spans);
        for (const q of [...ids, ...others]) expect(find(q)).toBe(ids.indexOf(q));
      }),
    );
  });

  it("tells apart IDs that differ only in case or in the first half", () => {
    const ids = ["00000000000000ab", "00000000000000AB", "10000000000000ab", "ab"];
    const find = idTable(ids.map(span));
    expect(ids.map(find)).toEqual([0, 1, 2, 3]);
    expect(find("00000000000000ac")).toBe(-1);
  });
});
