// Decoded traces kept on the server, so the browser receives only the waterfall's columns and
// asks for the rest (span detail, search) when it needs it. A bounded LRU by estimated bytes;
// concurrent requests for the same trace share one backend call.
import type { TimeRange } from "../model/time";
import { spanIndexOf } from "../model/span-table";
import type { Span, Trace } from "../model/trace";
import { encodeTrace } from "../trace-wire/codec";
import { attachSpanColumn, buildWaterfallTable, buildWaterfallTableAsync, type LaidOut } from "../trace-wire/layout";
import { getBackends } from "./backends";
import { listContainers } from "./containers";
import { placeContext } from "./pivot-context";
import { type LoadedTrace, type LoadTraceDeps, loadTrace, type TraceLookup } from "./trace";
import { traceMark } from "../trace-timing";
import { TraceProgress, type TraceRead } from "../backends/trace-progress";
import { FLAG_ORPHAN } from "../trace-wire/model";
import { HEAD_ROWS, type TraceHead, type TraceLoading, traceHead } from "../trace-wire/head";

export interface StoredTrace {
  key: string;
  /** Changes whenever the trace is fetched again: positions are only valid within a version. */
  version: string;
  /** The trace's columns and placement; `body.table.span(i)` builds one span on demand. */
  body: LoadedTrace;
  laid: LaidOut;
  /** The pivot context (margins, configured backends) the placement was decided with. */
  placeKey: string;
  /** The encoded columns, made on first use. */
  encoded?: Uint8Array;
  /** The JSON traces API's body (TraceResponse), kept after first use when small. */
  json?: Uint8Array;
  bytes: number;
  loadedAt: number;
  /**
   * Count `delta` more (or fewer) bytes against the store's cap for this entry: what features
   * keep alongside it (a huge trace's views and searches, lib/server/trace-window.ts). Set by
   * the store that holds it; a no-op once the entry is evicted.
   */
  charge?: (delta: number) => void;
}

/**
 * get's answer if it comes by `deadline` (epoch ms); else, once spans of the trace are decoded,
 * its first rows laid out from them (TraceStore.partialHead), the load going on meanwhile.
 * A trace page of a huge trace paints these instead of waiting for all of it.
 */
export async function lookupOrPartial(
  store: TraceStore,
  l: Loading,
  traceId: string,
  deadline: number,
): Promise<{ lookup: StoreLookup } | { partial: PartialHead }> {
  for (let wait = deadline - Date.now(); ; wait = PARTIAL_POLL_MS) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const r = await Promise.race([
      l.done,
      new Promise<undefined>((res) => {
        timer = setTimeout(() => res(undefined), Math.max(0, wait));
      }),
    ]).finally(() => clearTimeout(timer));
    if (r) return { lookup: r };
    if (!l.progress) return { lookup: await l.done };
    const partial = store.partialHead(traceId, l.progress);
    if (partial) return { partial };
  }
}

/** A partial head this recent is served again instead of laying out the spans decoded since. */
const PARTIAL_REUSE_MS = 500;

/** How often lookupOrPartial looks again when no span of the trace is decoded yet. */
const PARTIAL_POLL_MS = 100;

/** A lookup under way (TraceStore.start). */
export interface Loading {
  done: Promise<StoreLookup>;
  progress?: TraceProgress;
}

/** The first rows of a trace still loading (TraceStore.partialHead) and how far the load is. */
export interface PartialHead extends TraceHead {
  loading: TraceLoading;
}

export type StoreLookup = { kind: "ok"; stored: StoredTrace } | Exclude<TraceLookup, { kind: "ok" }>;

/** A page load re-fetches a trace older than this (late spans); detail and search never do. */
export const DEFAULT_FRESH_MS = 30_000;

/** SIGHTLINE_TRACE_FRESH_MS, or DEFAULT_FRESH_MS when unset or not a number ≥ 0. */
export function freshMs(): number {
  const v = Number(process.env.SIGHTLINE_TRACE_FRESH_MS);
  return process.env.SIGHTLINE_TRACE_FRESH_MS && Number.isFinite(v) && v >= 0 ? v : DEFAULT_FRESH_MS;
}
export { estimateSpansBytes } from "../model/span-table";

const DEFAULT_CAP_MB = 512;
/** The JSON body of a 1,000-span trace is ~0.5 MB; one of 100,000 is not kept. */
const JSON_KEEP_BYTES = 8 * 1024 * 1024;

function capBytes(): number {
  const mb = Number(process.env.SIGHTLINE_TRACE_CACHE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_CAP_MB) * 1024 * 1024;
}

