import { InventoryView } from "@/components/containers/InventoryView";

export default function InventoryPage() {
  return <InventoryView />;
}
