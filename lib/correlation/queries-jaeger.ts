// Jaeger search parameters for a container: a service (the search API requires one) plus an
// attribute filter on the key that pins the container (v3 query.attributes / v1 tags).
import { type ContainerLike, containerKeys } from "./keys";
import { type JaegerMapping, quoteForMessage as q, type Reason } from "./mapping";
import { jaegerValue } from "./span-container";

/** Compatible with TraceSearchParams' service and attributes (lib/backends/types.ts). */
export interface JaegerSearch {
  kind: "search";
  service: string;
  attributes: Record<string, string>;
}

export function jaegerSearch(mapping: JaegerMapping, c: ContainerLike): JaegerSearch | Reason {
  const k = containerKeys(c);
  const value = jaegerValue(mapping, k);
  if (!value) {
    return {
      kind: "reason",
      message: `Container ${q(k.name)} has no ${mapping.key}, which Jaeger attribute ${q(mapping.attribute)} needs.`,
    };
  }
  if (mapping.attribute === "service.name") {
    // The service is the key itself; no attribute filter is needed.
    return { kind: "search", service: mapping.service ?? value, attributes: {} };
  }
  const service = mapping.service ?? k.composeService ?? k.name;
  return { kind: "search", service, attributes: { [mapping.attribute]: value } };
}
