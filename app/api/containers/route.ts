import { NextResponse } from "next/server";
import { withAccess } from "@/lib/server/container-route";
import { type Inventory, withSignal } from "@/lib/server/containers";
import { listView } from "@/lib/server/inventory-list";

export const dynamic = "force-dynamic";

// The inventory is shared while it does not change (lib/server/containers.ts); so is its JSON:
// a 15,000-container cluster is ~20 MB of it (5.4 MB as `view=list`), serialized once per
// inventory and view, not per request. Scoped callers get a fresh filtered object, hence their
// own serialization.
const bodies = { full: new WeakMap<Inventory, string>(), list: new WeakMap<Inventory, string>() };

/** The inventory, cut to the caller's scope; `?view=list`: Kubernetes containers as the inventory page shows them. */
export async function GET(req: Request) {
  // The inventory is shared; a request that goes away stops waiting for it.
  return withAccess(req, "/api/containers", async (a, sp) => {
    const inv = await withSignal(a.inventory(), req.signal);
    const view = sp.get("view") === "list" ? "list" : "full";
    let body = bodies[view].get(inv);
    if (body === undefined) {
      body = JSON.stringify(view === "list" ? listView(inv) : inv);
      bodies[view].set(inv, body);
    }
    return new NextResponse(body, {
      status: 200,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  });
}
