// The optional correlation file (SIGHTLINE_CORRELATION_FILE): force a mapping per backend
// when detection guesses wrong, add trace-ID patterns, tune the span→logs margin.
import { z } from "zod";
import { KEY_NAMES } from "./keys";
import {
  DEFAULT_CGROUP_ID_MATCH,
  DEFAULT_SPAN_LOG_MARGIN_MS,
  type Detected,
  type DetectedMappings,
  type JaegerMapping,
  type LokiMapping,
  PODMAN_INFO_METRIC,
  type PrometheusMapping,
} from "./mapping";
import { regexProblem } from "./quote";
import { compileTracePattern, type TracePattern, tracePatternProblem } from "../model/trace-pattern";

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "must be a metric name");
const keyName = z.enum(KEY_NAMES);

const prometheusOverride = z.discriminatedUnion("convention", [
  z.strictObject({ convention: z.literal("cadvisor"), label: labelName.default("name"), key: keyName.default("name") }),
  z.strictObject({
    convention: z.literal("cadvisor-id"),
    label: labelName.default("id"),
    match: z
      .string()
      .refine((s) => s.includes("{id}"), "must contain {id}")
      .refine((s) => regexProblem(s.split("{id}").join("x")) === undefined, "must be a valid regular expression")
      .default(DEFAULT_CGROUP_ID_MATCH),
  }),
  z.strictObject({
    convention: z.literal("kubernetes"),
    namespaceLabel: labelName.default("namespace"),
    podLabel: labelName.default("pod"),
    containerLabel: labelName.default("container"),
  }),
  z.strictObject({
    convention: z.literal("podman-exporter"),
    label: labelName.default("id"),
    infoMetric: metricName.default(PODMAN_INFO_METRIC),
  }),
]);

const lokiMatcher = z.strictObject({ label: labelName, key: keyName.default("name"), slash: z.boolean().optional() });
const lokiOverride = lokiMatcher.extend({ also: z.array(lokiMatcher).optional() });

const jaegerOverride = z.strictObject({
  attribute: z.string().min(1),
  key: keyName,
  prefixLength: z.number().int().min(1).max(64).optional(),
  service: z.string().min(1).optional(),
});

// Compiled on RE2 (lib/model/trace-pattern): linear-time on any log line, Loki's syntax.
const traceIdPattern = z.string().superRefine((s, ctx) => {
  const problem = tracePatternProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const correlationConfigSchema = z.strictObject({
  prometheus: prometheusOverride.optional(),
  loki: lokiOverride.optional(),
  jaeger: jaegerOverride.optional(),
  /** Extra regexes for trace IDs in log lines, each with a `traceId` (and optionally `spanId`) named group. */
  traceIdPatterns: z.array(traceIdPattern).default([]),
  /** Span → logs: how far before the span's start and after its end to look. */
  spanLogMarginMs: z.number().int().min(0).max(3_600_000).default(DEFAULT_SPAN_LOG_MARGIN_MS),
});

export type CorrelationConfig = z.infer<typeof correlationConfigSchema>;

/** The config when there is no file. */
export const DEFAULT_CORRELATION_CONFIG: CorrelationConfig = correlationConfigSchema.parse({});

/** Parse file contents (already JSON-decoded); errors name the path, e.g. `loki.label: must be a label name`. */
export function parseCorrelationConfig(
  raw: unknown,
): { ok: true; config: CorrelationConfig } | { ok: false; error: string } {
  const r = correlationConfigSchema.safeParse(raw);
  if (r.success) return { ok: true, config: r.data };
  const lines = r.error.issues.map((i) => `- ${i.path.join(".") || "(root)"}: ${i.message}`);
  return { ok: false, error: `Correlation file is invalid:\n${lines.join("\n")}` };
}

/** Compiled `traceIdPatterns`, for parseLogLine's extraTracePatterns. */
export function compileTraceIdPatterns(config: CorrelationConfig): TracePattern[] {
  return config.traceIdPatterns.map(compileTracePattern);
}

/** Does the file force this backend? Then the server can skip probing it. */
export function hasOverride(config: CorrelationConfig, backend: "prometheus" | "loki" | "jaeger"): boolean {
  return config[backend] !== undefined;
}

function forced<M>(mapping: M): Detected<M> {
  return { kind: "mapping", mapping, evidence: "set in the correlation file", source: "override" };
}

/** Detected mappings with every backend the file forces replaced by the forced mapping. */
export function applyOverrides(detected: DetectedMappings, config: CorrelationConfig): DetectedMappings {
  const out: DetectedMappings = { ...detected };
  if (config.prometheus) out.prometheus = forced<PrometheusMapping>(config.prometheus);
  if (config.loki) out.loki = forced<LokiMapping>(config.loki);
  if (config.jaeger) {
    // A forced attribute without a service keeps the service detection found, if any.
    const prev = detected.jaeger?.kind === "mapping" ? detected.jaeger.mapping.service : undefined;
    const service = config.jaeger.service ?? prev;
    out.jaeger = forced<JaegerMapping>({ ...config.jaeger, ...(service ? { service } : {}) });
  }
  return out;
}
