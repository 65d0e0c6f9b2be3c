import { type RefContext, withContainer } from "@/lib/server/container-route";
import { cachedContainerLogs, matchesEtag, SETTLED_MAX_AGE_S } from "@/lib/server/logs-cache";
import { logsParams, logsRequestOf } from "@/lib/server/logs-params";
import { parseParams } from "@/lib/server/params";
import { badRequest } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b, sp) => {
    const p = parseParams(logsParams, sp);
    if (!p.ok) return badRequest(p.message, p.param);
    const a = await cachedContainerLogs(b, c, logsRequestOf(p.value), req.signal);
    // A range that ended well in the past cannot change: the browser may keep the answer a
    // minute and revalidate it by ETag. Anything else is not stored.
    const headers: Record<string, string> = a.settled
      ? { "Cache-Control": `private, max-age=${SETTLED_MAX_AGE_S}`, ETag: a.etag }
      : { "Cache-Control": "no-store" };
    if (a.settled && matchesEtag(req.headers.get("if-none-match"), a.etag))
      return new Response(null, { status: 304, headers });
    // (Not pre-compressed: Next drops a route's Content-Encoding and compresses itself.)
    return new Response(a.body, { status: 200, headers: { "Content-Type": "application/json", ...headers } });
  });
}
