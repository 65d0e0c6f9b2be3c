import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import type { TraceProgressResponse } from "@/lib/model/api-trace";
import { ok } from "@/lib/server/respond";
import { traceParams } from "@/lib/server/trace-route";
import { traceStore } from "@/lib/server/trace-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

/**
 * GET /api/traces/{traceId}/progress[?from=&to=]: how much of the backend's answer the server's
 * load of this trace (in the caller's view) has read, while one runs: a huge trace's page shows
 * it over its first rows. `loading: null` when none runs (done, not started, or another view's):
 * it tells nothing of whether the trace exists.
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/progress", async (a) => {
    const p = traceParams((await params).traceId, new URL(req.url).searchParams);
    if (!p.ok) return p.response;
    const read = traceStore().loadProgress(p.traceId, p.range, await storeScope(a));
    return ok({ loading: read ?? null } satisfies TraceProgressResponse);
  });
}
