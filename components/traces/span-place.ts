// Which of the trace's containers a span ran in, from the API's per-container refs. The
// server matched spans against the full inventory; here a span is placed among the refs
// of its service, using its resource attributes only when replicas must be told apart.
import { type ContainerLike, stripSlash } from "@/lib/correlation/keys";
import { attrString, containerOfSpan } from "@/lib/correlation/span-container";
import type { TraceContainerRef, TraceResponse } from "@/lib/model/api";
import type { Span } from "@/lib/model/trace";

export type SpanPlace = { kind: "container"; ref: TraceContainerRef } | { kind: "reason"; message: string };

type RefLike = ContainerLike & { ref: TraceContainerRef };

export function placeSpan(span: Span, resp: Pick<TraceResponse, "containers" | "unmatched">): SpanPlace {
  const all: RefLike[] = resp.containers.map((ref) => ({ name: ref.name, id: ref.id, ref }));
  const sameService = all.filter((c) => c.ref.service === span.service);
  const hasIdentity =
    attrString(span.resource, "container.id") !== undefined ||
    attrString(span.resource, "host.name") !== undefined ||
    attrString(span.resource, "container.name") !== undefined;
  if (sameService.length === 1 && !hasIdentity) return { kind: "container", ref: sameService[0]!.ref };
  if (hasIdentity || sameService.length > 1) {
    const pool = sameService.length > 0 ? sameService : all;
    const hit = containerOfSpan(span, pool);
    if (hit.kind === "container") return { kind: "container", ref: hit.container.ref };
    if (sameService.length === 1) return { kind: "container", ref: sameService[0]!.ref };
    if (sameService.length > 1) {
      return { kind: "reason", message: `${hit.message}` };
    }
  }
  // A container whose name matches the resource's container.name, even under another service.
  const cname = attrString(span.resource, "container.name");
  const byName = cname ? all.find((c) => c.name === stripSlash(cname)) : undefined;
  if (byName) return { kind: "container", ref: byName.ref };
  const why = resp.unmatched.find((u) => u.service === span.service);
  if (why) return { kind: "reason", message: why.reason };
  const attrs = Object.keys(span.resource).sort();
  return {
    kind: "reason",
    message: `No container of this trace matches service ${span.service || "?"}: resource has ${attrs.length ? attrs.join(", ") : "no attributes"} and no container.id/host.name that matches.`,
  };
}
