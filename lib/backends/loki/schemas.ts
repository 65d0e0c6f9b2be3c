// Wire schemas for the Loki HTTP API (APIS.md §3; recorded shapes in
// ../shared/fixtures/loki-2.8, "Surprises"). Only this file knows these shapes.
import { z } from "zod";
import { isNanosString, type NanosString } from "../../model/time";

const labelSet = z.record(z.string(), z.string());

/** Stream timestamps are nanosecond *strings* (exact beyond 2^53). */
export const nanosSchema = z.custom<NanosString>(
  (v) => typeof v === "string" && isNanosString(v),
  "expected a nanosecond timestamp string",
);

/** Third element with `X-Loki-Response-Encoding-Flags: categorize-labels` (APIS.md §3). */
export const categorizedSchema = z.object({
  structuredMetadata: labelSet.optional(),
  parsed: labelSet.optional(),
});

/** `["<ns>", "<line>"]`, or `["<ns>", "<line>", {structuredMetadata, parsed}]` when categorized. */
export const streamEntrySchema = z.tuple([nanosSchema, z.string(), categorizedSchema.optional()]);

export const streamSchema = z.object({ stream: labelSet, values: z.array(streamEntrySchema) });

/** Matrix/vector samples are `[<unix seconds>, "<value>"]`, like Prometheus. */
export const samplePairSchema = z.tuple([z.number(), z.string()]);

export const matrixItemSchema = z.object({ metric: labelSet, values: z.array(samplePairSchema) });
export const vectorItemSchema = z.object({ metric: labelSet, value: samplePairSchema });

// `stats` is a large nested object (summary, querier, ingester, cache…): accepted, not modelled.
const queryData = {
  stats: z.unknown().optional(),
  encodingFlags: z.array(z.string()).optional(),
};

export const queryDataSchema = z.discriminatedUnion("resultType", [
  z.object({ resultType: z.literal("streams"), result: z.array(streamSchema), ...queryData }),
  z.object({ resultType: z.literal("matrix"), result: z.array(matrixItemSchema), ...queryData }),
  z.object({ resultType: z.literal("vector"), result: z.array(vectorItemSchema), ...queryData }),
]);

function lokiSuccess<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal("success"), data });
}

export const queryResponseSchema = lokiSuccess(queryDataSchema);

// Loki omits `data` when a label query finds nothing, so absent means empty.
export const stringListResponseSchema = lokiSuccess(
  z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
);
export const seriesResponseSchema = lokiSuccess(
  z
    .array(labelSet)
    .nullish()
    .transform((v) => v ?? []),
);

/** `/loki/api/v1/status/buildinfo` is a bare object, no envelope; source builds send "". */
export const buildInfoSchema = z.object({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  buildUser: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
});

/** One tail WebSocket text frame; `dropped_entries` may be absent or null. */
export const tailFrameSchema = z.object({
  streams: z.array(streamSchema).nullish(),
  dropped_entries: z.array(z.object({ labels: labelSet, timestamp: nanosSchema })).nullish(),
});

/** Newer Loki versions may send JSON error bodies; 2.8 sends plain text (decided by status code). */
export const jsonErrorSchema = z.union([z.object({ message: z.string() }), z.object({ error: z.string() })]);

export type LokiStream = z.infer<typeof streamSchema>;
export type LokiMatrixItem = z.infer<typeof matrixItemSchema>;
export type LokiVectorItem = z.infer<typeof vectorItemSchema>;
export type LokiQueryData = z.infer<typeof queryDataSchema>;
export type LokiBuildInfo = z.infer<typeof buildInfoSchema>;
export type LokiTailFrame = z.infer<typeof tailFrameSchema>;
