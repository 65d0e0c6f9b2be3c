import type { Container } from "@/lib/model/container";

/** Search by name, id prefix, image, or label (`key=value`, or any key/value containing the text). */
export function matchesSearch(c: Container, q: string): boolean {
  const t = q.trim().toLowerCase();
  if (!t) return true;
  const eq = t.indexOf("=");
  if (eq > 0) {
    const k = t.slice(0, eq);
    const v = t.slice(eq + 1);
    return Object.entries(c.labels).some(([lk, lv]) => lk.toLowerCase() === k && lv.toLowerCase().includes(v));
  }
  if (c.name.toLowerCase().includes(t) || c.id.startsWith(t) || c.image.toLowerCase().includes(t)) return true;
  return Object.entries(c.labels).some(([k, v]) => k.toLowerCase().includes(t) || v.toLowerCase().includes(t));
}

export interface ContainerGroup {
  key: string;
  title: string;
  kind: "compose" | "pod" | "none";
  containers: Container[];
}

export function groupContainers(list: Container[]): ContainerGroup[] {
  const groups = new Map<string, ContainerGroup>();
  for (const c of list) {
    const [key, title, kind]: [string, string, ContainerGroup["kind"]] = c.compose?.project
      ? [`compose:${c.compose.project}`, c.compose.project, "compose"]
      : c.pod?.name
        ? [`pod:${c.pod.name}`, c.pod.name, "pod"]
        : ["none", "Standalone containers", "none"];
    const g = groups.get(key) ?? { key, title, kind, containers: [] };
    g.containers.push(c);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) =>
    a.kind === "none" ? 1 : b.kind === "none" ? -1 : a.title.localeCompare(b.title),
  );
}
