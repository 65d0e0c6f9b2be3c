// Liveness: the process serves HTTP. Never looks at backends (a Loki outage must not make an
// orchestrator restart every Sightline replica).
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok\n", {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
