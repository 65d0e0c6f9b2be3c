// The inputs every pivot decision shares: the margins of the correlation config in force
// (re-read when the file changes) and which backends are configured.
import type { Backends } from "../backends/factory";
import { itemToTrace, type PivotMargins, pivotMargins } from "../correlation/pivots";
import type { ItemPivot } from "../model/pivot";
import { loadCorrelationConfig } from "./correlation-config";
import type { PlaceContext } from "./place-spans";

export async function currentMargins(): Promise<PivotMargins> {
  return pivotMargins((await loadCorrelationConfig()).config);
}

export async function placeContext(b: Pick<Backends, "metrics" | "logs">): Promise<PlaceContext> {
  return { margins: await currentMargins(), configured: { metrics: Boolean(b.metrics), logs: Boolean(b.logs) } };
}

/** Log line / exemplar / trace row → its trace, as every response that lists such items carries it. */
export async function tracePivot(): Promise<ItemPivot> {
  return itemToTrace(await currentMargins());
}
