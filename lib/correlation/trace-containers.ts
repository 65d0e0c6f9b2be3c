// Trace → every container it touched, with span counts, and the services that could not be
// placed in a container (with the reason), so the trace page never silently drops one.
import type { Trace } from "../model/trace";
import type { ContainerLike } from "./keys";
import type { Reason } from "./mapping";
import { containerOfSpan, type AttributeMatch } from "./span-container";

export interface TouchedContainer<C> {
  container: C;
  spanCount: number;
  services: string[];
  /** Attributes that placed spans here, e.g. ["container.id"]. */
  via: string[];
  /** Earliest span start (µs), to order containers by when the trace reached them. */
  firstStart: number;
}

export interface UnplacedService {
  service: string;
  spanCount: number;
  reason: Reason;
}

export interface TraceContainers<C> {
  matched: TouchedContainer<C>[];
  unmatched: UnplacedService[];
}

export function containersOfTrace<C extends ContainerLike>(trace: Trace, containers: readonly C[]): TraceContainers<C> {
  const matched = new Map<C, TouchedContainer<C>>();
  const unmatched = new Map<string, UnplacedService>();
  // Spans of one process share service and resource: decide once per distinct pair.
  const memo = new Map<string, { container: C; via: AttributeMatch } | Reason>();
  for (const span of trace.spans) {
    const key = JSON.stringify([span.service, Object.entries(span.resource).sort(([a], [b]) => (a < b ? -1 : 1))]);
    let found = memo.get(key);
    if (!found) {
      const r = containerOfSpan(span, containers);
      found =
        r.kind === "container"
          ? { container: r.container, via: r.via }
          : { kind: "reason", message: r.message, suggestion: r.suggestion };
      memo.set(key, found);
    }
    if ("container" in found) {
      const t = matched.get(found.container) ?? {
        container: found.container,
        spanCount: 0,
        services: [],
        via: [],
        firstStart: span.start,
      };
      t.spanCount += 1;
      if (!t.services.includes(span.service)) t.services.push(span.service);
      if (!t.via.includes(found.via.attribute)) t.via.push(found.via.attribute);
      t.firstStart = Math.min(t.firstStart, span.start);
      matched.set(found.container, t);
    } else {
      const u = unmatched.get(span.service) ?? { service: span.service, spanCount: 0, reason: found };
      u.spanCount += 1;
      unmatched.set(span.service, u);
    }
  }
  return {
    matched: [...matched.values()].sort((a, b) => a.firstStart - b.firstStart),
    unmatched: [...unmatched.values()].sort((a, b) => b.spanCount - a.spanCount),
  };
}