const keyOf = (traceId: string, range?: TimeRange, scope?: StoreScope) =>
  `${traceId}|${range ? `${range.from}-${range.to}` : ""}|${scope?.key ?? ""}`;

/**
 * Whose view of the trace (access control, lib/server/auth): callers with the same scope share
 * one stored copy; a scoped caller's copy is placed among its own containers only and has the
 * spans of other containers stripped of their details before anything is encoded, searched or
 * served. Without a scope: the full view (auth off, or an identity that sees everything).
 */
export interface StoreScope {
  /** Equal for callers who see the same containers; "" = everything. */
  key: string;
  inventory: LoadTraceDeps["inventory"];
  redact?: (t: Trace) => { trace: Trace; hidden: number; shown: number };
}
const placeKeyOf = (d: LoadTraceDeps) => JSON.stringify(d.place);

let versionSeq = 0;

export class TraceStore {
  private readonly entries = new Map<string, StoredTrace>();
  private readonly loading = new Map<string, Loading & { progress: TraceProgress }>();
  private total = 0;
  /** The last partial head of each load in progress (partialHead). */
  private readonly partials = new WeakMap<TraceProgress, { at: number; rows: number; head: PartialHead }>();

  constructor(
    private readonly deps: () => Promise<LoadTraceDeps>,
    private readonly cap: () => number = capBytes,
    private readonly now: () => number = Date.now,
  ) {}

  get bytes(): number {
    return this.total;
  }

  /**
   * The stored trace, or a fresh load when absent. With `maxAgeMs` (a page load), also when it
   * is older than that, or when the pivots' context changed since (the correlation file's
   * margins, a backend configured): the page then shows the pivots in force.
   */
  async get(
    traceId: string,
    range?: TimeRange,
    maxAgeMs = Number.POSITIVE_INFINITY,
    scope?: StoreScope,
  ): Promise<StoreLookup> {
    return (await this.start(traceId, range, maxAgeMs, scope)).done;
  }

