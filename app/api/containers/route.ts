import { listContainers, withSignal } from "@/lib/server/containers";
import { handle, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  // The inventory is shared; a request that goes away stops waiting for it.
  return handle(async () => ok(await withSignal(listContainers(), req.signal)));
}
