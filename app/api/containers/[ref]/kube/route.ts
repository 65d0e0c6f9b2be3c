import { type RefContext, withContainer } from "@/lib/server/container-route";
import { containerKubeYaml } from "@/lib/server/kube";
import { ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b) => ok(await containerKubeYaml(b, c, req.signal)));
}
