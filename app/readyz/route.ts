// Readiness for load balancers and Kubernetes: 200 when this replica can serve, 503 with the
// reason otherwise (lib/server/readiness.ts says what "can serve" means).
import { getEffectiveConfig } from "@/lib/server/backends";
import { checkHealth } from "@/lib/server/health";
import { readiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const headers = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  try {
    const cfg = await getEffectiveConfig();
    const r = cfg.readyRequires.length
      ? readiness(cfg.readyRequires, (await checkHealth(req.signal)).backends)
      : { ready: true, missing: [] };
    return new Response(JSON.stringify(r), { status: r.ready ? 200 : 503, headers });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return new Response(JSON.stringify({ ready: false, missing: [], error: reason }), { status: 503, headers });
  }
}
