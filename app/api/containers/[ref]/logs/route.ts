import { z } from "zod";
import { type RefContext, withContainer } from "@/lib/server/container-route";
import { DEFAULT_LOG_PAGE } from "@/lib/server/logs";
import { cachedContainerLogs, matchesEtag, SETTLED_MAX_AGE_S } from "@/lib/server/logs-cache";
import { parseParams, rangeSchema } from "@/lib/server/params";
import { badRequest } from "@/lib/server/respond";
import { asNanosString, isNanosString } from "@/lib/model/time";

export const dynamic = "force-dynamic";

const logsParams = z.intersection(
  rangeSchema,
  z.object({
    q: z.string().max(2000, "filter is longer than 2000 characters").optional(),
    qmode: z.enum(["substring", "regex"]).default("substring"),
    traceId: z
      .string()
      .regex(/^[0-9a-fA-F]{1,32}$/, "must be a hex trace ID")
      .optional(),
    spanId: z
      .string()
      .regex(/^[0-9a-fA-F]{1,16}$/, "must be a hex span ID")
      .optional(),
    before: z.string().refine(isNanosString, "must be a nanosecond timestamp").transform(asNanosString).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(5000, "Loki returns at most 5000 lines per query")
      .default(DEFAULT_LOG_PAGE),
  }),
);

export async function GET(req: Request, ctx: RefContext) {
  return withContainer(req, ctx, async (c, b, sp) => {
    const p = parseParams(logsParams, sp);
    if (!p.ok) return badRequest(p.message, p.param);
    const { from, to, ...rest } = p.value;
    const a = await cachedContainerLogs(
      b,
      c,
      { range: { from, to }, ...rest, traceId: rest.traceId?.toLowerCase(), spanId: rest.spanId?.toLowerCase() },
      req.signal,
    );
    // A range that ended well in the past cannot change: the browser may keep the answer a
    // minute and revalidate it by ETag. Anything else is not stored.
    const headers: Record<string, string> = a.settled
      ? { "Cache-Control": `private, max-age=${SETTLED_MAX_AGE_S}`, ETag: a.etag }
      : { "Cache-Control": "no-store" };
    if (a.settled && matchesEtag(req.headers.get("if-none-match"), a.etag))
      return new Response(null, { status: 304, headers });
    // (Not pre-compressed: Next drops a route's Content-Encoding and compresses itself.)
    return new Response(a.body, { status: 200, headers: { "Content-Type": "application/json", ...headers } });
  });
}
