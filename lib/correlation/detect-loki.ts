// Which Loki stream label carries this container. Conventions: Alloy/Promtail docker discovery
// (`container`, often relabelled from `__meta_docker_container_name` which keeps Docker's "/"),
// the Docker logging driver (`container_name`, `compose_service`), Loki 3's `service_name`.
import { type ContainerLike, type ContainerKeys, containerKeys, type KeyName, keyValue } from "./keys";
import {
  CORRELATION_FILE_HINT,
  type Detection,
  type DetectionReason,
  type LokiMapping,
  type LokiMatcherMapping,
  listForMessage,
  quoteForMessage as q,
} from "./mapping";

export interface LokiProbe {
  /** /loki/api/v1/labels */
  labelNames: string[];
  /** /loki/api/v1/label/<label>/values for the candidate labels that exist. */
  labelValues: Record<string, string[] | undefined>;
}

export interface LokiCandidate {
  label: string;
  /** Keys tried in order against this label's values. */
  keys: KeyName[];
  /** Labels that narrow the match when present (compose_service is only unique within a project). */
  also?: LokiMatcherMapping[];
}

/** Tried in this order; the first label whose values contain the container's key wins. */
export const LOKI_CANDIDATES: readonly LokiCandidate[] = [
  // Kubernetes first: Promtail/Alloy pod discovery, then Loki 3's OTLP index labels.
  {
    label: "pod",
    keys: ["kubePod"],
    also: [
      { label: "namespace", key: "namespace" },
      { label: "container", key: "kubeContainer" },
    ],
  },
  {
    label: "k8s_pod_name",
    keys: ["kubePod"],
    also: [
      { label: "k8s_namespace_name", key: "namespace" },
      { label: "k8s_container_name", key: "kubeContainer" },
    ],
  },
  // Alloy's job="<namespace>/<container>", Promtail's job="<namespace>/<app>": every replica.
  { label: "job", keys: ["kubeJob", "kubeJobApp"] },
  { label: "container", keys: ["name"] },
  { label: "container_name", keys: ["name"] },
  { label: "container_id", keys: ["id", "shortId"] },
  {
    label: "compose_service",
    keys: ["composeService"],
    also: [{ label: "compose_project", key: "composeProject" }],
  },
  {
    label: "service_name",
    keys: ["name", "composeService", "kubeService", "kubeContainer"],
    also: [
      { label: "namespace", key: "namespace" },
      { label: "k8s_namespace_name", key: "namespace" },
      { label: "service_namespace", key: "namespace" },
    ],
  },
  { label: "service", keys: ["name", "composeService"] },
  { label: "app", keys: ["name", "composeService"] },
];

function matchValue(values: readonly string[], v: string): { slash: boolean } | undefined {
  if (values.includes(v)) return { slash: false };
  if (values.includes(`/${v}`)) return { slash: true };
  return undefined;
}

function alsoFor(cand: LokiCandidate, probe: LokiProbe, k: ContainerKeys): LokiMatcherMapping[] {
  const out: LokiMatcherMapping[] = [];
  for (const a of cand.also ?? []) {
    const v = keyValue(k, a.key);
    if (!v || !probe.labelNames.includes(a.label)) continue;
    const values = probe.labelValues[a.label];
    // Without the values we cannot be sure the extra label is set on this stream: skip it.
    const m = values ? matchValue(values, v) : undefined;
    if (m) out.push(m.slash ? { ...a, slash: true } : a);
  }
  return out;
}

export function detectLoki(probe: LokiProbe, c: ContainerLike): Detection<LokiMapping> {
  const k = containerKeys(c);
  for (const cand of LOKI_CANDIDATES) {
    if (!probe.labelNames.includes(cand.label)) continue;
    const values = probe.labelValues[cand.label] ?? [];
    for (const key of cand.keys) {
      const v = keyValue(k, key);
      const m = v ? matchValue(values, v) : undefined;
      if (!v || !m) continue;
      const also = alsoFor(cand, probe, k);
      const mapping: LokiMapping = { label: cand.label, key, ...(m.slash ? { slash: true } : {}) };
      if (also.length) mapping.also = also;
      const shown = `${m.slash ? "/" : ""}${v}`;
      const shared =
        key === "composeService"
          ? ` (shared by every replica of service ${q(v)})`
          : key === "kubeJob" || key === "kubeJobApp" || key === "kubeService" || key === "kubeContainer"
            ? " (shared by every pod of the workload)"
            : "";
      return {
        kind: "mapping",
        mapping,
        evidence: `Loki label ${q(cand.label)} = ${q(shown)}${also.map((a) => ` and ${q(a.label)}`).join("")}${shared}`,
        source: "detected",
      };
    }
  }
  return lokiReason(probe, k);
}

function lokiReason(probe: LokiProbe, k: ContainerKeys): DetectionReason {
  // Only candidates this container has a key for (a Docker container has no pod, no namespace/job).
  const present = LOKI_CANDIDATES.filter(
    (cand) => probe.labelNames.includes(cand.label) && cand.keys.some((key) => keyValue(k, key) !== undefined),
  );
  const guess = probe.labelNames.find(
    (l) => !["job", "host", "filename", "stream", "level"].includes(l) && !l.startsWith("__"),
  );
  const overrideText = `set {"loki":{"label":"${guess ?? "<label>"}","key":"name"}} ${CORRELATION_FILE_HINT}`;
  if (present.length === 0) {
    return {
      kind: "reason",
      backend: "loki",
      message: `Loki has no label that matches container ${q(k.name)}; labels seen: ${listForMessage(probe.labelNames)}`,
      labelsSeen: probe.labelNames,
      suggestion: `Label streams with the container name (Alloy/Promtail: relabel __meta_docker_container_name with regex "/(.*)" into ${q("container")}), or ${overrideText}.`,
    };
  }
  const seen = present.map((cand) => `${q(cand.label)} has ${listForMessage(probe.labelValues[cand.label] ?? [], 5)}`);
  return {
    kind: "reason",
    backend: "loki",
    message: `Loki has no stream for container ${q(k.name)}: ${seen.join("; ")}`,
    labelsSeen: probe.labelNames,
    suggestion: `Check that the log shipper follows this container (the probe looked at recent streams only); if its logs use another label or value, ${overrideText}.`,
  };
}
