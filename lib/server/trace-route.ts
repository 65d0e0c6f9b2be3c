// What every /api/traces/{traceId}/… route shares: reading the trace ID and the optional
// range, and the errors for a trace that is not there or a Jaeger that is not configured.
import { NextResponse } from "next/server";
import type { ApiErrorBody } from "../model/errors";
import type { TimeRange } from "../model/time";
import { normalizeTraceId } from "../model/trace-id";
import { parseParams, rangeOf, rangeSchema } from "./params";
import { badRequest } from "./respond";
import type { StoreLookup } from "./trace-store";

export function errorResponse(status: number, error: ApiErrorBody["error"]): NextResponse {
  return NextResponse.json({ error } satisfies ApiErrorBody, { status, headers: { "Cache-Control": "no-store" } });
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type TraceParams = { ok: true; traceId: string; range?: TimeRange } | { ok: false; response: NextResponse };

export function traceParams(rawId: string, sp: URLSearchParams): TraceParams {
  const raw = safeDecode(rawId);
  const traceId = normalizeTraceId(raw);
  if (!traceId) {
    return {
      ok: false,
      response: badRequest(
        `${JSON.stringify(raw.slice(0, 80))} is not a trace ID; expected 1 to 32 hex characters, not all zero`,
        "traceId",
      ),
    };
  }
  // The range only narrows the Jaeger lookup (some storage backends need it for old traces).
  if (!sp.has("from") && !sp.has("to")) return { ok: true, traceId };
  const r = parseParams(rangeSchema, sp);
  if (!r.ok) return { ok: false, response: badRequest(r.message, r.param) };
  return { ok: true, traceId, range: rangeOf(r.value) };
}

/**
 * 409 for a request naming another version of the trace than the server holds: the client's
 * positions came from a load the server has since replaced (it fetched the trace again).
 */
export function staleVersion(what = "reload the page."): NextResponse {
  return errorResponse(409, {
    kind: "stale",
    message: `The trace was fetched again on the server since this page loaded; ${what}`,
  });
}

/** The error response for a lookup that found nothing, or undefined when it found the trace. */
export function lookupError(traceId: string, r: StoreLookup): NextResponse | undefined {
  switch (r.kind) {
    case "not-configured":
      return errorResponse(503, { backend: "jaeger", kind: "config", message: "Jaeger is not configured" });
    case "not-found":
      return errorResponse(404, {
        backend: "jaeger",
        kind: "not-found",
        message: `trace ${traceId} not found in Jaeger`,
      });
    case "ok":
      return undefined;
  }
}
