import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import type { TraceSearchResponse } from "@/lib/model/api-trace";
import { badRequest, ok } from "@/lib/server/respond";
import { errorResponse, lookupError, traceParams } from "@/lib/server/trace-route";
import { traceStore } from "@/lib/server/trace-store";
import { searchTable } from "@/lib/trace-wire/search";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

const MAX_QUERY = 500;

/**
 * GET /api/traces/{traceId}/search?q=&v=[&from=&to=]: positions (pre-order, as in the columns)
 * of the spans matching `q` (waterfall search syntax). `v` is the version the client's columns
 * came from; a different stored version answers 409 (the positions would not line up).
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/search", async (a) => {
    const sp = new URL(req.url).searchParams;
    const p = traceParams((await params).traceId, sp);
    if (!p.ok) return p.response;
    const q = sp.get("q") ?? "";
    if (q.length > MAX_QUERY) return badRequest(`longer than ${MAX_QUERY} characters`, "q");
    const r = await traceStore().get(p.traceId, p.range, undefined, await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err!;
    const v = sp.get("v");
    if (v && v !== r.stored.version) {
      return errorResponse(409, {
        kind: "stale",
        message: "The trace was fetched again on the server since this page loaded; reload the page to search it.",
      });
    }
    const positions = searchTable(r.stored.body.table, r.stored.laid.order, q);
    return ok({ version: r.stored.version, positions: Array.from(positions) } satisfies TraceSearchResponse);
  });
}
