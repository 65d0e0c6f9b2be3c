// A small binary container for columnar data between Sightline's server and its client:
// a JSON header (anything JSON: tables, strings, counts) followed by typed-array columns that
// the client views in place, with no per-element parsing. Columns are named, so a feature can
// add its own (e.g. a per-span container index) without changing the format.
//
//   "SLC1" | u32 header byte length | header (UTF-8 JSON) | padding to 8 | column bytes…
//
// Little-endian throughout (every platform Sightline's client runs on); each column starts on
// an 8-byte boundary so Float64Array views need no copy.

export type ColumnType = "u8" | "u16" | "i32" | "f64";
export type Column = Uint8Array | Uint16Array | Int32Array | Float64Array;

interface ColumnEntry {
  name: string;
  type: ColumnType;
  /** Byte offset from the start of the buffer. */
  offset: number;
  /** Element count. */
  length: number;
}

interface Header<M> {
  meta: M;
  columns: ColumnEntry[];
}

const MAGIC = [0x53, 0x4c, 0x43, 0x31]; // "SLC1"
export const COLUMNS_CONTENT_TYPE = "application/vnd.sightline.columns";

const CTORS = {
  u8: Uint8Array,
  u16: Uint16Array,
  i32: Int32Array,
  f64: Float64Array,
} as const;

function typeOf(c: Column): ColumnType {
  if (c instanceof Uint8Array) return "u8";
  if (c instanceof Uint16Array) return "u16";
  if (c instanceof Int32Array) return "i32";
  return "f64";
}

const align8 = (x: number) => (x + 7) & ~7;

export function encodeColumns<M>(meta: M, columns: Record<string, Column>): Uint8Array {
  const names = Object.keys(columns);
  // Offsets depend on the header length, which depends on the offsets' digits: lay out with
  // a fixed-width guess, then pad the header with spaces to the reserved size.
  const entries: ColumnEntry[] = names.map((name) => ({
    name,
    type: typeOf(columns[name]!),
    offset: 0,
    length: columns[name]!.length,
  }));
  const draft = new TextEncoder().encode(JSON.stringify({ meta, columns: entries } satisfies Header<M>));
  // Each offset grows by at most 12 digits over the draft's "0".
  const reserved = draft.length + entries.length * 12;
  let at = align8(8 + reserved);
  for (const e of entries) {
    e.offset = at;
    at = align8(at + columns[e.name]!.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta, columns: entries } satisfies Header<M>));
  if (header.length > reserved) throw new Error("columns: header grew past its reservation");
  const out = new Uint8Array(at);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, reserved, true);
  out.set(header, 8);
  out.fill(0x20, 8 + header.length, 8 + reserved);
  for (const e of entries) {
    const c = columns[e.name]!;
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), e.offset);
  }
  return out;
}

export class ColumnsFormatError extends Error {
  constructor(message: string) {
    super(`columnar response: ${message}`);
    this.name = "ColumnsFormatError";
  }
}

export interface Decoded<M> {
  meta: M;
  columns: Record<string, Column>;
}

/** Views into `buf`; checks every offset and length against the buffer before viewing. */
export function decodeColumns<M>(buf: ArrayBuffer): Decoded<M> {
  if (buf.byteLength < 8) throw new ColumnsFormatError("shorter than its header");
  const head = new Uint8Array(buf, 0, 8);
  if (MAGIC.some((b, i) => head[i] !== b)) throw new ColumnsFormatError("bad magic");
  const len = new DataView(buf).getUint32(4, true);
  if (8 + len > buf.byteLength) throw new ColumnsFormatError("header runs past the end");
  let header: Header<M>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, len))) as Header<M>;
  } catch {
    throw new ColumnsFormatError("header is not JSON");
  }
  if (!header || typeof header !== "object" || !Array.isArray(header.columns))
    throw new ColumnsFormatError("header has no column list");
  const columns: Record<string, Column> = {};
  for (const e of header.columns) {
    const Ctor = CTORS[e.type];
    if (!Ctor || !Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset % 8 !== 0 || e.length < 0)
      throw new ColumnsFormatError(`bad column entry ${JSON.stringify(e).slice(0, 80)}`);
    if (e.offset + e.length * Ctor.BYTES_PER_ELEMENT > buf.byteLength)
      throw new ColumnsFormatError(`column ${e.name} runs past the end`);
    columns[e.name] = new Ctor(buf, e.offset, e.length);
  }
  return { meta: header.meta, columns };
}
