// The inventory as the inventory page reads it (`/api/containers?view=list`): every container,
// but a Kubernetes container carries only what a row shows or the search matches (name, image,
// state, restarts, last termination, node, workload, labels…), not its pod's annotations,
// requests and limits, runtime and pod ids. A 15,000-container cluster is then about half the
// JSON to serialize, compress and parse. The full objects stay the default (`/api/containers`).
import type { Container, KubeContainerInfo } from "../model/container";
import type { Inventory } from "./containers";

function listKube(k: KubeContainerInfo): KubeContainerInfo {
  const t = k.lastTerminated;
  return {
    container: k.container,
    kind: k.kind,
    ...(k.node !== undefined ? { node: k.node } : {}),
    ...(k.workload ? { workload: k.workload } : {}),
    ...(k.owner ? { owner: k.owner } : {}),
    ...(k.stateReason !== undefined ? { stateReason: k.stateReason } : {}),
    ...(t ? { lastTerminated: { reason: t.reason, exitCode: t.exitCode, finishedAt: t.finishedAt } } : {}),
  };
}

export function listContainer(c: Container): Container {
  if (!c.kube) return c;
  return {
    id: c.id,
    shortId: c.shortId,
    name: c.name,
    engine: c.engine,
    host: c.host,
    image: c.image,
    state: c.state,
    ...(c.status !== undefined ? { status: c.status } : {}),
    ...(c.restartCount !== undefined ? { restartCount: c.restartCount } : {}),
    labels: c.labels,
    ...(c.pod ? { pod: { name: c.pod.name, ...(c.pod.namespace ? { namespace: c.pod.namespace } : {}) } } : {}),
    source: c.source,
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
    ...(c.namespace !== undefined ? { namespace: c.namespace } : {}),
    kube: listKube(c.kube),
  };
}

export function listView(inv: Inventory): Inventory {
  return { containers: inv.containers.map(listContainer), errors: inv.errors };
}
