// The inventory's Kubernetes tree: cluster → namespace → workload → pod → containers, in a
// stable order (init and ephemeral containers after the main ones).
import type { Container, KubeWorkloadKind } from "@/lib/model/container";

export interface KubePodGroup {
  pod: string;
  containers: Container[];
}
export interface KubeWorkloadGroup {
  kind: KubeWorkloadKind;
  name: string;
  pods: KubePodGroup[];
}
export interface KubeNamespaceGroup {
  key: string;
  cluster?: string;
  namespace: string;
  workloads: KubeWorkloadGroup[];
  containerCount: number;
}

const KIND_ORDER: Record<string, number> = { container: 0, init: 1, ephemeral: 2 };

export function isKube(c: Container): boolean {
  return c.kube !== undefined;
}

export function groupKube(list: readonly Container[]): KubeNamespaceGroup[] {
  const ns = new Map<string, KubeNamespaceGroup>();
  for (const c of list) {
    if (!c.kube) continue;
    const namespace = c.namespace ?? c.pod?.namespace ?? "";
    const key = `${c.cluster ?? ""}\u0000${namespace}`;
    let g = ns.get(key);
    if (!g) {
      g = {
        key,
        ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
        namespace,
        workloads: [],
        containerCount: 0,
      };
      ns.set(key, g);
    }
    const wl = c.kube.workload ?? { kind: "Pod" as const, name: c.pod?.name ?? "" };
    let w = g.workloads.find((x) => x.kind === wl.kind && x.name === wl.name);
    if (!w) {
      w = { kind: wl.kind, name: wl.name, pods: [] };
      g.workloads.push(w);
    }
    const podName = c.pod?.name ?? "";
    let p = w.pods.find((x) => x.pod === podName);
    if (!p) {
      p = { pod: podName, containers: [] };
      w.pods.push(p);
    }
    p.containers.push(c);
    g.containerCount++;
  }
  const out = [...ns.values()].sort(
    (a, b) => (a.cluster ?? "").localeCompare(b.cluster ?? "") || a.namespace.localeCompare(b.namespace),
  );
  for (const g of out) {
    g.workloads.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
    for (const w of g.workloads) {
      w.pods.sort((a, b) => a.pod.localeCompare(b.pod));
      for (const p of w.pods)
        p.containers.sort(
          (a, b) =>
            (KIND_ORDER[a.kube?.kind ?? "container"] ?? 0) - (KIND_ORDER[b.kube?.kind ?? "container"] ?? 0) ||
            (a.kube?.container ?? "").localeCompare(b.kube?.container ?? ""),
        );
    }
  }
  return out;
}
