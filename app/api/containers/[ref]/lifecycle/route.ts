import { type RefContext, withContainer } from "@/lib/server/container-route";
import { containerLifecycle } from "@/lib/server/lifecycle";
import { parseParams, rangeSchema } from "@/lib/server/params";
import { badRequest, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b, sp) => {
    const p = parseParams(rangeSchema, sp);
    if (!p.ok) return badRequest(p.message, p.param);
    return ok(await containerLifecycle(b, c, p.value, req.signal));
  });
}
