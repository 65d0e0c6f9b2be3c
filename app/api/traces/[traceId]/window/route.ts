import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import { badRequest } from "@/lib/server/respond";
import { lookupError, staleVersion, traceParams } from "@/lib/server/trace-route";
import { traceStore } from "@/lib/server/trace-store";
import { queryMatchesAsync, windowOf } from "@/lib/server/trace-window";
import { COLUMNS_CONTENT_TYPE } from "@/lib/trace-wire/columns";
import { parseWindowParams } from "@/lib/trace-wire/window";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

/**
 * GET /api/traces/{traceId}/window?v=&first=&count=[&base=all&t=&r=&q=&only=1&locate=&span=][&from=&to=]:
 * rows [first, first + count) of a view of a huge trace, as binary columns with x.pos, x.row and
 * tables.window (lib/trace-wire/window.ts). `v` is the version the client's windows came from;
 * a different stored version answers 409 (its positions would not line up).
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/window", async (a) => {
    const sp = new URL(req.url).searchParams;
    const p = traceParams((await params).traceId, sp);
    if (!p.ok) return p.response;
    const w = parseWindowParams(sp);
    if (!w.ok) return badRequest(w.message, w.param);
    const { version, ...request } = w.request;
    if (!version) return badRequest("the trace's version is required", "v");
    const r = await traceStore().get(p.traceId, p.range, undefined, await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err!;
    if (version !== r.stored.version) {
      return staleVersion();
    }
    // A new query's search runs in steps, the event loop free meanwhile; the window then finds it kept.
    if (request.view.q.trim()) await queryMatchesAsync(r.stored, request.view.q);
    return new Response(windowOf(r.stored, request) as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": COLUMNS_CONTENT_TYPE,
        "Cache-Control": "no-store, no-transform",
        "X-Trace-Version": r.stored.version,
      },
    });
  });
}
