import { withAccess } from "@/lib/server/container-route";
import { withSignal } from "@/lib/server/containers";
import { ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

/** The inventory, cut to the caller's scope. */
export async function GET(req: Request) {
  // The inventory is shared; a request that goes away stops waiting for it.
  return withAccess(req, "/api/containers", async (a) => ok(await withSignal(a.inventory(), req.signal)));
}
