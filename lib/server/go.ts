// Alert entry (/go): the alert's labels matched against the inventory, by lib/correlation's rules.
import { matchAlertLabels } from "../correlation/alert-match";
import { listContainers } from "./containers";

export async function matchAlert(labels: Record<string, string>) {
  const inv = await listContainers();
  return { inventory: inv, match: matchAlertLabels(labels, inv.containers) };
}
