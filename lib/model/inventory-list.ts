// The inventory page's wire form (`/api/containers?view=list`): engine containers as they are,
// Kubernetes containers grouped by pod, so what a pod's containers share (cluster, namespace,
// pod, labels, node, workload) travels once instead of once per container, and only what a row
// shows or the search reads travels at all. A 15,000-container cluster is 5.4 MB instead of
// ~20 MB of JSON to compress, send and parse. decodeInventoryList gives the page Containers again.
import type { ApiErrorInfo, InventoryResponse } from "./api";
import type {
  Container,
  ContainerState,
  EngineKind,
  KubeContainerKind,
  KubeTermination,
  KubeWorkloadKind,
} from "./container";
import { kubeRef } from "./kube-ref";

export interface KubeContainerRow {
  container: string;
  kind: KubeContainerKind;
  id: string;
  image: string;
  state: ContainerState;
  status?: string;
  restartCount?: number;
  stateReason?: string;
  lastTerminated?: Pick<KubeTermination, "reason" | "exitCode" | "finishedAt">;
  /** Only when it is not the pod's ref (kubeRef of cluster/namespace/pod/container). */
  name?: string;
  /** Only when this container's labels are not the pod's. */
  labels?: Record<string, string>;
}

export interface KubePodRow {
  cluster?: string;
  namespace: string;
  pod: string;
  engine: EngineKind;
  host: string;
  source: Container["source"];
  labels: Record<string, string>;
  node?: string;
  workload?: { kind: KubeWorkloadKind; name: string };
  owner?: { kind: string; name: string };
  containers: KubeContainerRow[];
}

export interface InventoryListBody {
  containers: Container[];
  kubePods: KubePodRow[];
  errors: ApiErrorInfo[];
}

const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));

export function encodeInventoryList(inv: InventoryResponse): InventoryListBody {
  const containers: Container[] = [];
  const pods = new Map<string, KubePodRow>();
  for (const c of inv.containers) {
    const k = c.kube;
    if (!k) {
      containers.push(c);
      continue;
    }
    const namespace = c.namespace ?? c.pod?.namespace ?? "";
    const pod = c.pod?.name ?? "";
    const key = [
      c.cluster ?? "",
      namespace,
      pod,
      c.source,
      c.host,
      c.engine,
      k.node ?? "",
      k.workload?.kind ?? "",
      k.workload?.name ?? "",
      k.owner?.kind ?? "",
      k.owner?.name ?? "",
    ].join("\u0000");
    let row = pods.get(key);
    if (!row) {
      row = {
        ...opt("cluster", c.cluster),
        namespace,
        pod,
        engine: c.engine,
        host: c.host,
        source: c.source,
        labels: c.labels,
        ...opt("node", k.node),
        ...opt("workload", k.workload),
        ...opt("owner", k.owner),
        containers: [],
      };
      pods.set(key, row);
    }
    const t = k.lastTerminated;
    const name = kubeRef({ ...opt("cluster", c.cluster), namespace, pod, container: k.container });
    row.containers.push({
      container: k.container,
      kind: k.kind,
      id: c.id,
      image: c.image,
      state: c.state,
      ...opt("status", c.status),
      ...opt("restartCount", c.restartCount),
      ...opt("stateReason", k.stateReason),
      ...(t ? { lastTerminated: { reason: t.reason, exitCode: t.exitCode, finishedAt: t.finishedAt } } : {}),
      ...(c.name === name ? {} : { name: c.name }),
      ...(sameLabels(c.labels, row.labels) ? {} : { labels: c.labels }),
    });
  }
  return { containers, kubePods: [...pods.values()], errors: inv.errors };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

export function decodeInventoryList(body: InventoryListBody): InventoryResponse {
  const out: Container[] = [...body.containers];
  for (const p of body.kubePods ?? []) {
    for (const r of p.containers) {
      out.push({
        id: r.id,
        shortId: r.id.slice(0, 12),
        name:
          r.name ??
          kubeRef({ ...opt("cluster", p.cluster), namespace: p.namespace, pod: p.pod, container: r.container }),
        engine: p.engine,
        host: p.host,
        image: r.image,
        state: r.state,
        ...opt("status", r.status),
        ...opt("restartCount", r.restartCount),
        labels: r.labels ?? p.labels,
        pod: { name: p.pod, namespace: p.namespace },
        source: p.source,
        ...opt("cluster", p.cluster),
        namespace: p.namespace,
        kube: {
          container: r.container,
          kind: r.kind,
          ...opt("node", p.node),
          ...opt("workload", p.workload),
          ...opt("owner", p.owner),
          ...opt("stateReason", r.stateReason),
          ...opt("lastTerminated", r.lastTerminated),
        },
      });
    }
  }
  return { containers: out, errors: body.errors };
}
