import { listContainers } from "@/lib/server/containers";
import { handle, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return handle(async () => ok(await listContainers()));
}
