import { storeScope } from "@/lib/server/auth/trace-scope";
import { withAccess } from "@/lib/server/container-route";
import type { TraceSearchResponse } from "@/lib/model/api-trace";
import { badRequest, ok } from "@/lib/server/respond";
import { lookupError, staleVersion, traceParams } from "@/lib/server/trace-route";
import { traceStore } from "@/lib/server/trace-store";
import { matchesSlice, queryMatchesAsync } from "@/lib/server/trace-window";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ traceId: string }> };

const MAX_QUERY = 500;
const MAX_LIMIT = 100_000;

/**
 * GET /api/traces/{traceId}/search?q=&v=[&from=&to=]: positions (pre-order, as in the columns)
 * of the spans matching `q` (waterfall search syntax), and their `count`; with `limit` (1 to
 * 100,000), only the first `limit` positions (a huge trace's jump list). With `after=p` they
 * start after position p, with `before=p` they end before it (the next / previous match of a
 * huge trace, whose browser holds no match list); `first` is the rank of the first one. `v` is the
 * client's columns came from; a different stored version answers 409 (the positions would not
 * line up). The matches are kept per stored trace with the windows' (lib/server/trace-window.ts).
 */
export async function GET(req: Request, { params }: Ctx) {
  return withAccess(req, "/api/traces/[traceId]/search", async (a) => {
    const sp = new URL(req.url).searchParams;
    const p = traceParams((await params).traceId, sp);
    if (!p.ok) return p.response;
    const q = sp.get("q") ?? "";
    if (q.length > MAX_QUERY) return badRequest(`longer than ${MAX_QUERY} characters`, "q");
    const rawLimit = sp.get("limit");
    const limit = rawLimit === null ? undefined : /^\d{1,6}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit !== undefined && (limit < 1 || limit > MAX_LIMIT))
      return badRequest(`limit is a whole number from 1 to ${MAX_LIMIT}`, "limit");
    const at = (name: string): number | undefined | null => {
      const raw = sp.get(name);
      if (raw === null) return undefined;
      return /^(-1|\d{1,9})$/.test(raw) ? Number(raw) : null;
    };
    const after = at("after");
    const before = at("before");
    if (after === null) return badRequest("after is a position (-1 for the start)", "after");
    if (before === null) return badRequest("before is a position", "before");
    if (after !== undefined && before !== undefined) return badRequest("after or before, not both", "before");
    const r = await traceStore().get(p.traceId, p.range, undefined, await storeScope(a));
    const err = lookupError(p.traceId, r);
    if (err || r.kind !== "ok") return err!;
    const v = sp.get("v");
    if (v && v !== r.stored.version) {
      return staleVersion("reload the page to search it.");
    }
    // In steps, the event loop free meanwhile (a million spans take a second or more).
    const matches = await queryMatchesAsync(r.stored, q);
    const { positions, first } = matchesSlice(matches, { limit, after, before });
    return ok({
      version: r.stored.version,
      positions: Array.from(positions),
      count: matches.length,
      first,
    } satisfies TraceSearchResponse);
  });
}
