import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import { ok, okJsonBytes } from "@/lib/server/respond";
import { JSON_STREAM_SPANS, traceJsonStream } from "@/lib/server/trace-json";
import { lookupError, traceParams } from "@/lib/server/trace-route";
import { freshMs, traceStore } from "@/lib/server/trace-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

/**
 * GET /api/traces/{traceId}[?from=&to=]: the trace and the containers it touched (JSON, every
 * span; past JSON_STREAM_SPANS written as a stream, batch by batch).
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]", async (a) => {
    const p = traceParams((await params).traceId, new URL(req.url).searchParams);
    if (!p.ok) return p.response;
    const store = traceStore();
    const r = await store.get(p.traceId, p.range, freshMs(), await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err ?? ok(null);
    // A big trace streams (lib/server/trace-json.ts): never one string of every span.
    if (r.stored.body.table.n > JSON_STREAM_SPANS) {
      return new Response(traceJsonStream(r.stored.body), {
        headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
      });
    }
    return okJsonBytes(store.json(r.stored));
  });
}
