// Which Prometheus convention carries this container: cAdvisor names, cAdvisor cgroup ids, or
// the podman exporter (APIS.md §2). Input is what the server probed (see probe-plan.ts).
import type { Labels } from "../model/series";
import { type ContainerLike, containerKeys, idFromCgroupPath } from "./keys";
import {
  CORRELATION_FILE_HINT,
  DEFAULT_CGROUP_ID_MATCH,
  type Detection,
  type DetectionReason,
  listForMessage,
  PODMAN_INFO_METRIC,
  type PrometheusMapping,
  quoteForMessage as q,
} from "./mapping";
import { RE2JS } from "re2js";
import { regexEscape } from "./quote";

export interface PrometheusProbe {
  /** /api/v1/labels */
  labelNames: string[];
  /** Label values by label name (`name`, `id`), as the probe plan asked. */
  labelValues: Record<string, string[] | undefined>;
  /** podman_container_info series. */
  series: Labels[];
}

/** The cgroup-id regex for one container, from a `match` template. */
export function cgroupIdRegex(template: string, id: string): string {
  return template.split("{id}").join(regexEscape(id));
}

// The template may come from the correlation file and the value from Prometheus: RE2 (as
// Prometheus itself uses) keeps the match linear whatever either holds.
function anchoredTest(re: string, value: string): boolean {
  try {
    return RE2JS.compile(`^(?:${re})$`).matches(value);
  } catch {
    return false;
  }
}

export function detectPrometheus(probe: PrometheusProbe, c: ContainerLike): Detection<PrometheusMapping> {
  const k = containerKeys(c);
  if (k.kubePod && k.namespace && k.kubeContainer && (probe.labelValues.pod ?? []).includes(k.kubePod)) {
    return {
      kind: "mapping",
      mapping: { convention: "kubernetes", namespaceLabel: "namespace", podLabel: "pod", containerLabel: "container" },
      evidence: `Kubernetes cAdvisor: label ${q("pod")} = ${q(k.kubePod)} on container_cpu_usage_seconds_total (with ${q("namespace")} and ${q("container")})`,
      source: "detected",
    };
  }
  const names = probe.labelValues.name ?? [];
  if (names.includes(k.name)) {
    return {
      kind: "mapping",
      mapping: { convention: "cadvisor", label: "name", key: "name" },
      evidence: `cAdvisor: label ${q("name")} = ${q(k.name)} on container_cpu_usage_seconds_total`,
      source: "detected",
    };
  }
  const ids = probe.labelValues.id ?? [];
  const cgroup = k.id ? ids.find((v) => idFromCgroupPath(v) === k.id) : undefined;
  if (cgroup !== undefined) {
    const match = anchoredTest(cgroupIdRegex(DEFAULT_CGROUP_ID_MATCH, k.id), cgroup)
      ? DEFAULT_CGROUP_ID_MATCH
      : ".*{id}.*";
    return {
      kind: "mapping",
      mapping: { convention: "cadvisor-id", label: "id", match },
      evidence: `cAdvisor without names: cgroup ${q("id")} = ${q(cgroup)} ends with the container id`,
      source: "detected",
    };
  }
  const info = probe.series.filter((s) => (s.__name__ ?? PODMAN_INFO_METRIC) === PODMAN_INFO_METRIC);
  const hit = info.find((s) => {
    const id = (s.id ?? "").toLowerCase();
    return (id.length >= 12 && k.id.startsWith(id)) || (id !== "" && id === k.shortId) || s.name === k.name;
  });
  if (hit) {
    return {
      kind: "mapping",
      mapping: { convention: "podman-exporter", label: "id", infoMetric: PODMAN_INFO_METRIC },
      evidence: `podman exporter: ${PODMAN_INFO_METRIC}{id=${q(hit.id ?? "")}, name=${q(hit.name ?? "")}}`,
      source: "detected",
    };
  }
  return prometheusReason(probe, k.name, k.shortId, names, ids.length, info.length);
}

function prometheusReason(
  probe: PrometheusProbe,
  name: string,
  shortId: string,
  names: string[],
  idCount: number,
  infoCount: number,
): DetectionReason {
  const seen: string[] = [];
  if (names.length) seen.push(`label ${q("name")} has values ${listForMessage(names, 5)}`);
  if (idCount) seen.push(`no cgroup ${q("id")} ends with ${shortId ? `${shortId}…` : "its id"}`);
  if (infoCount) seen.push(`${PODMAN_INFO_METRIC} has no id ${q(shortId || "?")}`);
  const none = !names.length && !idCount && !infoCount;
  const message = none
    ? `Prometheus has no container metrics (no cAdvisor ${q("name")}/${q("id")} labels, no ${PODMAN_INFO_METRIC}); labels seen: ${listForMessage(probe.labelNames)}`
    : `Prometheus has no series for container ${q(name)}: ${seen.join("; ")}`;
  const alt = ["container", "container_name", "name"].find((l) => probe.labelNames.includes(l)) ?? "<label>";
  return {
    kind: "reason",
    backend: "prometheus",
    message,
    labelsSeen: probe.labelNames,
    suggestion: none
      ? `Scrape cAdvisor or prometheus-podman-exporter on this host, or set {"prometheus":{"convention":"cadvisor","label":"${alt}"}} ${CORRELATION_FILE_HINT}.`
      : `If this container's metrics carry its name in another label, set {"prometheus":{"convention":"cadvisor","label":"${alt}"}} ${CORRELATION_FILE_HINT}; if it has no metrics yet, check that the exporter sees it.`,
  };
}
