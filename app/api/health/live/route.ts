// Liveness/readiness for orchestrators: the process serves requests. Touches no backend, so
// probes every few seconds cost Prometheus, Loki and Jaeger nothing (/api/health checks them).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
