// The logs API's query parameters: one schema for the route and for the container page, which
// answers the same first page in its HTML (lib/server/panel-seeds.ts).
import { z } from "zod";
import { asNanosString, isNanosString } from "../model/time";
import { DEFAULT_LOG_PAGE } from "./logs";
import { rangeSchema } from "./params";

export const logsParams = z.intersection(
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

export type LogsParams = z.infer<typeof logsParams>;

/** The parsed parameters as the logs request (trace and span ids in lower case). */
export function logsRequestOf(p: LogsParams) {
  const { from, to, ...rest } = p;
  return { range: { from, to }, ...rest, traceId: rest.traceId?.toLowerCase(), spanId: rest.spanId?.toLowerCase() };
}
