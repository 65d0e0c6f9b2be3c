// One chart drawing the container page's server render kept (lib/server/drawings.ts), as an
// SVG image, drawn when it is first asked for. Within the caller's scope like every /api/containers route: the drawing belongs to
// the resolved container, so another container's ref (or one out of scope) does not reach it.
// The proxy's security headers (CSP, nosniff) apply as to every response.
import { NextResponse } from "next/server";
import { withContainer } from "@/lib/server/container-route";
import { DRAWING_TTL_MS, drawings } from "@/lib/server/drawings";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ ref: string; id: string }> };

export async function GET(req: Request, ctx: Ctx) {
  return withContainer(
    req,
    ctx,
    async (c) => {
      const { id } = await ctx.params;
      const svg = drawings.get(c.id, id);
      if (svg === undefined)
        return NextResponse.json(
          { error: { kind: "not-found", message: "no such drawing (they are kept for a short while)" } },
          { status: 404, headers: { "Cache-Control": "no-store" } },
        );
      // Sent in one piece, uncompressed (no-transform): through Next's compression a drawing's
      // body waited for its deflate callback while the page's next drawings were made (each is
      // made when first asked for, 10–40 ms of this thread), and all arrived together, the CPU
      // chart ~200 ms late (#15, 1a). The cost is bytes: ~28 kB for a CPU chart instead of ~4 kB.
      return new Response(svg, {
        headers: {
          "Content-Type": "image/svg+xml",
          // The same id always answers the same drawing; the browser may keep it as long as the server does.
          "Cache-Control": `private, max-age=${DRAWING_TTL_MS / 1000}, immutable, no-transform`,
          "X-Content-Type-Options": "nosniff",
        },
      });
    },
    "/api/containers/[ref]/drawing/[id]",
  );
}
