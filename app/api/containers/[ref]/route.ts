import type { ContainerDetailResponse } from "@/lib/model/api";
import { type RefContext, withContainer } from "@/lib/server/container-route";
import { containerStats } from "@/lib/server/containers";
import { ok, toApiError } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b) => {
    const body: ContainerDetailResponse = { container: c, errors: [] };
    const engine = b.engines.find((e) => e.endpoint === c.host);
    if (engine && c.source === "engine" && c.engine !== "kubernetes" && c.state === "running") {
      try {
        body.stats = await containerStats(engine, c.id, req.signal);
      } catch (err) {
        body.errors.push(toApiError(err));
      }
    }
    return ok(body);
  });
}
