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
import { placeSpans as placeInContainers } from "../correlation/trace-containers";
import type { PlacedSpansBody, TraceUnmatched } from "../model/api";
import type { Container } from "../model/container";
import type { ApiErrorBody } from "../model/errors";
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

function allUnplaced(trace: Trace, error: string): PlacedSpansBody {
  const services = [...new Set(trace.spans.map((s) => s.service))];
  return {
    containers: [],
    spanContainer: new Array<number>(trace.spans.length).fill(-1),
    unmatched: services.map((service) => ({
      service,
      reason: `The container inventory failed (${error}), so Sightline cannot tell which container ran ${service || "this service"}.`,
    })),
  };
}

function traceBounds(trace: Trace): { startMs: number; endMs: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of trace.spans) {
    if (s.start < start) start = s.start;
    const e = s.start + Math.max(0, s.duration || 0);
    if (e > end) end = e;
  }
  return { startMs: start / 1000, endMs: end / 1000 };
}

/** Which inventory containers ran the trace's spans, their pivots, and why other services matched none. */
export function placeSpans(trace: Trace, outcome: InventoryOutcome, ctx: PlaceContext): PlacedSpansBody {
  if (!outcome.ok) return allUnplaced(trace, outcome.error);
  const { containers, errors } = outcome.inventory;
  if (containers.length === 0 && errors.length > 0) return allUnplaced(trace, errorText(errors));
  const partial = errors.length
    ? ` Part of the container inventory failed (${errorText(errors)}); the container may be on an engine that did not answer.`
    : "";
  const placed = placeInContainers<Container>(trace, containers);
  const { startMs, endMs } = traceBounds(trace);
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
        traceLogs: pivotLink(traceToContainerLogs(name, trace.traceId, startMs, endMs, m, ctx.configured.logs)),
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
