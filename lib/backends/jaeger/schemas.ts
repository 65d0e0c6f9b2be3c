// Wire schemas for the Jaeger query service: API v3 (OTLP JSON) and the v1 internal JSON API.
// Loose objects everywhere: real servers add fields, and proto3 JSON omits zero values,
// so most OTLP fields are optional. See ../shared/docs/APIS.md §4.
import { z } from "zod";
import { isNanosString, type NanosString } from "../../model/time";
import { wireSpanId, wireTraceId } from "./ids";

// ---------- ids and numbers ----------

const traceId = z.string().transform((s, ctx) => {
  const id = wireTraceId(s);
  if (id === undefined) {
    ctx.addIssue({ code: "custom", message: `not a trace id: ${JSON.stringify(s.slice(0, 40))}` });
    return z.NEVER;
  }
  return id;
});

const spanId = z.string().transform((s, ctx) => {
  const id = wireSpanId(s);
  if (id === undefined) {
    ctx.addIssue({ code: "custom", message: `not a span id: ${JSON.stringify(s.slice(0, 40))}` });
    return z.NEVER;
  }
  return id;
});

/** OTLP parentSpanId: "" (or absent) means root. */
const optionalSpanId = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    const id = wireSpanId(s);
    if (id === undefined) {
      ctx.addIssue({ code: "custom", message: `not a span id: ${JSON.stringify(s.slice(0, 40))}` });
      return z.NEVER;
    }
    return id;
  });

/** OTLP fixed64 nanoseconds: a decimal string in proto3 JSON, a number from some encoders. */
const nanos = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx): NanosString => {
    // A JSON number above 2^53 has already lost sub-µs precision in JSON.parse; still usable.
    const s =
      v === undefined ? "0" : typeof v === "string" ? v : Number.isInteger(v) && v >= 0 ? BigInt(v).toString() : "";
    if (!isNanosString(s)) {
      ctx.addIssue({ code: "custom", message: `expected nanoseconds as a decimal string, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return s;
  });

// ---------- OTLP (API v3) ----------

export interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: WireAnyValue[] | null };
  kvlistValue?: { values?: WireKeyValue[] | null };
}
export interface WireKeyValue {
  key: string;
  value?: WireAnyValue | null;
}

export const anyValueSchema: z.ZodType<WireAnyValue> = z.lazy(() =>
  z.looseObject({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.looseObject({ values: z.array(anyValueSchema).nullish() }).optional(),
    kvlistValue: z.looseObject({ values: z.array(keyValueSchema).nullish() }).optional(),
  }),
);
export const keyValueSchema: z.ZodType<WireKeyValue> = z.lazy(() =>
  z.looseObject({ key: z.string(), value: anyValueSchema.nullish() }),
);

const attributes = z.array(keyValueSchema).nullish();

/** Int enum (proto3 JSON default) or the enum name (also valid proto3 JSON). */
const enumValue = z.union([z.number().int(), z.string()]).optional();

export const otlpSpanSchema = z.looseObject({
  traceId,
  spanId,
  parentSpanId: optionalSpanId,
  name: z.string().optional(),
  kind: enumValue,
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes,
  events: z.array(z.looseObject({ timeUnixNano: nanos, name: z.string().optional(), attributes })).nullish(),
  links: z.array(z.looseObject({ traceId, spanId, attributes })).nullish(),
  status: z.looseObject({ code: enumValue, message: z.string().optional() }).nullish(),
});
export type OtlpSpan = z.infer<typeof otlpSpanSchema>;

export const resourceSpansSchema = z.looseObject({
  resource: z.looseObject({ attributes }).nullish(),
  scopeSpans: z
    .array(
      z.looseObject({
        scope: z.looseObject({ name: z.string().optional(), version: z.string().optional() }).nullish(),
        spans: z.array(otlpSpanSchema).nullish(),
      }),
    )
    .nullish(),
});
export type ResourceSpans = z.infer<typeof resourceSpansSchema>;

// resourceSpans is required: a JSON object without it is not a trace answer (a proxy or a
// wrong endpoint), and must not read as "no traces".
export const otlpTracesDataSchema = z.looseObject({ resourceSpans: z.array(resourceSpansSchema) });

/** v3 wraps TracesData in `result`; the client also accepts a plain TracesData (see to-model). */
export const v3TracesResponseSchema = z.looseObject({ result: otlpTracesDataSchema });

// Strict: gRPC-gateway may omit an empty `services`, so `{}` is "none", but any other key means
// this is not Jaeger's answer.
export const v3ServicesSchema = z.strictObject({ services: z.array(z.string()).nullish() });
export const v3OperationsSchema = z.looseObject({
  operations: z.array(z.looseObject({ name: z.string(), spanKind: z.string().optional() })).nullish(),
});
export const v3ErrorSchema = z.looseObject({
  error: z.looseObject({ httpCode: z.number().optional(), message: z.string().optional() }),
});

// ---------- v1 internal JSON API ----------

export const v1KeyValueSchema = z.looseObject({
  key: z.string(),
  type: z.string().optional(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});
export type V1KeyValue = z.infer<typeof v1KeyValueSchema>;

const v1Tags = z.array(v1KeyValueSchema).nullish();

export const v1ProcessSchema = z.looseObject({ serviceName: z.string(), tags: v1Tags });
export type V1Process = z.infer<typeof v1ProcessSchema>;

export const v1SpanSchema = z.looseObject({
  traceID: traceId,
  spanID: spanId,
  operationName: z.string(),
  references: z.array(z.looseObject({ refType: z.string(), traceID: traceId, spanID: spanId })).nullish(),
  startTime: z.number(),
  duration: z.number(),
  tags: v1Tags,
  logs: z.array(z.looseObject({ timestamp: z.number(), fields: v1Tags })).nullish(),
  processID: z.string().optional(),
  /** The UI embeds the process in each span; the query service does not. */
  process: v1ProcessSchema.optional(),
  warnings: z.array(z.string()).nullish(),
});
export type V1Span = z.infer<typeof v1SpanSchema>;

export const v1TraceSchema = z.looseObject({
  traceID: traceId,
  spans: z.array(v1SpanSchema),
  processes: z.record(z.string(), v1ProcessSchema).nullish(),
  warnings: z.array(z.string()).nullish(),
});
export type V1Trace = z.infer<typeof v1TraceSchema>;

const v1Errors = z
  .array(z.looseObject({ code: z.number().optional(), msg: z.string().optional(), traceID: z.string().optional() }))
  .nullish();

/** `{data,total,limit,offset,errors}`; data is null when errors says why. */
export function v1Envelope<T extends z.ZodType>(data: T) {
  return z.looseObject({
    data: data.nullish(),
    total: z.number().optional(),
    limit: z.number().optional(),
    offset: z.number().optional(),
    errors: v1Errors,
  });
}

export const v1TracesEnvelopeSchema = v1Envelope(z.array(v1TraceSchema));
export const v1StringsEnvelopeSchema = v1Envelope(z.array(z.string()));
