import { getBackends } from "@/lib/server/backends";
import { listContainers } from "@/lib/server/containers";
import { parseParams, rangeSchema } from "@/lib/server/params";
import { sparklines } from "@/lib/server/prometheus-inventory";
import { badRequest, handle, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const p = parseParams(rangeSchema, new URL(req.url).searchParams);
  if (!p.ok) return badRequest(p.message, p.param);
  return handle(async () => {
    const [b, inv] = await Promise.all([getBackends(), listContainers()]);
    return ok(await sparklines(b, inv.containers, p.value, req.signal));
  });
}
