// Spans → the waterfall's columns, in O(n log n) (one sort by start time). Runs on the server
// (the client receives the result as columns); also what tests build models with.
import type { TraceContainerRef, TraceUnmatched } from "../model/api";
import { type SpanTable, spanTableOf } from "../model/span-table";
import type { Span } from "../model/trace";
import {
  FLAG_CYCLE,
  FLAG_ERROR,
  FLAG_ORPHAN,
  type ServiceStat,
  STATUSES,
  type TraceMeta,
  type WaterfallModel,
} from "./model";
import { idTableBytes, idTableOfWords } from "./span-id-table";
import { runSteps, runStepsYielding, type Steps } from "../steps";

export interface LaidOut extends WaterfallModel {
  /** pos → index into the spans it was built from (server side: detail and search). */
  readonly order: Int32Array;
}

export interface TraceInfo {
  traceId?: string;
  version?: string;
  warnings?: string[];
  containers?: TraceContainerRef[];
  unmatched?: TraceUnmatched[];
  /** Spans outside the viewer's scope, shown without their details (access control). */
  redacted?: { spans: number; message: string };
}

const HEX_CODES = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const STATUS_INDEX = new Map(STATUSES.map((s, i) => [s, i]));

/** Sort ids[from, to) by (start, id): insertion sort for short or nearly sorted runs. */
function sortByStart(ids: Int32Array, from: number, to: number, start: Float64Array): void {
  const len = to - from;
  if (len < 2) return;
  const before = (a: number, b: number) => start[a]! < start[b]! || (start[a] === start[b] && a < b);
  let inversions = 0;
  for (let k = from + 1; k < to; k++) if (before(ids[k]!, ids[k - 1]!)) inversions++;
  if (inversions === 0) return;
  if (len <= 32 || inversions <= 8) {
    for (let k = from + 1; k < to; k++) {
      const v = ids[k]!;
      let j = k - 1;
      while (j >= from && before(v, ids[j]!)) {
        ids[j + 1] = ids[j]!;
        j--;
      }
      ids[j + 1] = v;
    }
    return;
  }
  const run = Array.from(ids.subarray(from, to));
  run.sort((a, b) => start[a]! - start[b]! || a - b);
  ids.set(run, from);
}

export function buildWaterfall(spans: readonly Span[], info: TraceInfo = {}): LaidOut {
  const table = spanTableOf({ traceId: spans[0]?.traceId ?? "", spans: spans as Span[], warnings: [] });
  return buildWaterfallTable(table, info);
}

/** The layout from a trace's columns (lib/model/span-table.ts): no span object is read. */
export function buildWaterfallTable(table: SpanTable, info: TraceInfo = {}): LaidOut {
  return runSteps(layoutSteps(table, info));
}

/**
 * buildWaterfallTable with the event loop free between its phases (each a pass over the spans:
 * ~100 ms at a million spans, the whole layout ~0.6 s): what the server's trace store runs.
 */
export function buildWaterfallTableAsync(table: SpanTable, info: TraceInfo = {}): Promise<LaidOut> {
  return runStepsYielding(layoutSteps(table, info));
}

/** The two longest passes also yield every 2^17 spans (~50 ms at most between yields). */
const STEP_MASK = (1 << 17) - 1;

