import { withAccess } from "@/lib/server/container-route";
import { checkHealth } from "@/lib/server/health";
import { ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return withAccess(req, "/api/health", async () => ok(await checkHealth(req.signal)));
}
