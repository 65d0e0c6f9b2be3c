// Wire schemas for Grafana Tempo's HTTP API (2.x). Only lib/backends/tempo knows these shapes.
// Trace by id is OTLP with Tempo's own envelope `batches` (base64 ids, enum-name kinds), the same
// ResourceSpans the Jaeger v3 decoder reads; search answers are Tempo's own summaries.
import { z } from "zod";
import { isNanosString, type NanosString } from "../../model/time";
import { normalizeTraceId } from "../../model/trace-id";
import { resourceSpansSchema } from "../jaeger/schemas";

/** `GET /api/traces/{id}` (Accept: application/json): `{"batches":[ResourceSpans…]}`; newer servers send `resourceSpans`. */
export const tempoTraceSchema = z
  .looseObject({
    batches: z.array(resourceSpansSchema).nullish(),
    resourceSpans: z.array(resourceSpansSchema).nullish(),
  })
  .refine((d) => d.batches != null || d.resourceSpans != null, {
    message: "expected Tempo's `batches` (or OTLP `resourceSpans`)",
    path: ["batches"],
  });

const nanos = z.custom<NanosString>((v) => typeof v === "string" && isNanosString(v), "expected nanoseconds");

/** Search trace IDs are hex with leading zeros dropped (31 characters for 0af7…): padded here. */
const searchTraceId = z.string().transform((s, ctx) => {
  const id = normalizeTraceId(s);
  if (id === undefined) {
    ctx.addIssue({ code: "custom", message: `not a trace id: ${JSON.stringify(s.slice(0, 40))}` });
    return z.NEVER;
  }
  return id;
});

export const searchTraceSchema = z.looseObject({
  traceID: searchTraceId,
  rootServiceName: z.string().optional(),
  rootTraceName: z.string().optional(),
  startTimeUnixNano: nanos.optional(),
  durationMs: z.number().optional(),
});

/** `GET /api/search`: `traces` is absent when nothing matched (`{"metrics":{…}}`). */
export const searchResponseSchema = z.looseObject({
  traces: z
    .array(searchTraceSchema)
    .nullish()
    .transform((v) => v ?? []),
});

export const tagNamesSchema = z.looseObject({
  tagNames: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});
export const tagValuesSchema = z.looseObject({
  tagValues: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});

/** `/api/status/buildinfo` (Tempo ≥ 2.1; 2.0 answers 404 and has only the text /status/version). */
export const buildInfoSchema = z.looseObject({ version: z.string(), revision: z.string().optional() });

export type SearchTrace = z.infer<typeof searchTraceSchema>;
