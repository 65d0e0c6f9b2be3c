import { NextResponse } from "next/server";
import { getBackends } from "@/lib/server/backends";
import { withAccess } from "@/lib/server/container-route";
import { matchRef } from "@/lib/server/containers";
import { correlationInfo } from "@/lib/server/correlation-info";
import type { TimeRange } from "@/lib/model/time";
import { parseParams, rangeOf, rangeSchema } from "@/lib/server/params";
import { badRequest, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

/**
 * ?container=<ref>: that container's mappings (any container in the caller's scope; the
 * container page's pivots read them). Without it, the first running container's: that is
 * the correlation settings page, for admins only. `from`/`to` (optional, default the last
 * hour) scope the links out.
 */
export async function GET(req: Request) {
  return withAccess(req, "/api/correlation", async (a, sp) => {
    const ref = sp.get("container");
    let range: TimeRange | undefined;
    if (sp.has("from") || sp.has("to")) {
      const r = parseParams(rangeSchema, sp);
      if (!r.ok) return badRequest(r.message, r.param);
      range = rangeOf(r.value);
    }
    if (!ref && !a.identity.admin) {
      return NextResponse.json(
        {
          error: {
            kind: "forbidden",
            message: "the correlation settings are for admins (SIGHTLINE_POLICY_FILE admins)",
          },
        },
        { status: 403, headers: { "Cache-Control": "no-store" } },
      );
    }
    const [b, inv] = await Promise.all([getBackends(), a.inventory()]);
    const c = ref
      ? matchRef(inv.containers, ref)[0]
      : (inv.containers.find((x) => x.state === "running") ?? inv.containers[0]);
    if (!c)
      return NextResponse.json(
        { error: { kind: "not-found", message: ref ? `no container "${ref}"` : "no containers" } },
        { status: 404, headers: { "Cache-Control": "no-store" } },
      );
    return ok(await correlationInfo(b, c, range));
  });
}
