import { withAccess } from "@/lib/server/container-route";
import { ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

/** The inventory, cut to the caller's scope. */
export async function GET(req: Request) {
  return withAccess(req, "/api/containers", async (a) => ok(await a.inventory()));
}
