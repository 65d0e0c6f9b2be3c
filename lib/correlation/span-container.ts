// Which container a span ran in, from its resource attributes (APIS.md §4 "OTLP → Jaeger"):
// `container.id` (full or abbreviated), `host.name` (Docker's default hostname is the short
// id), `container.name`, then `service.name` ≈ compose service or name.
import type { Attributes, Span } from "../model/trace";
import { type ContainerKeys, type ContainerLike, containerKeys, type KeyName, stripSlash } from "./keys";
import type { JaegerMapping } from "./mapping";

export interface AttributeMatch {
  attribute: string;
  key: KeyName;
  /** The attribute holds only this many leading characters of the key. */
  prefixLength?: number;
  value: string;
}

export function attrString(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** Loose service-name equality: case and `-`/`_`/`.` separators do not matter. */
export function sameServiceName(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/[-_.]/g, "-");
  return n(a) === n(b);
}

/** Every attribute a rule below reads: spans equal in these (and service) land in the same container. */
export const SPAN_PLACE_ATTRIBUTES = ["container.id", "host.name", "container.name", "service.name"] as const;

/** Spans with equal keys are placed alike, so placing runs once per process, not once per span. */
export function spanPlaceKey(span: Pick<Span, "service" | "resource">): string {
  let key = span.service;
  for (const a of SPAN_PLACE_ATTRIBUTES) key += `\u0000${attrString(span.resource, a) ?? ""}`;
  return key;
}

type Rule = (res: Attributes, service: string, k: ContainerKeys) => AttributeMatch | undefined;

/**
 * Kubernetes (OTel k8sattributes): `k8s.pod.uid`, else `k8s.pod.name` (+ `k8s.namespace.name`);
 * `k8s.container.name`, when present, must agree. A pod-level hit fits every container of the pod.
 */
const KUBE_RULE: Rule = (res, _s, k) => {
  if (!k.kubePod) return undefined;
  const cname = attrString(res, "k8s.container.name");
  if (cname && cname !== k.kubeContainer) return undefined;
  const uid = attrString(res, "k8s.pod.uid");
  if (uid && k.podUid) return uid === k.podUid ? { attribute: "k8s.pod.uid", key: "podUid", value: uid } : undefined;
  const pod = attrString(res, "k8s.pod.name");
  const ns = attrString(res, "k8s.namespace.name");
  if (pod && pod === k.kubePod && (!ns || ns === k.namespace))
    return { attribute: "k8s.pod.name", key: "kubePod", value: pod };
  return undefined;
};

const ID_RULE: Rule = (res, _s, k) => {
  const raw = attrString(res, "container.id");
  // Kubernetes-style `containerd://<id>` / `docker://<id>` values.
  const v = raw?.toLowerCase().replace(/^[a-z]+:\/\//, "");
  if (!v || !k.id || !/^[0-9a-f]{12,64}$/.test(v) || !k.id.startsWith(v)) return undefined;
  if (v === k.id) return { attribute: "container.id", key: "id", value: v };
  if (v.length === 12) return { attribute: "container.id", key: "shortId", value: v };
  return { attribute: "container.id", key: "id", prefixLength: v.length, value: v };
};

const HOST_RULE: Rule = (res, _s, k) => {
  const v = attrString(res, "host.name");
  if (!v) return undefined;
  if (k.shortId && v.toLowerCase() === k.shortId) return { attribute: "host.name", key: "shortId", value: v };
  if (k.hostname && v === k.hostname) return { attribute: "host.name", key: "hostname", value: v };
  return undefined;
};

const NAME_RULE: Rule = (res, _s, k) => {
  const v = attrString(res, "container.name");
  return v && stripSlash(v) === k.name ? { attribute: "container.name", key: "name", value: v } : undefined;
};

const SERVICE_RULE: Rule = (res, service, k) => {
  const v = service || attrString(res, "service.name");
  if (!v) return undefined;
  if (k.composeService && sameServiceName(v, k.composeService)) {
    return { attribute: "service.name", key: "composeService", value: v };
  }
  if (k.kubeService && sameServiceName(v, k.kubeService))
    return { attribute: "service.name", key: "kubeService", value: v };
  return sameServiceName(v, k.name) ? { attribute: "service.name", key: "name", value: v } : undefined;
};

/** In priority order: the first rule that picks out containers decides. */
export const SPAN_RULES: readonly Rule[] = [KUBE_RULE, ID_RULE, HOST_RULE, NAME_RULE, SERVICE_RULE];

/** Resource-attribute match of one (service, resource) against one container, best rule first. */
export function matchResource(resource: Attributes, service: string, c: ContainerLike): AttributeMatch | undefined {
  const k = containerKeys(c);
  for (const rule of SPAN_RULES) {
    const m = rule(resource, service, k);
    if (m) return m;
  }
  return undefined;
}

export type SpanContainer<C extends ContainerLike> =
  | { kind: "container"; container: C; via: AttributeMatch }
  | { kind: "reason"; message: string; suggestion?: string; candidates?: C[] };

const SPAN_SUGGESTION =
  "Give the service's spans a container.id or container.name resource attribute (OTEL_RESOURCE_ATTRIBUTES, or the Collector's resourcedetection processor with the docker detector), or name the service after its compose service.";

/** The one known container a span ran in, or why it cannot be told. */
export function containerOfSpan<C extends ContainerLike>(
  span: Pick<Span, "service" | "resource">,
  containers: readonly C[],
): SpanContainer<C> {
  const service = span.service || attrString(span.resource, "service.name") || "";
  for (const rule of SPAN_RULES) {
    const hits: { container: C; via: AttributeMatch }[] = [];
    for (const c of containers) {
      const m = rule(span.resource, service, containerKeys(c));
      if (m) hits.push({ container: c, via: m });
    }
    const first = hits[0];
    if (hits.length === 1 && first) return { kind: "container", ...first };
    if (hits.length > 1 && first) {
      const names = hits.map((h) => `\`${h.container.name}\``).join(", ");
      return {
        kind: "reason",
        message: `The span's ${first.via.attribute} \`${first.via.value}\` fits ${hits.length} containers (${names}); it carries nothing that tells which one ran it.`,
        suggestion: SPAN_SUGGESTION,
        candidates: hits.map((h) => h.container),
      };
    }
  }
  const attrs = Object.keys(span.resource).sort();
  return {
    kind: "reason",
    message: `No known container matches the span of service \`${service || "?"}\`: no container.id, host.name or container.name matches, and no container has that compose service or name. Resource attributes: ${attrs.length ? attrs.join(", ") : "(none)"}.`,
    suggestion: SPAN_SUGGESTION,
  };
}

/** The attribute value a Jaeger mapping expects for this container (before any search). */
export function jaegerValue(mapping: JaegerMapping, k: ContainerKeys): string | undefined {
  const v = k[mapping.key];
  if (!v) return undefined;
  return mapping.prefixLength ? v.slice(0, mapping.prefixLength) : v;
}