  /**
   * As get, without waiting for a load: `done` is get's answer; `progress`, while the trace is
   * still loading, tells when the backend's answer holds the trace and gives the spans decoded
   * so far (partialHead). Absent for a stored trace, and for backends that cannot tell.
   */
  async start(
    traceId: string,
    range?: TimeRange,
    maxAgeMs = Number.POSITIVE_INFINITY,
    scope?: StoreScope,
  ): Promise<Loading> {
    const key = keyOf(traceId, range, scope);
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.loadedAt <= maxAgeMs) {
      const same = maxAgeMs === Number.POSITIVE_INFINITY || placeKeyOf(await this.deps()) === hit.placeKey;
      if (same && this.entries.get(key) === hit) {
        this.entries.delete(key);
        this.entries.set(key, hit); // most recently used last
        return { done: Promise.resolve({ kind: "ok", stored: hit }) };
      }
    }
    let l = this.loading.get(key);
    if (!l) {
      const progress = new TraceProgress();
      // Not tied to one request's signal: another request may be waiting for the same load.
      const done = this.load(key, traceId, range, scope, progress).finally(() => this.loading.delete(key));
      l = { done, progress };
      this.loading.set(key, l);
    }
    return l;
  }

  /**
   * The first rows of a trace still loading, laid out from the spans decoded so far (at most
   * SNAPSHOT_MAX_SPANS, the first in the answer): parents not read yet make their children
   * look like orphans, and later spans may sort before these. Nothing is stored: the full
   * load goes on, and its positions are not these.
   */
  partialHead(traceId: string, progress: TraceProgress, rows = HEAD_ROWS): PartialHead | undefined {
    // Pages opening the same trace at once share one layout (each costs the decode ~0.2–0.5 s).
    const kept = this.partials.get(progress);
    if (kept && kept.rows === rows && this.now() - kept.at < PARTIAL_REUSE_MS) return kept.head;
    const snap = progress.snapshot();
    if (!snap) return undefined;
    const laid = buildWaterfallTable(snap.table, {
      traceId,
      version: `partial.${(++versionSeq).toString(36)}`,
      warnings: snap.table.warnings,
    });
    traceMark(`partial-laid spans=${snap.table.n}`);
    const head = traceHead(laid, rows);
    // A parent not read yet is not a missing parent: no row is called an orphan, and the
    // header's structure note waits for the whole trace (the page labels the rows as partial).
    const flags = head.model.flags;
    for (let p = 0; p < flags.length; p++) flags[p] = flags[p]! & ~FLAG_ORPHAN;
    head.model = {
      ...head.model,
      flags,
      orphanParents: {},
      orphanCount: 0,
      rootCount: Math.min(1, head.model.rootCount),
    };
    const partial = { ...head, loading: { spans: snap.table.n, bytes: snap.bytes, totalBytes: snap.totalBytes } };
    this.partials.set(progress, { at: this.now(), rows, head: partial });
    return partial;
  }

  /** How far the load of this trace (in this scope) is, while one runs and its decoder can tell. */
  loadProgress(traceId: string, range?: TimeRange, scope?: StoreScope): TraceRead | undefined {
    return this.loading.get(keyOf(traceId, range, scope))?.progress.read();
  }

  encoded(s: StoredTrace): Uint8Array {
    s.encoded ??= encodeTrace(s.laid);
    return s.encoded;
  }

  /**
   * The JSON traces API's body for this version: every span as an object, serialised once. Kept
   * (and counted against the cap) up to JSON_KEEP_BYTES, so asking again costs no re-encoding;
   * a bigger one is built per request and not kept.
   */
  json(s: StoredTrace): Uint8Array {
    if (s.json) return s.json;
    const bytes = Buffer.from(JSON.stringify(s.body));
    if (bytes.length <= JSON_KEEP_BYTES && this.entries.get(s.key) === s) {
      s.json = bytes;
      s.bytes += bytes.length;
      this.total += bytes.length;
    }
    return bytes;
  }

  private async load(
    key: string,
    traceId: string,
    range: TimeRange | undefined,
    scope: StoreScope | undefined,
    progress: TraceProgress,
  ): Promise<StoreLookup> {
    traceMark("load");
    const base = await this.deps();
    const deps = scope ? { ...base, inventory: scope.inventory } : base;
    const r = await loadTrace(traceId, deps, { range, redact: scope?.redact, progress });
    if (r.kind !== "ok") return r;
    const { table, containers, unmatched, spanContainer, redacted } = r.body;
    const version = `${this.now().toString(36)}.${(++versionSeq).toString(36)}`;
    // Which container ran each span was decided by loadTrace (placeSpans): it rides as the
    // column `x.container` (an index into the header's `containers`, -1 = none; the reason is
    // in `unmatched`). The containers table carries every pivot, hrefs made by lib/url.
    // In steps: at a million spans the layout is ~0.6 s the other requests must not wait out.
    const laid = attachSpanColumn(
      await buildWaterfallTableAsync(table, {
        traceId,
        version,
        warnings: table.warnings,
        containers,
        unmatched,
        redacted,
      }),
      "container",
      Int32Array.from(spanContainer),
    );
    traceMark("laid");
    const stored: StoredTrace = {
      key,
      version,
      body: r.body,
      laid,
      placeKey: placeKeyOf(deps),
      bytes: table.bytes + laid.n * (80 + laid.idWidth),
      loadedAt: this.now(),
    };
    this.put(stored);
    return { kind: "ok", stored };
  }

  private put(s: StoredTrace): void {
    const old = this.entries.get(s.key);
    if (old) {
      this.entries.delete(s.key);
      this.total -= old.bytes;
    }
    this.entries.set(s.key, s);
    this.total += s.bytes;
    s.charge = (delta) => {
      if (this.entries.get(s.key) !== s) return;
      s.bytes += delta;
      this.total += delta;
      this.evictFor(s.key);
    };
    this.evictFor(s.key);
  }

  /** Oldest first until under the cap; `keep` stays even when it alone exceeds it (it is in use). */
  private evictFor(keep: string): void {
    const cap = this.cap();
    for (const [k, e] of this.entries) {
      if (this.total <= cap) break;
      if (k === keep) continue;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
  }
}

/** The span at a pre-order position of a stored trace. */
export const spanAtPos = (s: StoredTrace, pos: number): Span | undefined => {
  const i = s.laid.order[pos];
  return i === undefined ? undefined : s.body.table.span(i);
};

/** The span with this ID in a stored trace (the first one, as Array.find would). */
export const spanById = (s: StoredTrace, spanId: string): Span | undefined => {
  const i = spanIndexOf(s.body.table, spanId);
  return i < 0 ? undefined : s.body.table.span(i);
};

// One store per process, even if route bundles hold separate copies of this module.
const g = globalThis as typeof globalThis & { __sightlineTraceStore?: TraceStore };

/** The process-wide store, reading traces through the configured backends. */
export function traceStore(): TraceStore {
  g.__sightlineTraceStore ??= new TraceStore(async () => {
    const backends = await getBackends();
    // The pivots' margins are the correlation config's at load time (a page load re-fetches
    // a trace older than freshMs(), so a changed margin shows on the next load).
    return { traces: backends.traces, inventory: listContainers, place: await placeContext(backends) };
  });
  return g.__sightlineTraceStore;
}
