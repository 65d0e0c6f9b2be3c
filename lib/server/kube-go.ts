// /go for a pod that no source lists any more: Prometheus still knows its containers' names.
import { KUBE_CONTAINER_SERIES } from "../correlation/mapping";
import { matcher, selector } from "../correlation/quote";
import type { TimeRange } from "../model/time";
import { getBackends } from "./backends";

export async function podContainersFromPrometheus(
  namespace: string,
  pod: string,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<string[]> {
  const b = await getBackends();
  if (!b.metrics) return [];
  const sel = selector(
    [
      matcher("namespace", "=", namespace),
      matcher("pod", "=", pod),
      matcher("container", "!=", ""),
      matcher("container", "!=", "POD"),
    ],
    KUBE_CONTAINER_SERIES.slice(0, KUBE_CONTAINER_SERIES.indexOf("{")),
  );
  const values = await b.metrics.labelValues("container", range, [sel], { signal });
  return values.filter((v) => v && v !== "POD").sort();
}
