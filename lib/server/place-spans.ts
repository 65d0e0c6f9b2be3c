// Trace → the containers it touched, each with its pivots, and per span the index of the
// container that ran it. Decisions come from lib/correlation, hrefs from lib/url; the result
// rides on the trace response in whatever encoding carries it (an index per span is cheap at
// 100,000 spans).
import {
  type PivotMargins,
  spanToLogs,
  spanToMetrics,
  traceToContainer,
  traceToContainerLogs,
} from "../correlation/pivots";
import { placeTableSpans } from "../correlation/trace-containers";
import type { PlacedSpansBody, TraceUnmatched } from "../model/api";
import type { Container } from "../model/container";
import type { ApiErrorBody } from "../model/errors";
import { type SpanTable, spanTableOf } from "../model/span-table";
import type { Trace } from "../model/trace";
import { pivotLink } from "../url/pivots";
import type { Inventory } from "./containers";

export type InventoryOutcome = { ok: true; inventory: Inventory } | { ok: false; error: string };

/** What the pivots depend on besides the trace: the margins in force and which backends exist. */
export interface PlaceContext {
  margins: PivotMargins;
  configured: { metrics: boolean; logs: boolean };
}

// BackendError messages already start with the backend's name.
const errorText = (errors: ApiErrorBody["error"][]) => errors.map((e) => e.message).join("; ");

function allUnplaced(table: SpanTable, error: string): PlacedSpansBody {
  const services = [...new Set(Array.from(table.groupOf, (g) => table.groups[g]!.service))];
  return {
    containers: [],
    spanContainer: new Array<number>(table.n).fill(-1),
    unmatched: services.map((service) => ({
      service,
      reason: `The container inventory failed (${error}), so Sightline cannot tell which container ran ${service || "this service"}.`,
    })),
  };
}

function traceBounds(table: SpanTable): { startMs: number; endMs: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < table.n; i++) {
    const s = table.start[i]!;
    if (s < start) start = s;
    const e = s + Math.max(0, table.duration[i]! || 0);
    if (e > end) end = e;
  }
  return { startMs: start / 1000, endMs: end / 1000 };
}

/** Which inventory containers ran the trace's spans, their pivots, and why other services matched none. */
export function placeSpans(of: Trace | SpanTable, outcome: InventoryOutcome, ctx: PlaceContext): PlacedSpansBody {
  const table = "spans" in of ? spanTableOf(of) : of;
  if (!outcome.ok) return allUnplaced(table, outcome.error);
  const { containers, errors } = outcome.inventory;
  if (containers.length === 0 && errors.length > 0) return allUnplaced(table, errorText(errors));
  const partial = errors.length
    ? ` Part of the container inventory failed (${errorText(errors)}); the container may be on an engine that did not answer.`
    : "";
  const placed = placeTableSpans<Container>(table, containers);
  const { startMs, endMs } = traceBounds(table);
  const m = ctx.margins;
  return {
    containers: placed.touched.map((t) => {
      const name = t.container.name;
      return {
        name,
        id: t.container.id || undefined,
        service: t.service,
        spanCount: t.spanCount,
        firstSpanId: t.firstSpanId,
        open: pivotLink(traceToContainer(name, startMs, endMs, m)),
        traceLogs: pivotLink(traceToContainerLogs(name, table.traceId, startMs, endMs, m, ctx.configured.logs)),
        spanLogs: spanToLogs(name, m, ctx.configured.logs),
        spanMetrics: spanToMetrics(name, m, ctx.configured.metrics),
      };
    }),
    spanContainer: Array.from(placed.spanContainer),
    unmatched: placed.unplaced.map(
      (u): TraceUnmatched => ({
        service: u.service,
        reason: `${u.message}${partial}`,
        ...(u.suggestion ? { suggestion: u.suggestion } : {}),
      }),
    ),
  };
}
