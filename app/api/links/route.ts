// POST /api/links: mint a signed, expiring link (Share → "link for Grafana / alerts").
import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { mint, mintSchema } from "@/lib/server/auth/mint";
import { withAccess } from "@/lib/server/container-route";
import { badRequest, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

const err = (status: number, kind: string, message: string) =>
  NextResponse.json({ error: { kind, message } }, { status, headers: { "Cache-Control": "no-store" } });

export async function POST(req: Request) {
  return withAccess(req, "/api/links", async (a) => {
    // A form on another site cannot mint: the browser's Origin must be this Host.
    const origin = req.headers.get("origin");
    if (origin && new URL(origin).host !== req.headers.get("host")) {
      return err(403, "forbidden", "cross-origin request refused");
    }
    if (a.identity.via === "link") return err(403, "forbidden", "a signed link cannot mint other links");
    const cfg = getConfig();
    if (!cfg.auth.linkKeys.length) {
      return err(503, "config", "signed links are off: set SIGHTLINE_LINK_KEYS (README: Signed links)");
    }
    let raw: unknown;
    try {
      raw = await req.json();
    } catch {
      return badRequest("the body must be JSON");
    }
    const p = mintSchema.safeParse(raw);
    if (!p.success)
      return badRequest(p.error.issues[0]?.message ?? "invalid", String(p.error.issues[0]?.path[0] ?? ""));
    const r = await a.resolve(p.data.container, req.signal);
    if (!r.container) return err(404, "not-found", `no container "${p.data.container}" in any engine or in Prometheus`);
    const out = await mint(cfg, a.identity, r.container, p.data);
    if (typeof out === "string") return badRequest(out, "reach");
    a.audit("minted", r.container.name, { reach: p.data.reach, ttlSeconds: p.data.ttlSeconds });
    return ok(out);
  });
}
