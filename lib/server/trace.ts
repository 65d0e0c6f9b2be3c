// One trace plus the containers it touched (DESIGN.md §4 "trace → the containers it touched").
// Which container ran each span, and every pivot from it, is one call: placeSpans.
import type { TracesBackend } from "../backends/types";
import type { TraceResponse } from "../model/api";
import type { TimeRange } from "../model/time";
import type { Trace } from "../model/trace";
import type { Inventory } from "./containers";
import { type InventoryOutcome, type PlaceContext, placeSpans } from "./place-spans";

export type { InventoryOutcome } from "./place-spans";

export type TraceLookup =
  | { kind: "ok"; body: TraceResponse }
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
  } = {},
): Promise<TraceLookup> {
  if (!deps.traces) return { kind: "not-configured" };
  const inventory: Promise<InventoryOutcome> = deps.inventory(opts.signal).then(
    (inv) => ({ ok: true, inventory: inv }),
    (err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
  const trace = await deps.traces.getTrace(traceId, { signal: opts.signal, range: opts.range });
  if (!trace || trace.spans.length === 0) return { kind: "not-found", traceId };
  if (!opts.redact) {
    const placed = placeSpans(trace, await inventory, deps.place);
    return { kind: "ok", body: { trace, ...placed } };
  }
  const r = opts.redact(trace);
  if (r.shown === 0) return { kind: "not-found", traceId };
  const placed = placeSpans(r.trace, await inventory, deps.place);
  const open = new Set(r.trace.spans.filter((s) => !s.redacted).map((s) => s.service));
  return {
    kind: "ok",
    body: {
      trace: r.trace,
      ...placed,
      unmatched: placed.unmatched.filter((u) => open.has(u.service)),
      ...(r.hidden
        ? {
            redacted: {
              spans: r.hidden,
              message: `${r.hidden} of ${r.trace.spans.length} spans ran in containers outside your scope: they are shown without attributes, events and links.`,
            },
          }
        : {}),
    },
  };
}
