// /go: which containers do an alert's labels point at? Each recognised label narrows the
// candidates; labels we do not know (severity, alertname…) are ignored, never fatal.
import type { Container } from "../model/container";
import { idFromCgroupPath } from "./keys";

export interface AlertMatch {
  matches: Container[];
  /** The labels that were used, for the "nothing found" page. */
  used: [string, string][];
  ignored: string[];
}

const sanitize = (k: string) => k.replace(/[^a-zA-Z0-9_]/g, "_");
const NAME_KEYS = ["name", "container", "container_name", "ctr_name"];

function idMatches(c: Container, v: string): boolean {
  const raw = v.trim().toLowerCase();
  const id = idFromCgroupPath(raw) ?? raw;
  return /^[0-9a-f]{4,64}$/.test(id) && c.id.startsWith(id);
}

/** One predicate per recognised label, or undefined when the label says nothing about a container. */
function predicate(key: string, value: string): ((c: Container) => boolean) | undefined {
  const v = value.replace(/^\//, "");
  if (NAME_KEYS.includes(key)) return (c) => c.name === v;
  if (key === "id" || key === "container_id") return (c) => idMatches(c, value);
  if (key === "pod" || key === "pod_name") return (c) => c.pod?.name === v || c.labels["io.kubernetes.pod.name"] === v;
  if (key === "service_name" || key === "compose_service") return (c) => c.compose?.service === v;
  if (key === "compose_project") return (c) => c.compose?.project === v;
  if (key === "image") return (c) => c.image === v;
  // cAdvisor's container_label_<k> and the podman exporter's bare sanitised label keys.
  const labelKey = key.startsWith("container_label_") ? key.slice("container_label_".length) : key;
  if (/^(com_docker_compose_|io_podman_compose_|io_kubernetes_|org_opencontainers_)/.test(labelKey)) {
    return (c) => Object.entries(c.labels).some(([k, lv]) => sanitize(k) === labelKey && lv === v);
  }
  return undefined;
}

export function matchAlertLabels(labels: Record<string, string>, containers: readonly Container[]): AlertMatch {
  const used: [string, string][] = [];
  const ignored: string[] = [];
  let matches = [...containers];
  for (const [k, v] of Object.entries(labels)) {
    const p = predicate(k, v);
    if (!p || !v) {
      ignored.push(k);
      continue;
    }
    used.push([k, v]);
    matches = matches.filter(p);
  }
  return { matches: used.length ? matches : [], used, ignored };
}
