import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import { COLUMNS_CONTENT_TYPE } from "@/lib/trace-wire/columns";
import { DEFAULT_VIEW, WINDOW_FIRST_ROWS } from "@/lib/trace-wire/window";

import { lookupError, traceParams } from "@/lib/server/trace-route";
import { freshMs, traceStore } from "@/lib/server/trace-store";
import { isWindowed, windowOf } from "@/lib/server/trace-window";
import { traceMark } from "@/lib/trace-timing";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

/**
 * GET /api/traces/{traceId}/columns[?from=&to=]: the waterfall as binary columns
 * (lib/trace-wire): what the trace page loads. Detail and search come from the sibling routes.
 * A trace of more than SIGHTLINE_TRACE_WINDOW_SPANS spans is not sent whole: the answer is the
 * first window of the default view (tables.window says so), and the client asks …/window for
 * the rest.
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/columns", async (a) => {
    const p = traceParams((await params).traceId, new URL(req.url).searchParams);
    if (!p.ok) return p.response;
    const store = traceStore();
    const r = await store.get(p.traceId, p.range, freshMs(), await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err!;
    traceMark("columns-req");
    const bytes = isWindowed(r.stored)
      ? windowOf(r.stored, { view: DEFAULT_VIEW, first: 0, count: WINDOW_FIRST_ROWS })
      : store.encoded(r.stored);
    traceMark(`columns-encoded ${bytes.length}`);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": COLUMNS_CONTENT_TYPE,
        // no-transform: already compact, and gzip would cost more CPU than the bytes save on a LAN.
        "Cache-Control": "no-store, no-transform",
        "X-Trace-Version": r.stored.version,
      },
    });
  });
}
