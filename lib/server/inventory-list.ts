// The inventory as the inventory page reads it (`/api/containers?view=list`): see
// lib/model/inventory-list.ts for the wire form (Kubernetes containers grouped by pod, only
// what a row shows or the search reads). The full objects stay the default (`/api/containers`).
import { encodeInventoryList, type InventoryListBody } from "../model/inventory-list";
import type { Inventory } from "./containers";

export function listView(inv: Inventory): InventoryListBody {
  return encodeInventoryList(inv);
}
