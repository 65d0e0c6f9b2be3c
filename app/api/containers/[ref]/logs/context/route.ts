import { z } from "zod";
import { asNanosString, isNanosString } from "@/lib/model/time";
import { type RefContext, withContainer } from "@/lib/server/container-route";
import { logContext, streamBelongsTo } from "@/lib/server/log-context";
import { parseParams } from "@/lib/server/params";
import { NextResponse } from "next/server";
import { badRequest, ok } from "@/lib/server/respond";

export const dynamic = "force-dynamic";

const params = z.object({
  ts: z.string().refine(isNanosString, "must be a nanosecond timestamp").transform(asNanosString),
  stream: z
    .string()
    .max(8000, "stream labels are too long")
    .transform((s, ctx) => {
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object of label strings" });
        return z.NEVER;
      }
    }),
});

/** The container in the path decides the selector; the stream labels only narrow it to one stream. */
export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b, sp) => {
    const p = parseParams(params, sp);
    if (!p.ok) return badRequest(p.message, p.param);
    if (!(await streamBelongsTo(b, c, p.value.stream))) {
      return NextResponse.json(
        { error: { kind: "not-found", message: `that stream is not one of ${c.name}'s` } },
        { status: 404, headers: { "Cache-Control": "no-store" } },
      );
    }
    return ok(await logContext(b, c, p.value.ts, p.value.stream, req.signal));
  });
}
