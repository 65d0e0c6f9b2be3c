// Alert entry (/go): the alert's labels matched against the inventory, by lib/correlation's
// rules. Kubernetes alert labels (namespace, pod, container, deployment…) resolve to a
// container, a workload or a chooser first; other labels match containers as before.
import { matchAlertLabels } from "../correlation/alert-match";
import { type KubeAlertTarget, kubeAlertTarget } from "../correlation/kube-alert";
import { listContainers } from "./containers";

export type { KubeAlertTarget };

export async function matchAlert(labels: Record<string, string>) {
  const inv = await listContainers();
  const kube = kubeAlertTarget(labels, inv.containers);
  return { inventory: inv, kube, match: matchAlertLabels(labels, inv.containers) };
}
