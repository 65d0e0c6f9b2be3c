// The trace as the waterfall needs it: flat typed arrays indexed by pre-order position (a
// subtree is the contiguous run [pos, pos + size)), plus a string table. Built on the server
// from the model's spans (layout.ts), sent as columns (columns.ts), viewed in place by the
// client: no per-span object exists in the browser. Attributes, events, links and the
// resource stay on the server; the span detail and the search ask for them.
import type { SpanKind, SpanStatus } from "../model/trace";
import type { TraceContainerRef, TraceUnmatched } from "../model/api";

/** Bits of `flags`. */
export const FLAG_ORPHAN = 1; // parentSpanId given but that span is not in the trace
export const FLAG_ERROR = 2;
export const FLAG_CYCLE = 4; // parent chain loops back (malformed data); broken into a root

export interface ServiceStat {
  name: string;
  spans: number;
  errors: number;
}

export const KINDS: readonly SpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];
export const STATUSES: readonly SpanStatus[] = ["unset", "ok", "error"];

/** Everything that is not a per-span column: JSON in the columnar header. */
export interface TraceMeta {
  traceId: string;
  /** The server's load of this trace: search positions are valid within one version. */
  version: string;
  warnings: string[];
  /** The containers the trace touched, each with its pivots (decided on the server). */
  containers: TraceContainerRef[];
  /** Services no container could be told for, with the reason. */
  unmatched: TraceUnmatched[];
  /** Spans outside the viewer's scope, shown without their details (access control). */
  redacted?: { spans: number; message: string };
  n: number;
  /** µs since the epoch. */
  traceStart: number;
  traceEnd: number;
  services: ServiceStat[];
  rootCount: number;
  orphanCount: number;
  errorCount: number;
  maxDepth: number;
  /** Names and status messages, indexed by the `name` / `statusMessage` columns. */
  strings: string[];
  /** Bytes per span ID in `ids` (IDs are ASCII, right-padded with spaces to this width). */
  idWidth: number;
  /** pos → the parent span ID it names, for orphans only (the tree has no row for it). */
  orphanParents: Record<string, string>;
  /** Opaque tables other features send along (keyed by feature); not read by the waterfall. */
  tables?: Record<string, unknown>;
}

export interface WaterfallModel extends Omit<TraceMeta, "strings" | "orphanParents" | "idWidth" | "tables"> {
  readonly strings: readonly string[];
  readonly orphanParents: Readonly<Record<string, string>>;
  readonly idWidth: number;
  readonly tables: Readonly<Record<string, unknown>>;
  /** pos → parent's pos, -1 for roots. */
  readonly parentPos: Int32Array;
  readonly depth: Int32Array;
  /** Subtree size including the span itself. */
  readonly size: Int32Array;
  readonly childCount: Int32Array;
  readonly flags: Uint8Array;
  /** pos → index into `services`. */
  readonly serviceOf: Int32Array;
  /** pos → index into `strings`. */
  readonly nameOf: Int32Array;
  /** pos → index into KINDS. */
  readonly kindOf: Uint8Array;
  /** pos → index into STATUSES. */
  readonly statusOf: Uint8Array;
  /** pos → index into `strings`, -1 for none. */
  readonly statusMessageOf: Int32Array;
  /** µs since `traceStart`. */
  readonly offset: Float64Array;
  /** µs. */
  readonly duration: Float64Array;
  /** n × idWidth ASCII bytes. */
  readonly ids: Uint8Array;
  /** Columns other features send along (e.g. a per-span container index). */
  readonly extra: Readonly<Record<string, Uint8Array | Uint16Array | Int32Array | Float64Array>>;
}

/** The span ID at a position. */
export function spanIdAt(m: WaterfallModel, pos: number): string {
  if (pos < 0 || pos >= m.n) return "";
  const w = m.idWidth;
  let end = pos * w + w;
  while (end > pos * w && m.ids[end - 1] === 0x20) end--;
  return String.fromCharCode.apply(null, m.ids.subarray(pos * w, end) as unknown as number[]);
}

export const serviceAt = (m: WaterfallModel, pos: number): string => m.services[m.serviceOf[pos]!]?.name ?? "";
export const nameAt = (m: WaterfallModel, pos: number): string => m.strings[m.nameOf[pos]!] ?? "";
export const kindAt = (m: WaterfallModel, pos: number): SpanKind => KINDS[m.kindOf[pos]!] ?? "unspecified";
export const statusAt = (m: WaterfallModel, pos: number): SpanStatus => STATUSES[m.statusOf[pos]!] ?? "unset";
export function statusMessageAt(m: WaterfallModel, pos: number): string | undefined {
  const i = m.statusMessageOf[pos]!;
  return i >= 0 ? m.strings[i] : undefined;
}

/** Does the ID at `pos` equal `id` (byte compare; no string built)? */
function idEquals(m: WaterfallModel, pos: number, id: string): boolean {
  const w = m.idWidth;
  if (id.length > w) return false;
  const base = pos * w;
  for (let i = 0; i < w; i++) {
    const c = i < id.length ? id.charCodeAt(i) : 0x20;
    if (m.ids[base + i] !== c) return false;
  }
  return true;
}

/** The position of a span ID (as given or zero-padded to 16 hex), or -1. Linear: used on demand. */
export function findSpanPos(m: WaterfallModel, spanId: string): number {
  for (let p = 0; p < m.n; p++) if (idEquals(m, p, spanId)) return p;
  const want = spanId.toLowerCase().replace(/^0+/, "");
  for (let p = 0; p < m.n; p++) {
    if (spanIdAt(m, p).toLowerCase().replace(/^0+/, "") === want) return p;
  }
  return -1;
}

/**
 * The index into `containers` of the container that ran the span at `pos` (the server's
 * `x.container` column, see TraceStore), or -1 when none could be told (`unmatched` says why).
 */
export function containerIndexAt(m: WaterfallModel, pos: number): number {
  const c = m.extra.container;
  if (!(c instanceof Int32Array) || c.length !== m.n || pos < 0 || pos >= m.n) return -1;
  const i = c[pos]!;
  return i >= 0 && i < m.containers.length ? i : -1;
}
