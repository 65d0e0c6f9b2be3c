// How each container key appears in each backend (DESIGN.md §4). A mapping describes a
// convention, not one container: query builders combine it with a container's keys.
import type { KeyName } from "./keys";

export type CorrelationBackend = "prometheus" | "loki" | "jaeger";

export const CORRELATION_FILE_HINT = "in the correlation file (SIGHTLINE_CORRELATION_FILE)";
/** Span → logs: default margin before the span's start and after its end. */
export const DEFAULT_SPAN_LOG_MARGIN_MS = 30_000;
export const PODMAN_INFO_METRIC = "podman_container_info";
/** RE2 template for cAdvisor's cgroup `id`; `{id}` becomes the regex-escaped 64-hex id. */
export const DEFAULT_CGROUP_ID_MATCH = ".*{id}(\\.scope)?";

export type PrometheusMapping =
  /** cAdvisor with container names: `label` (usually `name`) carries key `key` (usually the name). */
  | { convention: "cadvisor"; label: string; key: KeyName }
  /** cAdvisor without names: the cgroup path in `label` (`id`) ends with the full id. */
  | { convention: "cadvisor-id"; label: string; match: string }
  /** prometheus-podman-exporter: `label` (`id`) is the short id on every series; `name` only on `infoMetric`. */
  | { convention: "podman-exporter"; label: string; infoMetric: string }
  /** Kubernetes (kubelet cAdvisor, kube-state-metrics): `namespace`+`pod`+`container` together. */
  | { convention: "kubernetes"; namespaceLabel: string; podLabel: string; containerLabel: string };

/** cAdvisor's per-container series on a kubelet: pod cgroups (`container=""`) and the sandbox (`POD`) excluded. */
export const KUBE_CONTAINER_SERIES = 'container_cpu_usage_seconds_total{container!="",container!="POD"}';

export interface LokiMatcherMapping {
  label: string;
  key: KeyName;
  /** Values carry Docker's leading "/" (`__meta_docker_container_name` without relabelling). */
  slash?: boolean;
}

/** Loki stream label for the main key, plus extra labels that narrow it (compose_project). */
export interface LokiMapping extends LokiMatcherMapping {
  also?: LokiMatcherMapping[];
}

export interface JaegerMapping {
  /** Resource attribute (Jaeger process tag) that carries the key, or `service.name`. */
  attribute: string;
  key: KeyName;
  /** The attribute holds only this many leading characters of the key (an abbreviated container.id). */
  prefixLength?: number;
  /** The Jaeger service whose spans carried the key; search needs a service. */
  service?: string;
}

export interface Reason {
  kind: "reason";
  message: string;
  suggestion?: string;
}

/** Why detection found nothing, with what it saw so the user can write an override. */
export interface DetectionReason extends Reason {
  backend: CorrelationBackend;
  labelsSeen: string[];
  suggestion: string;
}

export interface Detected<M> {
  kind: "mapping";
  mapping: M;
  /** Human-readable: which label had which value, or "set in the correlation file". */
  evidence: string;
  source: "detected" | "override";
}

export type Detection<M> = Detected<M> | DetectionReason;

export interface DetectedMappings {
  prometheus?: Detection<PrometheusMapping>;
  loki?: Detection<LokiMapping>;
  jaeger?: Detection<JaegerMapping>;
}

export function isReason<T extends { kind: string }>(x: T | Reason): x is Reason {
  return x.kind === "reason";
}

/** Short list for messages: `a, b, c and 7 more`. */
export function listForMessage(items: readonly string[], max = 8): string {
  if (items.length === 0) return "(none)";
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function quoteForMessage(s: string): string {
  return `\`${s}\``;
}
