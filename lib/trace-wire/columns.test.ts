import { describe, expect, it } from "vitest";
import { ColumnsFormatError, decodeColumns, encodeColumns } from "./columns";
import { decodeTrace } from "./codec";

const buf = (u: Uint8Array) => u.slice().buffer;

describe("columns", () => {
  it("round-trips a header and typed columns, each viewable in place", () => {
    const enc = encodeColumns(
      { hello: "wörld", n: 3 },
      {
        a: new Int32Array([1, -2, 3]),
        b: new Float64Array([0.5, 1e15, -3]),
        c: new Uint8Array([7, 8]),
        d: new Uint16Array([65535]),
      },
    );
    const d = decodeColumns<{ hello: string; n: number }>(buf(enc));
    expect(d.meta).toEqual({ hello: "wörld", n: 3 });
    expect([...(d.columns.a as Int32Array)]).toEqual([1, -2, 3]);
    expect([...(d.columns.b as Float64Array)]).toEqual([0.5, 1e15, -3]);
    expect(d.columns.c).toBeInstanceOf(Uint8Array);
    expect([...(d.columns.d as Uint16Array)]).toEqual([65535]);
  });

  it("rejects bytes that are not this format, or cut short", () => {
    const enc = encodeColumns({}, { a: new Float64Array(100) });
    expect(() => decodeColumns(new TextEncoder().encode('{"error":1}').buffer)).toThrow(ColumnsFormatError);
    expect(() => decodeColumns(buf(enc.subarray(0, 6)))).toThrow(/shorter/);
    expect(() => decodeColumns(buf(enc.subarray(0, enc.length - 8)))).toThrow(/runs past the end/);
  });

  it("a trace decode names the column that is missing", () => {
    const enc = encodeColumns({ n: 2, strings: [], services: [], idWidth: 1 }, { parentPos: new Int32Array(2) });
    expect(() => decodeTrace(buf(enc))).toThrow(/column depth/);
  });
});
