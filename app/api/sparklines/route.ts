import { getBackends } from "@/lib/server/backends";
import { withAccess } from "@/lib/server/container-route";
import { parseParams, rangeSchema } from "@/lib/server/params";
import { sparklines } from "@/lib/server/prometheus-inventory";
import { badRequest, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

/** Sparklines for the containers in the caller's scope. */
export async function GET(req: Request) {
  return withAccess(req, "/api/sparklines", async (a, sp) => {
    const p = parseParams(rangeSchema, sp);
    if (!p.ok) return badRequest(p.message, p.param);
    const [b, inv] = await Promise.all([getBackends(), a.inventory()]);
    return ok(await sparklines(b, inv.containers, p.value, req.signal, !a.identity.scope.all));
  });
}
