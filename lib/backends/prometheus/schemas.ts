// Wire schemas for the Prometheus HTTP API (APIS.md §1; recorded shapes in
// ../shared/fixtures/prometheus-2.42, "Surprises"). Only this file knows these shapes.
import { z } from "zod";

const labelSet = z.record(z.string(), z.string());

/** `[<unix seconds>, "<value>"]`: the value is a string ("NaN" and "+Inf" occur). */
export const samplePairSchema = z.tuple([z.number(), z.string()]);

/** Error envelope; `data` is absent in 2.42 and null in later versions. */
export const promErrorSchema = z.object({
  status: z.literal("error"),
  errorType: z.string().optional(),
  error: z.string(),
});

/** Success envelope around a given `data` schema. `infos` appears from v2.54. */
export function promSuccess<T extends z.ZodType>(data: T) {
  return z.object({
    status: z.literal("success"),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });
}

export const vectorItemSchema = z.object({
  metric: labelSet,
  value: samplePairSchema.optional(),
  /** Native histogram sample: accepted, not modelled. */
  histogram: z.unknown().optional(),
});

// Prometheus omits `values` when a series has only native-histogram samples, so `values`
// is optional only when `histograms` is there.
export const matrixItemSchema = z
  .object({
    metric: labelSet,
    values: z.array(samplePairSchema).optional(),
    histograms: z.array(z.unknown()).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.values === undefined && item.histograms === undefined)
      ctx.addIssue({ code: "custom", path: ["values"], message: "missing: a series needs values or histograms" });
  });

export const matrixDataSchema = z.object({ resultType: z.literal("matrix"), result: z.array(matrixItemSchema) });

/** `/api/v1/query`: vector or matrix are series lists; scalar and string are one bare pair. */
export const instantDataSchema = z.discriminatedUnion("resultType", [
  z.object({ resultType: z.literal("vector"), result: z.array(vectorItemSchema) }),
  matrixDataSchema,
  z.object({ resultType: z.literal("scalar"), result: samplePairSchema }),
  z.object({ resultType: z.literal("string"), result: samplePairSchema }),
]);

/** Exemplar timestamps are JSON numbers (float seconds), unlike sample pairs. */
export const exemplarsDataSchema = z.array(
  z.object({
    seriesLabels: labelSet,
    exemplars: z.array(z.object({ labels: labelSet, value: z.string(), timestamp: z.number() })),
  }),
);

export const seriesDataSchema = z.array(labelSet);
export const stringListSchema = z.array(z.string());

export const buildInfoSchema = z.object({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  buildUser: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
});

/** `/api/v1/metadata`: keyed by metric *family* (counters without `_total`). `unit` is newer. */
export const metadataDataSchema = z.record(
  z.string(),
  z.array(z.object({ type: z.string(), help: z.string(), unit: z.string().optional() })),
);

// Whole responses, one per endpoint.
export const matrixResponseSchema = promSuccess(matrixDataSchema);
export const instantResponseSchema = promSuccess(instantDataSchema);
export const exemplarsResponseSchema = promSuccess(exemplarsDataSchema);
export const seriesResponseSchema = promSuccess(seriesDataSchema);
export const stringListResponseSchema = promSuccess(stringListSchema);
export const buildInfoResponseSchema = promSuccess(buildInfoSchema);
export const metadataResponseSchema = promSuccess(metadataDataSchema);

export type PromMatrixItem = z.infer<typeof matrixItemSchema>;
export type PromVectorItem = z.infer<typeof vectorItemSchema>;
export type PromInstantData = z.infer<typeof instantDataSchema>;
export type PromExemplarsData = z.infer<typeof exemplarsDataSchema>;
export type PromBuildInfo = z.infer<typeof buildInfoSchema>;
export type PromMetadataData = z.infer<typeof metadataDataSchema>;
