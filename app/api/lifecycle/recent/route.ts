// Restart / OOM badges for the inventory, for the containers in the caller's scope only.
import { getBackends } from "@/lib/server/backends";
import { withAccess } from "@/lib/server/container-route";
import { recentLifecycle } from "@/lib/server/lifecycle-recent";
import { ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return withAccess(req, "/api/lifecycle/recent", async (a) => {
    const [all, inv] = await Promise.all([recentLifecycle(await getBackends(), req.signal), a.inventory()]);
    const ids = new Set(inv.containers.map((c) => c.id).filter(Boolean));
    const names = new Set(inv.containers.map((c) => c.name));
    return ok({
      byId: Object.fromEntries(Object.entries(all.byId).filter(([id]) => ids.has(id))),
      byName: Object.fromEntries(Object.entries(all.byName).filter(([name]) => names.has(name))),
      errors: all.errors,
    });
  });
}
