import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import type { SpanResponse } from "@/lib/model/api-trace";
import { ok } from "@/lib/server/respond";
import { errorResponse, lookupError, safeDecode, traceParams } from "@/lib/server/trace-route";
import { spanAtPos, spanById, traceStore } from "@/lib/server/trace-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string; spanId: string }> };

/**
 * GET /api/traces/{traceId}/spans/{spanId}[?from=&to=][&pos=&v=]: one span in full (attributes,
 * events, links, resource). `pos` + `v` (the span's row in the columns of that version) is a hint
 * that saves a scan of the trace; the span ID decides either way.
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/spans/[spanId]", async (a) => {
    const { traceId, spanId: rawSpan } = await params;
    const sp = new URL(req.url).searchParams;
    const p = traceParams(traceId, sp);
    if (!p.ok) return p.response;
    const r = await traceStore().get(p.traceId, p.range, undefined, await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err!;
    const spanId = safeDecode(rawSpan);
    const pos = Number(sp.get("pos") ?? Number.NaN);
    const hinted =
      Number.isSafeInteger(pos) && pos >= 0 && sp.get("v") === r.stored.version ? spanAtPos(r.stored, pos) : undefined;
    const span = hinted?.spanId === spanId ? hinted : spanById(r.stored, spanId);
    if (!span) {
      return errorResponse(404, {
        backend: "jaeger",
        kind: "not-found",
        message: `span ${spanId.slice(0, 40)} is not in trace ${p.traceId}`,
      });
    }
    return ok({ span } satisfies SpanResponse);
  });
}
