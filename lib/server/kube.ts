// `podman generate kube` for one container, so a user can move it to Kubernetes.
import type { Backends } from "../backends/factory";
import type { Container } from "../model/container";
import type { KubeYamlResponse } from "../model/lifecycle";

export async function containerKubeYaml(b: Backends, c: Container, signal?: AbortSignal): Promise<KubeYamlResponse> {
  if (c.engine !== "podman" || c.source !== "engine")
    return { reason: "Only Podman can generate Kubernetes YAML (`podman generate kube`)." };
  const engine = b.engines.find((e) => e.endpoint === c.host) ?? b.engines[0];
  if (!engine?.generateKube) return { reason: "This engine adapter cannot generate Kubernetes YAML." };
  // A container in a pod: the pod's YAML, which is what moves to Kubernetes.
  const ref = c.pod?.name ?? c.id;
  const yaml = await engine.generateKube(ref, { signal });
  return yaml === undefined
    ? { reason: `Podman does not know ${ref}.` }
    : { yaml, of: c.pod ? "pod" : "container", ref };
}
