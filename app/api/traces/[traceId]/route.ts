import { NextResponse } from "next/server";
import type { ApiErrorBody } from "@/lib/model/errors";
import { normalizeTraceId } from "@/lib/model/trace-id";
import { redactTrace } from "@/lib/server/auth/trace-scope";
import { getBackends } from "@/lib/server/backends";
import { withAccess } from "@/lib/server/container-route";
import type { TimeRange } from "@/lib/model/time";
import { parseParams, rangeOf, rangeSchema } from "@/lib/server/params";
import { placeContext } from "@/lib/server/pivot-context";
import { badRequest, ok } from "@/lib/server/respond";
import { loadTrace } from "@/lib/server/trace";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

function errorResponse(status: number, error: ApiErrorBody["error"]): NextResponse {
  return NextResponse.json({ error } satisfies ApiErrorBody, { status, headers: { "Cache-Control": "no-store" } });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * GET /api/traces/{traceId}[?from=&to=]: the trace and the containers it touched. Spans in
 * containers outside the caller's scope come without details; a trace with none inside is
 * not found.
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]", async (a) => {
    const raw = safeDecode((await params).traceId);
    const traceId = normalizeTraceId(raw);
    if (!traceId) {
      return badRequest(
        `${JSON.stringify(raw.slice(0, 80))} is not a trace ID; expected 1 to 32 hex characters, not all zero`,
        "traceId",
      );
    }
    // The range only narrows the Jaeger lookup (some storage backends need it for old traces).
    const sp = new URL(req.url).searchParams;
    let range: TimeRange | undefined;
    if (sp.has("from") || sp.has("to")) {
      const r = parseParams(rangeSchema, sp);
      if (!r.ok) return badRequest(r.message, r.param);
      range = rangeOf(r.value);
    }
    const backends = await getBackends();
    const scoped = !a.identity.scope.all;
    const full = scoped ? await a.unscopedInventory() : undefined;
    const result = await loadTrace(
      traceId,
      { traces: backends.traces, inventory: () => a.inventory(), place: await placeContext(backends) },
      {
        signal: req.signal,
        range,
        redact: full ? (t) => redactTrace(t, full.containers, a.visible) : undefined,
      },
    );
    switch (result.kind) {
      case "not-configured":
        return errorResponse(503, { backend: "jaeger", kind: "config", message: "Jaeger is not configured" });
      case "not-found":
        return errorResponse(404, {
          backend: "jaeger",
          kind: "not-found",
          message: `trace ${traceId} not found in Jaeger`,
        });
      case "ok":
        return ok(result.body);
    }
  });
}
