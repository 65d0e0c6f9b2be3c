import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import type { SpansAtResponse } from "@/lib/model/api-trace";
import { badRequest, ok } from "@/lib/server/respond";
import { lookupError, staleVersion, traceParams } from "@/lib/server/trace-route";
import { spanAtPos, traceStore } from "@/lib/server/trace-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

/** More than a tall viewport of rows and its overscan. */
const MAX_POSITIONS = 200;

/**
 * GET /api/traces/{traceId}/spans?pos=3,4,5&v=[&from=&to=]: the spans at these pre-order
 * positions of the columns of version `v`, in full (as GET …/spans/{spanId} answers one), so the
 * page can hold the detail of the rows in view before one is clicked. A different stored
 * version answers 409 (the positions would not line up); positions past the end are skipped.
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/spans", async (a) => {
    const sp = new URL(req.url).searchParams;
    const p = traceParams((await params).traceId, sp);
    if (!p.ok) return p.response;
    const raw = (sp.get("pos") ?? "").split(",").filter(Boolean);
    if (raw.length > MAX_POSITIONS) return badRequest(`more than ${MAX_POSITIONS} positions`, "pos");
    const positions = raw.map(Number);
    if (positions.some((n) => !Number.isSafeInteger(n) || n < 0))
      return badRequest("positions are comma-separated whole numbers", "pos");
    const v = sp.get("v");
    if (!v) return badRequest("the columns' version is required", "v");
    const r = await traceStore().get(p.traceId, p.range, undefined, await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err!;
    if (v !== r.stored.version) {
      return staleVersion();
    }
    const spans: SpansAtResponse["spans"] = [];
    for (const pos of new Set(positions)) {
      const span = spanAtPos(r.stored, pos);
      if (span) spans.push({ pos, span });
    }
    return ok({ version: r.stored.version, spans } satisfies SpansAtResponse);
  });
}
