import { getBackends } from "@/lib/server/backends";
import { listContainers, matchRef } from "@/lib/server/containers";
import { correlationInfo } from "@/lib/server/correlation-info";
import { parseParams, rangeOf, rangeSchema } from "@/lib/server/params";
import { badRequest, handle, ok } from "@/lib/server/respond";
import type { TimeRange } from "@/lib/model/time";
import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/**
 * ?container=<ref>: that container's mappings; without it, the first running container's.
 * `from`/`to` (optional, default the last hour) scope the links out.
 */
export async function GET(req: Request) {
  return handle(async () => {
    const sp = new URL(req.url).searchParams;
    const ref = sp.get("container");
    let range: TimeRange | undefined;
    if (sp.has("from") || sp.has("to")) {
      const r = parseParams(rangeSchema, sp);
      if (!r.ok) return badRequest(r.message, r.param);
      range = rangeOf(r.value);
    }
    const [b, inv] = await Promise.all([getBackends(), listContainers()]);
    const c = ref
      ? matchRef(inv.containers, ref)[0]
      : (inv.containers.find((x) => x.state === "running") ?? inv.containers[0]);
    if (!c)
      return NextResponse.json(
        { error: { kind: "not-found", message: ref ? `no container "${ref}"` : "no containers" } },
        { status: 404 },
      );
    return ok(await correlationInfo(b, c, range));
  });
}
