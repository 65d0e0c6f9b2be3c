// Parsed JSON → validated wire → model, for each Jaeger response shape. Errors name the
// backend, the endpoint and the field path (parseWith). Used by the client and by tests.
import { BackendError } from "../../model/errors";
import { sameTraceId } from "../../model/trace-id";
import type { Trace } from "../../model/trace";
import { parseWith } from "../zod-error";
import { fastResourceSpans } from "./fast-otlp";
import {
  otlpTracesDataSchema,
  v1StringsEnvelopeSchema,
  v1TraceSchema,
  v1TracesEnvelopeSchema,
  v3ErrorSchema,
  v3TracesResponseSchema,
} from "./schemas";
import { otlpToTraces, v1TraceToModel } from "./to-model";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * v3 `{"result":{"resourceSpans":…}}`, or a plain OTLP `{"resourceSpans":…}`, already parsed.
 * The client streams trace answers through otlp-stream.ts instead; this stays the reference
 * the streaming decoder is tested against (otlp-stream.test.ts).
 */
export function decodeOtlpTraces(data: unknown, what: string): Trace[] {
  // The hand-written check accepts exactly what the schemas accept; when it does not, the
  // schema runs and names the offending field.
  const fast = fastResourceSpans(data);
  if (fast) return otlpToTraces(fast);
  if (isRecord(data) && "result" in data)
    return otlpToTraces(parseWith("jaeger", what, v3TracesResponseSchema, data).result.resourceSpans);
  return otlpToTraces(parseWith("jaeger", what, otlpTracesDataSchema, data).resourceSpans);
}

/** One v1 trace object (an element of `data[]`). */
export function decodeV1Trace(data: unknown, what: string): Trace {
  return v1TraceToModel(parseWith("jaeger", what, v1TraceSchema, data));
}

export interface V1Error {
  code?: number;
  msg?: string;
  traceID?: string;
}

function v1ErrorText(errors: readonly V1Error[]): string {
  return errors.map((e) => `${e.code ? `${e.code} ` : ""}${e.msg ?? "error"}`).join("; ");
}

/**
 * v1 `{data,total,limit,offset,errors}` of traces. `data:null` with errors is a failed query;
 * per-trace errors (errors[].traceID) become warnings on that trace.
 */
export function decodeV1Traces(data: unknown, what: string): { traces: Trace[]; errors: V1Error[] } {
  const env = parseWith("jaeger", what, v1TracesEnvelopeSchema, data);
  const errors = env.errors ?? [];
  if (env.data == null && errors.length) throw v1Failure(errors, what);
  const traces = (env.data ?? []).map(v1TraceToModel);
  for (const e of errors) {
    const t = e.traceID ? traces.find((x) => sameTraceId(x.traceId, e.traceID ?? "")) : undefined;
    t?.warnings.push(e.msg ?? "error");
  }
  return { traces, errors };
}

/** v1 envelope whose data is a list of names (services, operations). */
export function decodeV1Strings(data: unknown, what: string): string[] {
  const env = parseWith("jaeger", what, v1StringsEnvelopeSchema, data);
  const errors = env.errors ?? [];
  if (env.data == null && errors.length) throw v1Failure(errors, what);
  return env.data ?? [];
}

function v1Failure(errors: readonly V1Error[], what: string): BackendError {
  const code = errors[0]?.code;
  const kind = code === 404 ? "not-found" : code !== undefined && code >= 400 && code < 500 ? "query" : "http";
  return new BackendError("jaeger", kind, `${what}: ${v1ErrorText(errors)}`, { status: code });
}

/** A readable reason from an error body of either API, or undefined when the body says nothing. */
export function errorDetail(data: unknown): string | undefined {
  const v3 = v3ErrorSchema.safeParse(data);
  if (v3.success) return v3.data.error.message;
  if (isRecord(data) && Array.isArray(data.errors)) {
    const env = v1StringsEnvelopeSchema.safeParse({ ...data, data: null });
    if (env.success && env.data.errors?.length) return v1ErrorText(env.data.errors);
  }
  return undefined;
}
