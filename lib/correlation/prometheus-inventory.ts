// All-containers PromQL: the inventory's sparklines (one query per signal, not one per
// container) and "which containers does Prometheus know" when no engine is reachable.
import type { Container } from "../model/container";
import type { Labels } from "../model/series";
import { type ContainerKeys, type ContainerLike, containerKeys, idFromCgroupPath, keyValue } from "./keys";
import type { PrometheusMapping } from "./mapping";
import { durationSeconds, matcher, selector } from "./quote";
import { type RateWindowOptions, rateWindowSeconds } from "./queries-prometheus";

/** Any cgroup path ending in a 64-hex container id (skips system slices and the root cgroup). */
export const CONTAINER_CGROUP_RE = ".*[0-9a-f]{64}(\\.scope)?";

export interface InventoryQueries {
  cpuCores: string;
  memoryBytes: string;
  memoryKind: "working-set" | "usage";
  windowSeconds: number;
  /** The label each result series is keyed by; use inventorySeriesContainer() to match it. */
  groupLabel: string;
}

function containerFilter(mapping: PrometheusMapping) {
  if (mapping.convention === "kubernetes") return matcher(mapping.podLabel, "!=", "");
  return mapping.convention === "cadvisor"
    ? matcher(mapping.label, "!=", "")
    : matcher(mapping.label, "=~", CONTAINER_CGROUP_RE);
}

const groupLabelOf = (mapping: PrometheusMapping) =>
  mapping.convention === "kubernetes" ? mapping.podLabel : mapping.label;

export function inventoryQueries(mapping: PrometheusMapping, opts: RateWindowOptions): InventoryQueries {
  const windowSeconds = rateWindowSeconds(opts);
  const w = durationSeconds(windowSeconds);
  if (mapping.convention === "podman-exporter") {
    // max by (id, name) keeps the right side one-per-id even if two targets export the same container.
    const names = `on(${mapping.label}) group_left(name) max by (${mapping.label}, name) (${mapping.infoMetric})`;
    return {
      cpuCores: `sum by (${mapping.label}) (rate(podman_container_cpu_seconds_total[${w}])) * ${names}`,
      memoryBytes: `sum by (${mapping.label}) (podman_container_mem_usage_bytes) * ${names}`,
      memoryKind: "usage",
      windowSeconds,
      groupLabel: mapping.label,
    };
  }
  const f = containerFilter(mapping);
  const g = groupLabelOf(mapping);
  return {
    cpuCores: `sum by (${g}) (rate(${selector([f, matcher("cpu", "=", "total")], "container_cpu_usage_seconds_total")}[${w}]))`,
    memoryBytes: `sum by (${g}) (${selector([f], "container_memory_working_set_bytes")})`,
    memoryKind: "working-set",
    windowSeconds,
    groupLabel: g,
  };
}

/** The container an inventory (or known-containers) series belongs to, if it is in the list. */
export function inventorySeriesContainer<C extends ContainerLike>(
  mapping: PrometheusMapping,
  labels: Labels,
  containers: readonly C[],
): C | undefined {
  const v = labels[groupLabelOf(mapping)];
  return containers.find((c) => seriesMatches(mapping, v, labels.name, containerKeys(c)));
}

function seriesMatches(
  mapping: PrometheusMapping,
  v: string | undefined,
  name: string | undefined,
  k: ContainerKeys,
): boolean {
  switch (mapping.convention) {
    case "cadvisor":
      return v !== undefined && v === keyValue(k, mapping.key);
    case "cadvisor-id":
      return v !== undefined && k.id !== "" && idFromCgroupPath(v) === k.id;
    case "kubernetes":
      return v !== undefined && v === k.kubePod;
    case "podman-exporter":
      return (v !== undefined && v !== "" && v.toLowerCase() === k.shortId) || (name !== undefined && name === k.name);
  }
}

/** Instant query listing the containers Prometheus knows (one series per container). */
export function knownContainersQuery(mapping: PrometheusMapping): string {
  if (mapping.convention === "podman-exporter") return mapping.infoMetric;
  return selector([containerFilter(mapping)], "container_last_seen");
}

/** A container known only from Prometheus labels. */
export type PartialContainer = Partial<Container> & Pick<Container, "name" | "labels" | "source">;

const PODMAN_OWN = new Set([
  "__name__",
  "id",
  "name",
  "image",
  "image_id",
  "ports",
  "pod_id",
  "pod_name",
  "instance",
  "job",
]);

/** Label sets from knownContainersQuery() → partial Containers, one per (instance, container). */
export function containersFromPrometheus(mapping: PrometheusMapping, series: readonly Labels[]): PartialContainer[] {
  const out = new Map<string, PartialContainer>();
  for (const l of series) {
    const c = mapping.convention === "podman-exporter" ? fromPodman(l) : fromCadvisor(mapping, l);
    if (!c) continue;
    const key = `${c.host ?? ""}\u0000${c.id ?? c.shortId ?? c.name}`;
    if (!out.has(key)) out.set(key, c);
  }
  return [...out.values()];
}

function fromCadvisor(mapping: PrometheusMapping, l: Labels): PartialContainer | undefined {
  const id = l.id ? idFromCgroupPath(l.id) : undefined;
  const name = mapping.convention === "cadvisor" ? l[mapping.label] : undefined;
  if (!name && !id) return undefined;
  // cAdvisor sanitises label keys (dots → "_"), so they cannot be restored exactly.
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(l)) {
    if (k.startsWith("container_label_")) labels[k.slice("container_label_".length)] = v;
  }
  return withCommon({ name: name ?? (id ?? "").slice(0, 12), labels, source: "prometheus" }, l, id, l.image);
}

function fromPodman(l: Labels): PartialContainer | undefined {
  const shortId = l.id?.toLowerCase();
  if (!l.name && !shortId) return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(l)) if (!PODMAN_OWN.has(k)) labels[k] = v;
  const c = withCommon(
    { name: l.name || shortId || "", labels, source: "prometheus", engine: "podman" },
    l,
    undefined,
    l.image,
  );
  if (shortId) c.shortId = shortId;
  if (l.pod_name) c.pod = { name: l.pod_name, ...(l.pod_id ? { id: l.pod_id } : {}) };
  return c;
}

function withCommon(
  c: PartialContainer,
  l: Labels,
  id: string | undefined,
  image: string | undefined,
): PartialContainer {
  if (id) {
    c.id = id;
    c.shortId = id.slice(0, 12);
  }
  if (image) c.image = image;
  if (l.instance) c.host = l.instance;
  c.state = "unknown";
  const project = c.labels.com_docker_compose_project ?? c.labels.io_podman_compose_project;
  const service = c.labels.com_docker_compose_service ?? c.labels.io_podman_compose_service;
  if (project || service) c.compose = { project: project ?? "", service: service ?? "" };
  const pod = c.labels.io_kubernetes_pod_name;
  if (pod)
    c.pod = {
      name: pod,
      ...(c.labels.io_kubernetes_pod_namespace ? { namespace: c.labels.io_kubernetes_pod_namespace } : {}),
    };
  return c;
}
