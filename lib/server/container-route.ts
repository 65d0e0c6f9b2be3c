// Route-handler plumbing shared by the /api/containers/[ref]/… endpoints. The container is
// resolved within the caller's scope (lib/server/auth/access.ts): outside it, 404.
import { NextResponse } from "next/server";
import type { Backends } from "../backends/factory";
import type { Container } from "../model/container";
import { getBackends } from "./backends";
import { decodePathSegment } from "../url/links";
import { type Access, accessFor } from "./auth/access";
import { handle } from "./respond";

export type RefContext = { params: Promise<{ ref: string }> };

export async function withContainer(
  req: Request,
  ctx: RefContext,
  fn: (c: Container, b: Backends, sp: URLSearchParams, access: Access) => Promise<Response>,
  route = routeOf(req),
): Promise<Response> {
  const access = accessFor(req.headers, route, new URL(req.url).pathname);
  let name: string | undefined;
  const res = await handle(async () => {
    const { ref } = await ctx.params;
    const r = await access.resolve(decodePathSegment(ref), req.signal);
    if (!r.container) {
      const message =
        r.candidates.length > 1
          ? `"${ref}" matches ${r.candidates.length} containers: ${r.candidates.map((c) => c.name).join(", ")}`
          : `no container "${ref}" in any engine or in Prometheus`;
      name = decodePathSegment(ref);
      return NextResponse.json(
        { error: { kind: "not-found", message } },
        { status: 404, headers: { "Cache-Control": "no-store" } },
      );
    }
    name = r.container.name;
    return fn(r.container, await getBackends(), new URL(req.url).searchParams, access);
  });
  access.audit(res.status, name);
  return res;
}

/** "/api/containers/x/logs" → "/api/containers/[ref]/logs" for the audit log. */
function routeOf(req: Request): string {
  const p = new URL(req.url).pathname;
  return p.replace(/^\/api\/containers\/[^/]+/, "/api/containers/[ref]");
}

/** Non-container routes: scope-aware access, error handling, and the audit line. */
export async function withAccess(
  req: Request,
  route: string,
  fn: (access: Access, sp: URLSearchParams) => Promise<Response>,
): Promise<Response> {
  const url = new URL(req.url);
  const access = accessFor(req.headers, route, url.pathname);
  const res = await handle(() => fn(access, url.searchParams));
  access.audit(res.status);
  return res;
}