function* layoutSteps(table: SpanTable, info: TraceInfo): Steps<LaidOut> {
  const n = table.n;
  // One scratch buffer serves three phases in turn: the ID table (dead after the parent
  // lookups), the walk's arrays (dead after the walk), the gather's records. Fresh memory is
  // not free: the first write to each page costs a fault (~12 µs per 4 KiB measured in this
  // VM), so at a million spans sharing it saves ~80 MB of faults.
  const scratch = new ArrayBuffer(Math.max(idTableBytes(n), (7 * n + 4) * 4, n * 40));
  const lookup = idTableOfWords(n, table.idHi, table.idLo, table.idPacked, (i) => table.spanId(i), scratch);
  yield;
  const flagsByIdx = new Uint8Array(n);
  const parentIdx = new Int32Array(n).fill(-1);
  const startByIdx = table.start;
  const durByIdx = new Float64Array(n);
  const serviceByIdx = new Int32Array(n);
  const serviceIds = new Map<string, number>();
  const services: ServiceStat[] = [];
  // Group (process) → service index, decided once per group.
  const sidOfGroup = table.groups.map((g) => {
    let sid = serviceIds.get(g.service);
    if (sid === undefined) {
      sid = services.length;
      serviceIds.set(g.service, sid);
      services.push({ name: g.service, spans: 0, errors: 0 });
    }
    return sid;
  });
  // Services are numbered in order of first span, as before.
  const firstSeen = new Int32Array(services.length).fill(-1);
  let seen = 0;
  let traceStart = Number.POSITIVE_INFINITY;
  let traceEnd = Number.NEGATIVE_INFINITY;
  let idWidth = 1;
  const nameTmp = table.nameOf;
  const msgTmp = table.statusMessageOf;
  const kindByIdx = table.kind;
  const statusByIdx = table.status;
  const tmpStrings = table.strings;
  const ID_SLOT = 16;
  // Usually every ID is 16 hex digits (two words): then the IDs are written as text straight
  // into the pre-order column below, with no index-order copy of them.
  let allPacked = true;
  for (let i = 0; i < n && allPacked; i++) if (table.idPacked[i] !== 1) allPacked = false;
  const idBytes = new Uint8Array(allPacked ? 0 : n * ID_SLOT).fill(0x20);
  if (allPacked && n > 0) idWidth = 16;
  const HEXC = HEX_CODES;
  const ERROR = STATUS_INDEX.get("error")!;
  const { idHi, idLo, idPacked, parentState, parentHi, parentLo, groupOf, duration: durIn } = table;
  for (let i = 0; i < n; i++) {
    if ((i & STEP_MASK) === STEP_MASK) yield;
    const base = i * ID_SLOT;
    if (allPacked) {
      // Written in pre-order below.
    } else if (idPacked[i] === 1) {
      const hi = idHi[i]!;
      const lo = idLo[i]!;
      for (let k = 0; k < 8; k++) {
        idBytes[base + k] = HEXC[(hi >>> (28 - 4 * k)) & 15]!;
        idBytes[base + 8 + k] = HEXC[(lo >>> (28 - 4 * k)) & 15]!;
      }
      if (idWidth < 16) idWidth = 16;
    } else {
      const sid = table.spanId(i);
      for (let c = 0, w = Math.min(sid.length, ID_SLOT); c < w; c++) idBytes[base + c] = sid.charCodeAt(c) & 0x7f;
      if (sid.length > idWidth) idWidth = sid.length;
    }
    const start = startByIdx[i]!;
    const dur = Math.max(0, durIn[i]!) || 0; // NaN from a broken span counts as 0
    durByIdx[i] = dur;
    if (start < traceStart) traceStart = start;
    if (start + dur > traceEnd) traceEnd = start + dur;
    const sid = sidOfGroup[groupOf[i]!]!;
    serviceByIdx[i] = sid;
    if (firstSeen[sid]! < 0) firstSeen[sid] = seen++;
    if (statusByIdx[i] === ERROR) flagsByIdx[i]! |= FLAG_ERROR;
    const ps = parentState[i]!;
    if (ps === 0) continue;
    const p = ps === 1 ? lookup.words(parentHi[i]!, parentLo[i]!) : lookup.string(table.parentSpanId(i) ?? "");
    if (p < 0) flagsByIdx[i]! |= FLAG_ORPHAN;
    else if (p === i) flagsByIdx[i]! |= FLAG_CYCLE;
    else parentIdx[i] = p;
  }
  yield;
  // Renumber services by first span (several groups may share a service, and a group may
  // have no spans): the order the client has always seen.
  if (seen !== services.length || firstSeen.some((v, k) => v !== k)) {
    const kept: ServiceStat[] = new Array(seen);
    for (let k = 0; k < services.length; k++) if (firstSeen[k]! >= 0) kept[firstSeen[k]!] = services[k]!;
    for (let i = 0; i < n; i++) serviceByIdx[i] = firstSeen[serviceByIdx[i]!]!;
    services.length = 0;
    services.push(...kept);
  }

  // Children as CSR: childStart[p]..childStart[p+1] in `kids`; slot n holds the roots. Each
  // child list is then sorted by (start, index) on its own: lists are short and usually
  // nearly sorted, which costs far less than one comparator sort over the whole trace.
  let at = 0;
  const view = (len: number) => {
    const v = new Int32Array(scratch, at, len);
    at += len * 4;
    return v;
  };
  const counts = view(n + 2).fill(0);
  for (let i = 0; i < n; i++) {
    const p = parentIdx[i]!;
    counts[(p < 0 ? n : p) + 1]!++;
  }
  for (let i = 1; i < n + 2; i++) counts[i]! += counts[i - 1]!;
  const childStart = view(n + 2);
  childStart.set(counts);
  const fill = counts; // from here on: the next free slot of each list
  const kids = view(n);
  for (let i = 0; i < n; i++) {
    const p = parentIdx[i]!;
    kids[fill[p < 0 ? n : p]!++] = i;
  }
  for (let p = 0; p <= n; p++) sortByStart(kids, childStart[p]!, childStart[p + 1]!, startByIdx);
  yield;

  // Pre-order walk. Each stack entry carries its parent's position and its depth, so the
  // rows' parentPos and depth are written in row order here, not gathered from span order.
  const order = new Int32Array(n);
  const posOf = view(n).fill(-1);
  const parentPos = new Int32Array(n);
  const depth = new Int32Array(n);
  const stack = view(n);
  const stackPar = view(n);
  const stackDepth = view(n);
  let next = 0;
  let maxDepth = 0;
  const walk = (root: number) => {
    let top = 0;
    stack[0] = root;
    stackPar[0] = -1;
    stackDepth[0] = 0;
    top = 1;
    while (top > 0) {
      const i = stack[--top]!;
      if (posOf[i]! >= 0) continue;
      const p = next++;
      posOf[i] = p;
      order[p] = i;
      parentPos[p] = stackPar[top]!;
      const d = stackDepth[top]!;
      depth[p] = d;
      if (d > maxDepth) maxDepth = d;
      for (let c = childStart[i + 1]! - 1; c >= childStart[i]!; c--) {
        const child = kids[c]!;
        if (posOf[child]! >= 0) continue;
        stack[top] = child;
        stackPar[top] = p;
        stackDepth[top] = d + 1;
        top++;
      }
    }
  };
  for (let c = childStart[n]!; c < childStart[n + 1]!; c++) walk(kids[c]!);
  // Spans still unplaced sit on a parent cycle: the earliest of each becomes a root.
  if (next < n) {
    const byStart = new Int32Array(n);
    for (let i = 0; i < n; i++) byStart[i] = i;
    sortByStart(byStart, 0, n, startByIdx);
    for (let k = 0; k < n; k++) {
      const i = byStart[k]!;
      if (posOf[i]! >= 0) continue;
      parentIdx[i] = -1;
      flagsByIdx[i]! |= FLAG_CYCLE;
      walk(i);
    }
  }

  yield;
  // What each row shows, gathered from span order. One 40-byte record per span, written in
  // span order (sequential reads of the columns), so the gather below reads one record per
  // row instead of a dozen scattered columns: at a million spans those cache misses were
  // most of the layout's time.
  const REC = 10; // int32 slots per record; float64 slots 0-1 are start and duration
  const recI = new Int32Array(scratch, 0, n * REC); // the walk's arrays are dead now
  const recF = new Float64Array(scratch, 0, n * (REC / 2));
  for (let i = 0; i < n; i++) {
    const r = i * REC;
    recF[r >> 1] = startByIdx[i]!;
    recF[(r >> 1) + 1] = durByIdx[i]!;
    recI[r + 4] = serviceByIdx[i]!;
    recI[r + 5] = nameTmp[i]!;
    recI[r + 6] = msgTmp[i]!;
    recI[r + 7] = idHi[i]!;
    recI[r + 8] = idLo[i]!;
    recI[r + 9] = kindByIdx[i]! | (statusByIdx[i]! << 8) | (flagsByIdx[i]! << 16) | (parentIdx[i]! < 0 ? 1 << 24 : 0);
  }

  yield;
  const flags = new Uint8Array(n);
  const offset = new Float64Array(n);
  const duration = new Float64Array(n);
  const serviceOf = new Int32Array(n);
  const nameOf = new Int32Array(n);
  const kindOf = new Uint8Array(n);
  const statusOf = new Uint8Array(n);
  const statusMessageOf = new Int32Array(n);
  const ids = new Uint8Array(n * idWidth).fill(0x20);
  // The string table is numbered in pre-order of first use, as the client has always seen it.
  const strings: string[] = [];
  const remap = new Int32Array(tmpStrings.length).fill(-1);
  const str = (t: number) => {
    let id = remap[t]!;
    if (id < 0) {
      id = strings.length;
      strings.push(tmpStrings[t]!);
      remap[t] = id;
    }
    return id;
  };
  const orphanParents: Record<string, string> = {};
  if (n === 0) traceStart = traceEnd = 0;

  let rootCount = 0;
  let orphanCount = 0;
  let errorCount = 0;
  const spansOf = new Int32Array(services.length);
  const errorsOf = new Int32Array(services.length);
  for (let p = 0; p < n; p++) {
    if ((p & STEP_MASK) === STEP_MASK) yield;
    const i = order[p]!;
    const r = i * REC;
    const bits = recI[r + 9]!;
    const f = (bits >>> 16) & 0xff;
    flags[p] = f;
    offset[p] = recF[r >> 1]! - traceStart;
    duration[p] = recF[(r >> 1) + 1]!;
    const sid = recI[r + 4]!;
    serviceOf[p] = sid;
    nameOf[p] = str(recI[r + 5]!);
    kindOf[p] = bits & 0xff;
    statusOf[p] = (bits >>> 8) & 0xff;
    const msg = recI[r + 6]!;
    statusMessageOf[p] = msg >= 0 ? str(msg) : -1;
    if (allPacked) {
      const hi = recI[r + 7]!;
      const lo = recI[r + 8]!;
      const to = p * 16;
      for (let k = 0; k < 8; k++) {
        ids[to + k] = HEXC[(hi >>> (28 - 4 * k)) & 15]!;
        ids[to + 8 + k] = HEXC[(lo >>> (28 - 4 * k)) & 15]!;
      }
    } else if (idWidth <= ID_SLOT) {
      for (let c = 0, to = p * idWidth, from = i * ID_SLOT; c < idWidth; c++) ids[to + c] = idBytes[from + c]!;
    } else {
      const id = table.spanId(i);
      for (let c = 0, base = p * idWidth; c < id.length; c++) ids[base + c] = id.charCodeAt(c) & 0x7f;
    }
    spansOf[sid]!++;
    if (bits & (1 << 24)) rootCount++;
    if (f & FLAG_ORPHAN) {
      orphanCount++;
      orphanParents[p] = table.parentSpanId(i) ?? "";
    }
    if (f & FLAG_ERROR) {
      errorCount++;
      errorsOf[sid]!++;
    }
  }
  for (let k = 0; k < services.length; k++) {
    services[k]!.spans += spansOf[k]!;
    services[k]!.errors += errorsOf[k]!;
  }

  yield;
  // Children follow their parent in pre-order, so a reverse pass sums subtree sizes.
  const size = new Int32Array(n).fill(1);
  const childCount = new Int32Array(n);
  for (let p = n - 1; p >= 0; p--) {
    const par = parentPos[p]!;
    if (par >= 0) {
      size[par]! += size[p]!;
      childCount[par]!++;
    }
  }

  return {
    traceId: info.traceId ?? table.traceId,
    version: info.version ?? "",
    warnings: info.warnings ?? [],
    containers: info.containers ?? [],
    unmatched: info.unmatched ?? [],
    ...(info.redacted ? { redacted: info.redacted } : {}),
    n,
    order,
    parentPos,
    depth,
    size,
    childCount,
    flags,
    serviceOf,
    nameOf,
    kindOf,
    statusOf,
    statusMessageOf,
    offset,
    duration,
    ids,
    idWidth,
    strings,
    orphanParents,
    tables: {},
    extra: {},
    traceStart,
    traceEnd,
    services,
    rootCount,
    orphanCount,
    errorCount,
    maxDepth,
  };
}

