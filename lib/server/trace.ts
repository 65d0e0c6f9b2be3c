// One trace plus the containers it touched (DESIGN.md §4 "trace → the containers it touched").
// Which container ran each span, and every pivot from it, is one call: placeSpans.
import type { TracesBackend } from "../backends/types";
import type { TraceProgress } from "../backends/trace-progress";
import { traceTableOf } from "../backends/trace-table";
import type { PlacedSpansBody, TraceContainerRef, TraceResponse, TraceUnmatched } from "../model/api";
import { type SpanTable, spanTableOf, traceOfTable } from "../model/span-table";
import type { TimeRange } from "../model/time";
import type { Trace } from "../model/trace";
import type { Inventory } from "./containers";
import { type InventoryOutcome, type PlaceContext, placeSpans } from "./place-spans";
import { traceMark } from "../trace-timing";

export type { InventoryOutcome } from "./place-spans";

/**
 * A loaded trace: its columns (the store keeps these), which container ran each span, and the
 * JSON traces API's body, built from the columns when asked (`trace`, toJSON): at a million
 * spans that is a million objects, so nothing else reads it.
 */
export class LoadedTrace implements PlacedSpansBody {
  constructor(
    readonly table: SpanTable,
    readonly containers: TraceContainerRef[],
    readonly spanContainer: number[],
    readonly unmatched: TraceUnmatched[],
    readonly redacted?: { spans: number; message: string },
  ) {}

  /** Every span as an object (built on each call; not kept). */
  get trace(): Trace {
    return traceOfTable(this.table);
  }

  toJSON(): TraceResponse {
    return {
      trace: this.trace,
      containers: this.containers,
      spanContainer: this.spanContainer,
      unmatched: this.unmatched,
      ...(this.redacted ? { redacted: this.redacted } : {}),
    };
  }
}

export type TraceLookup =
  | { kind: "ok"; body: LoadedTrace }
  | { kind: "not-configured" }
  | { kind: "not-found"; traceId: string };

export interface LoadTraceDeps {
  traces?: TracesBackend;
  inventory(signal?: AbortSignal): Promise<Inventory>;
  /** Margins from the correlation config in force and which backends exist (the pivots depend on them). */
  place: PlaceContext;
}

/** Fetch the trace and the inventory in parallel; an inventory failure never hides the trace. */
export async function loadTrace(
  traceId: string,
  deps: LoadTraceDeps,
  opts: {
    signal?: AbortSignal;
    range?: TimeRange;
    /** Hide what the caller may not see (lib/server/auth/trace-scope.ts); none shown → not found. */
    redact?: (t: Trace) => { trace: Trace; hidden: number; shown: number };
    /** Told when the trace is found, asked for snapshots while it streams (lib/backends/trace-progress.ts). */
    progress?: TraceProgress;
  } = {},
): Promise<TraceLookup> {
  if (!deps.traces) return { kind: "not-configured" };
  const inventory: Promise<InventoryOutcome> = deps.inventory(opts.signal).then(
    (inv) => ({ ok: true, inventory: inv }),
    (err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
  const table = await traceTableOf(deps.traces, traceId, {
    signal: opts.signal,
    range: opts.range,
    // A scoped caller's copy is redacted once whole: no partial view of it.
    progress: opts.redact ? undefined : opts.progress,
  });
  if (!table || table.n === 0) return { kind: "not-found", traceId };
  if (!opts.redact) {
    traceMark("table");
    const inv = await inventory;
    traceMark("inventory");
    const placed = placeSpans(table, inv, deps.place);
    traceMark("placed");
    return { kind: "ok", body: new LoadedTrace(table, placed.containers, placed.spanContainer, placed.unmatched) };
  }
  // Redaction rewrites spans: it works on objects (scoped callers; the full view never does).
  const r = opts.redact(traceOfTable(table));
  if (r.shown === 0) return { kind: "not-found", traceId };
  const placed = placeSpans(r.trace, await inventory, deps.place);
  const open = new Set(r.trace.spans.filter((s) => !s.redacted).map((s) => s.service));
  return {
    kind: "ok",
    body: new LoadedTrace(
      spanTableOf(r.trace),
      placed.containers,
      placed.spanContainer,
      placed.unmatched.filter((u) => open.has(u.service)),
      r.hidden
        ? {
            spans: r.hidden,
            message: `${r.hidden} of ${r.trace.spans.length} spans ran in containers outside your scope: they are shown without attributes, events and links.`,
          }
        : undefined,
    ),
  };
}
