import { getBackends } from "@/lib/server/backends";
import { recentLifecycle } from "@/lib/server/lifecycle-recent";
import { handle, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return handle(async () => ok(await recentLifecycle(await getBackends(), req.signal)));
}
