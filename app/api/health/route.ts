import { handle, ok } from "@/lib/server/respond";
import { checkHealth } from "@/lib/server/health";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return handle(async () => ok(await checkHealth(req.signal)));
}