/** The trace's summary fields, shared by the full header (modelParts) and the page's head rows. */
export function summaryOf(m: WaterfallModel) {
  return {
    traceId: m.traceId,
    version: m.version,
    warnings: m.warnings,
    containers: m.containers,
    unmatched: m.unmatched,
    ...(m.redacted ? { redacted: m.redacted } : {}),
    n: m.n,
    traceStart: m.traceStart,
    traceEnd: m.traceEnd,
    services: m.services,
    rootCount: m.rootCount,
    orphanCount: m.orphanCount,
    errorCount: m.errorCount,
    maxDepth: m.maxDepth,
  };
}

/** The columns and header the client needs (everything but `order`). */
export function modelParts(m: WaterfallModel): {
  meta: TraceMeta;
  columns: Record<string, WaterfallModel["ids"] | Int32Array | Float64Array | Uint16Array>;
} {
  const meta: TraceMeta = {
    ...summaryOf(m),
    strings: [...m.strings],
    idWidth: m.idWidth,
    orphanParents: { ...m.orphanParents },
    tables: { ...m.tables },
  };
  return {
    meta,
    columns: {
      parentPos: m.parentPos,
      depth: m.depth,
      size: m.size,
      childCount: m.childCount,
      flags: m.flags,
      serviceOf: m.serviceOf,
      nameOf: m.nameOf,
      kindOf: m.kindOf,
      statusOf: m.statusOf,
      statusMessageOf: m.statusMessageOf,
      offset: m.offset,
      duration: m.duration,
      ids: m.ids,
      ...Object.fromEntries(Object.entries(m.extra).map(([k, v]) => [`x.${k}`, v])),
    },
  };
}

/**
 * Attach a per-span column given in the order of the spans the layout was built from (e.g. a
 * container index per span): it is re-ordered to pre-order and sent as `x.<name>`; the client
 * reads it as `model.extra[name][pos]`. `table` rides in the header as `tables[name]`.
 */
export function attachSpanColumn<C extends Uint8Array | Uint16Array | Int32Array | Float64Array>(
  laid: LaidOut,
  name: string,
  byIndex: C,
  table?: unknown,
): LaidOut {
  if (byIndex.length !== laid.n) throw new Error(`column ${name}: ${byIndex.length} values for ${laid.n} spans`);
  const out = new (byIndex.constructor as { new (n: number): C })(laid.n);
  for (let p = 0; p < laid.n; p++) out[p] = byIndex[laid.order[p]!]!;
  return {
    ...laid,
    extra: { ...laid.extra, [name]: out },
    tables: table === undefined ? laid.tables : { ...laid.tables, [name]: table },
  };
}
