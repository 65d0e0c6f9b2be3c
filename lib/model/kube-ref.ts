// The identity of a Kubernetes container that outlives the pod: (cluster, namespace, pod,
// container). As a single string (Container.name, the /api/containers/{ref} key) it reads like
// kubectl: `shop/api-7d9f-x2/api`, or `prod:shop/api-7d9f-x2/api` with a cluster. Each part
// escapes `%`, `/` and `:` so any label value (quotes, unicode, 253 characters) round-trips.
export interface KubeKey {
  cluster?: string;
  namespace: string;
  pod: string;
  container: string;
}

const esc = (s: string) => s.replace(/%/g, "%25").replace(/\//g, "%2F").replace(/:/g, "%3A");
const unesc = (s: string) => s.replace(/%(25|2F|3A)/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

export function kubeRef(k: KubeKey): string {
  const tail = `${esc(k.namespace)}/${esc(k.pod)}/${esc(k.container)}`;
  return k.cluster ? `${esc(k.cluster)}:${tail}` : tail;
}

/** The key in a ref made by kubeRef; undefined for anything else (a Docker name or id). */
export function parseKubeRef(ref: string): KubeKey | undefined {
  if (ref.length > 4096) return undefined;
  const colon = ref.indexOf(":");
  const cluster = colon >= 0 ? ref.slice(0, colon) : undefined;
  const parts = ref.slice(colon + 1).split("/");
  if (parts.length !== 3 || parts.some((p) => p === "") || cluster === "") return undefined;
  if (cluster?.includes("/")) return undefined;
  const [namespace, pod, container] = parts.map(unesc) as [string, string, string];
  return cluster !== undefined ? { cluster: unesc(cluster), namespace, pod, container } : { namespace, pod, container };
}

export function sameKubeKey(a: KubeKey, b: KubeKey): boolean {
  return (
    a.namespace === b.namespace &&
    a.pod === b.pod &&
    a.container === b.container &&
    (a.cluster === undefined || b.cluster === undefined || a.cluster === b.cluster)
  );
}

/** A workload over which a page is drawn (Deployment, StatefulSet…; not a bare Pod). */
export interface WorkloadKey {
  cluster?: string;
  namespace: string;
  kind: Exclude<import("./container").KubeWorkloadKind, "Pod">;
  name: string;
}
