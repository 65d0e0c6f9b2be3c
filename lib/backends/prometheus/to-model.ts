// Prometheus wire shapes → lib/model. Wire types stop here (DESIGN.md §8.2).
import {
  type Exemplar,
  type InstantSample,
  type Labels,
  type Point,
  parseSampleValue,
  type Series,
} from "../../model/series";
import { secondsToMillis } from "../../model/time";
import { normalizeSpanId, normalizeTraceId } from "../../model/trace-id";
import type { BuildInfo } from "../types";
import type {
  PromBuildInfo,
  PromExemplarsData,
  PromInstantData,
  PromMatrixItem,
  PromMetadataData,
  PromVectorItem,
} from "./schemas";

/** Exemplar label keys that carry trace and span IDs, in the order they are tried. */
export const EXEMPLAR_TRACE_KEYS = ["trace_id", "traceID", "traceId", "traceid"];
export const EXEMPLAR_SPAN_KEYS = ["span_id", "spanID", "spanId", "spanid"];

function toPoint([ts, v]: [number, string]): Point {
  return [secondsToMillis(ts), parseSampleValue(v)];
}

export function matrixToSeries(result: PromMatrixItem[]): Series[] {
  // Histogram-only series have no float samples; they keep their labels and no points.
  return result.map((s) => ({ labels: { ...s.metric }, points: (s.values ?? []).map(toPoint) }));
}

function vectorToSamples(result: PromVectorItem[]): InstantSample[] {
  const out: InstantSample[] = [];
  for (const s of result) {
    if (!s.value) continue; // native histogram sample: not modelled
    const [at, value] = toPoint(s.value);
    out.push({ labels: { ...s.metric }, at, value });
  }
  return out;
}

/**
 * Any `/api/v1/query` result as instant samples. scalar/string are one sample without
 * labels (a string that is not a number gives `null`); a matrix (range selector) gives
 * every sample of every series.
 */
export function instantToSamples(data: PromInstantData): InstantSample[] {
  switch (data.resultType) {
    case "vector":
      return vectorToSamples(data.result);
    case "matrix":
      return matrixToSeries(data.result).flatMap((s) =>
        s.points.map(([at, value]) => ({ labels: s.labels, at, value })),
      );
    case "scalar":
    case "string": {
      const [at, value] = toPoint(data.result);
      return [{ labels: {}, at, value }];
    }
  }
}

function firstLabel(labels: Labels, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = labels[k];
    if (v) return v;
  }
  return undefined;
}

export function toExemplars(data: PromExemplarsData): Exemplar[] {
  const out: Exemplar[] = [];
  for (const group of data) {
    for (const e of group.exemplars) {
      const rawTrace = firstLabel(e.labels, EXEMPLAR_TRACE_KEYS);
      const rawSpan = firstLabel(e.labels, EXEMPLAR_SPAN_KEYS);
      out.push({
        seriesLabels: { ...group.seriesLabels },
        labels: { ...e.labels },
        at: secondsToMillis(e.timestamp),
        // Exemplar values are strings like sample values; NaN stays NaN (the trace link still matters).
        value: Number(e.value),
        traceId: rawTrace ? normalizeTraceId(rawTrace) : undefined,
        spanId: rawSpan ? normalizeSpanId(rawSpan) : undefined,
      });
    }
  }
  return out;
}

export function toBuildInfo(b: PromBuildInfo): BuildInfo {
  return { version: b.version, revision: b.revision || undefined };
}

export interface MetricMetadata {
  type: string;
  help: string;
  unit?: string;
}

/**
 * Metadata for a sample name. OpenMetrics counters are keyed by family, so
 * `http_server_requests_total` is found under `http_server_requests` (fixtures README, Surprises).
 */
export function metadataFor(data: PromMetadataData, metric: string): MetricMetadata | undefined {
  for (const name of metadataCandidates(metric)) {
    const m = data[name]?.[0];
    if (m) return { ...m };
  }
  return undefined;
}

const FAMILY_SUFFIXES = ["_total", "_bucket", "_count", "_sum", "_created", "_info"];

/** The sample name itself, then its family name if it has a counter/histogram suffix. */
export function metadataCandidates(metric: string): string[] {
  const suffix = FAMILY_SUFFIXES.find((s) => metric.endsWith(s) && metric.length > s.length);
  return suffix ? [metric, metric.slice(0, -suffix.length)] : [metric];
}

/**
 * `U__` escaping for label names outside [a-zA-Z_][a-zA-Z0-9_]* in `/api/v1/label/<name>/values`
 * (prometheus/common model.EscapeName, ValueEncodingEscaping): `_` → `__`, other runes → `_<hex>_`.
 */
export function escapeLabelName(name: string): string {
  if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) return name;
  let out = "U__";
  let i = 0;
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0xfffd;
    if (ch === "_") out += "__";
    else if (/[a-zA-Z:]/.test(ch) || (/[0-9]/.test(ch) && i > 0)) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += "_FFFD_"; // lone surrogate: not a valid rune
    else out += `_${cp.toString(16)}_`;
    i += ch.length;
  }
  return out;
}
