// A Kubernetes container no source lists any more (the pod was deleted, or is older than the
// inventory's hour): its namespace/pod/container key is all correlation needs, so its page is
// built from that key and still shows what Prometheus and Loki kept.
import type { Container } from "../model/container";
import { type KubeKey, kubeRef } from "../model/kube-ref";

export function goneKubeContainer(key: KubeKey): Container {
  const name = kubeRef(key);
  return {
    id: "",
    shortId: "",
    name,
    engine: "kubernetes",
    host: key.cluster ?? "kubernetes",
    image: "",
    state: "unknown",
    status: "not listed now (pod deleted?): shown from its metrics and logs",
    labels: {},
    pod: { name: key.pod, namespace: key.namespace },
    source: "prometheus",
    ...(key.cluster !== undefined ? { cluster: key.cluster } : {}),
    namespace: key.namespace,
    kube: { container: key.container, kind: "container" },
  };
}
