import { type RefContext, withContainer } from "@/lib/server/container-route";
import { cachedContainerLogs, logsAnswerHead } from "@/lib/server/logs-cache";
import { logsParams, logsRequestOf } from "@/lib/server/logs-params";
import { parseParams } from "@/lib/server/params";
import { badRequest } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

// A repeated request whose answer is kept is answered before Next.js, with the same checks
// and the same bytes (lib/server/logs-early.ts); everything else comes here.
export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b, sp) => {
    const p = parseParams(logsParams, sp);
    if (!p.ok) return badRequest(p.message, p.param);
    const a = await cachedContainerLogs(b, c, logsRequestOf(p.value), req.signal);
    const head = logsAnswerHead(a, req.headers.get("if-none-match"));
    // (Not pre-compressed: Next drops a route's Content-Encoding and compresses itself.)
    return new Response(head.status === 304 ? null : a.body, head);
  });
}
