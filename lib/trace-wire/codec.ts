// WaterfallModel ⇄ bytes (columns.ts). The client checks that every column it reads exists
// with the right type and length; values are our own server's, so they are not re-validated.
import { type Column, ColumnsFormatError, decodeColumns, encodeColumns } from "./columns";
import { modelParts } from "./layout";
import type { TraceMeta, WaterfallModel } from "./model";

export function encodeTrace(m: WaterfallModel): Uint8Array {
  const { meta, columns } = modelParts(m);
  return encodeColumns(meta, columns);
}

const REQUIRED = {
  parentPos: Int32Array,
  depth: Int32Array,
  size: Int32Array,
  childCount: Int32Array,
  flags: Uint8Array,
  serviceOf: Int32Array,
  nameOf: Int32Array,
  kindOf: Uint8Array,
  statusOf: Uint8Array,
  statusMessageOf: Int32Array,
  offset: Float64Array,
  duration: Float64Array,
} as const;

export function decodeTrace(buf: ArrayBuffer): WaterfallModel {
  const { meta, columns } = decodeColumns<TraceMeta>(buf);
  if (!meta || typeof meta !== "object" || !Number.isInteger(meta.n) || meta.n < 0)
    throw new ColumnsFormatError("no span count");
  const n = meta.n;
  const col = <C extends Column>(name: string, Ctor: { new (...a: never[]): C }, length = n): C => {
    const c = columns[name];
    if (!(c instanceof Ctor) || c.length !== length)
      throw new ColumnsFormatError(`column ${name} missing or not ${length} × ${Ctor.name}`);
    return c;
  };
  const cols = Object.fromEntries(Object.entries(REQUIRED).map(([k, C]) => [k, col(k, C as never)])) as {
    [K in keyof typeof REQUIRED]: InstanceType<(typeof REQUIRED)[K]>;
  };
  if (!Array.isArray(meta.strings) || !Array.isArray(meta.services))
    throw new ColumnsFormatError("no string or service table");
  const extra: Record<string, Column> = {};
  for (const [k, v] of Object.entries(columns)) if (k.startsWith("x.")) extra[k.slice(2)] = v;
  return {
    ...meta,
    ...cols,
    ids: col("ids", Uint8Array, n * meta.idWidth),
    strings: meta.strings,
    orphanParents: meta.orphanParents ?? {},
    tables: meta.tables ?? {},
    extra,
  };
}
