// Alert entry (/go): the alert's labels matched against the caller's inventory (already cut to
// its scope), by lib/correlation's rules. Kubernetes alert labels (namespace, pod, container,
// deployment…) resolve to a container, a workload or a chooser first; other labels match
// containers as before.
import { matchAlertLabels } from "../correlation/alert-match";
import { type KubeAlertTarget, kubeAlertTarget } from "../correlation/kube-alert";
import type { Inventory } from "./containers";

export type { KubeAlertTarget };

export function matchAlert(labels: Record<string, string>, inv: Inventory) {
  return { kube: kubeAlertTarget(labels, inv.containers), match: matchAlertLabels(labels, inv.containers) };
}
