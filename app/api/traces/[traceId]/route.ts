import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import { ok, okJsonBytes } from "@/lib/server/respond";
import { lookupError, traceParams } from "@/lib/server/trace-route";
import { FRESH_MS, traceStore } from "@/lib/server/trace-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

/** GET /api/traces/{traceId}[?from=&to=]: the trace and the containers it touched (JSON, every span). */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]", async (a) => {
    const p = traceParams((await params).traceId, new URL(req.url).searchParams);
    if (!p.ok) return p.response;
    const store = traceStore();
    const r = await store.get(p.traceId, p.range, FRESH_MS, await storeScope(a));
    return lookupError(p.traceId, r) ?? (r.kind === "ok" ? okJsonBytes(store.json(r.stored)) : ok(null));
  });
}
