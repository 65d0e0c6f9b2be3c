// Sightline's own metrics in the Prometheus text format (lib/observe/metrics.ts): requests by
// route and status, backend call latency by backend/operation/outcome, backend errors, cache
// hits, live tails, and the process metrics of prom-client.
import { selfMetrics } from "@/lib/observe/metrics";

export const dynamic = "force-dynamic";

export async function GET() {
  const { registry } = selfMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
