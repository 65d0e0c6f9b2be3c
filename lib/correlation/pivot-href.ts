// Pivot results and a stand-in URL formatter. lib/url owns the final grammar; each link also
// carries its PivotTarget so lib/url can re-format it.
import { parseKubeRef } from "../model/kube-ref";
import { kubeContainerPath } from "../url/kube";
import type { TimeRange } from "../model/time";
import type { Reason } from "./mapping";

export interface PivotTarget {
  /** Already encoded: `/containers/<encodeURIComponent(name)>`, `/traces/<32 hex>`. */
  path: string;
  /** In URL order. */
  params: Record<string, string>;
}

export interface PivotLink {
  kind: "link";
  href: string;
  label: string;
  target: PivotTarget;
  range?: TimeRange;
  /** The backend query the target view will run (PromQL/LogQL), for "show query" and Explore links. */
  query?: string;
}

export type Pivot = PivotLink | Reason;

export type ContainerTab = "metrics" | "logs" | "traces";

export function formatHref(t: PivotTarget): string {
  const qs = new URLSearchParams(t.params).toString();
  return qs ? `${t.path}?${qs}` : t.path;
}

export function link(target: PivotTarget, label: string, extra: { range?: TimeRange; query?: string } = {}): PivotLink {
  return { kind: "link", href: formatHref(target), label, target, ...extra };
}

/** Whole milliseconds, widened outwards so the range still covers what it was built from. */
function rangeParams(range: TimeRange | undefined): Record<string, string> {
  return range ? { from: String(Math.floor(range.from)), to: String(Math.ceil(range.to)) } : {};
}

export function containerTarget(
  name: string,
  p: { range?: TimeRange; tab?: ContainerTab; traceId?: string; spanId?: string },
): PivotTarget {
  const params: Record<string, string> = { ...rangeParams(p.range) };
  if (p.tab) params.tab = p.tab;
  if (p.traceId) params.traceId = p.traceId;
  if (p.spanId) params.spanId = p.spanId;
  const kube = parseKubeRef(name);
  if (kube) {
    // Kubernetes: the namespace/pod/container path, which outlives the pod.
    const [path = "", q = ""] = kubeContainerPath(kube, "").split("?");
    return { path, params: { ...Object.fromEntries(new URLSearchParams(q)), ...params } };
  }
  return { path: `/containers/${encodeURIComponent(name)}`, params };
}

export function traceTarget(traceId: string, spanId?: string): PivotTarget {
  return { path: `/traces/${encodeURIComponent(traceId)}`, params: spanId ? { spanId } : {} };
}
