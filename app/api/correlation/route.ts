import { getBackends } from "@/lib/server/backends";
import { listContainers, matchRef } from "@/lib/server/containers";
import { correlationInfo } from "@/lib/server/correlation-info";
import { handle, ok } from "@/lib/server/respond";
import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** ?container=<ref>: that container's mappings; without it, the first running container's. */
export async function GET(req: Request) {
  return handle(async () => {
    const ref = new URL(req.url).searchParams.get("container");
    const [b, inv] = await Promise.all([getBackends(), listContainers()]);
    const c = ref
      ? matchRef(inv.containers, ref)[0]
      : (inv.containers.find((x) => x.state === "running") ?? inv.containers[0]);
    if (!c)
      return NextResponse.json(
        { error: { kind: "not-found", message: ref ? `no container "${ref}"` : "no containers" } },
        { status: 404 },
      );
    return ok(await correlationInfo(b, c));
  });
}
