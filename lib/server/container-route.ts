// Route-handler plumbing shared by the /api/containers/[ref]/… endpoints.
import { NextResponse } from "next/server";
import type { Backends } from "../backends/factory";
import type { Container } from "../model/container";
import { getBackends } from "./backends";
import { decodePathSegment } from "../url/links";
import { resolveContainer } from "./containers";
import { handle } from "./respond";

export type RefContext = { params: Promise<{ ref: string }> };

export async function withContainer(
  req: Request,
  ctx: RefContext,
  fn: (c: Container, b: Backends, sp: URLSearchParams) => Promise<Response>,
): Promise<Response> {
  return handle(async () => {
    const { ref } = await ctx.params;
    const r = await resolveContainer(decodePathSegment(ref), req.signal);
    if (!r.container) {
      const message =
        r.candidates.length > 1
          ? `"${ref}" matches ${r.candidates.length} containers: ${r.candidates.map((c) => c.name).join(", ")}`
          : `no container "${ref}" in any engine or in Prometheus`;
      return NextResponse.json({ error: { kind: "not-found", message } }, { status: 404 });
    }
    return fn(r.container, await getBackends(), new URL(req.url).searchParams);
  });
}
