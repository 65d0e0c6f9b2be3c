// Which resource attribute ties Jaeger spans to this container, and under which service.
// Input: the services list and a sample of (service, resource attributes) from recent traces.
import type { Attributes, Trace } from "../model/trace";
import { type ContainerLike, containerKeys } from "./keys";
import {
  CORRELATION_FILE_HINT,
  type Detection,
  type JaegerMapping,
  listForMessage,
  quoteForMessage as q,
} from "./mapping";
import { SPAN_RULES, sameServiceName } from "./span-container";

export interface ResourceSample {
  service: string;
  resource: Attributes;
}

export interface JaegerProbe {
  services: string[];
  samples: ResourceSample[];
}

/** One sample per distinct (service, resource) in these traces: what detection needs of them. */
export function resourceSamples(traces: readonly Trace[]): ResourceSample[] {
  const seen = new Set<string>();
  const out: ResourceSample[] = [];
  for (const t of traces) {
    for (const s of t.spans) {
      const key = JSON.stringify([s.service, Object.entries(s.resource).sort(([a], [b]) => (a < b ? -1 : 1))]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ service: s.service, resource: s.resource });
    }
  }
  return out;
}

export function detectJaeger(probe: JaegerProbe, c: ContainerLike): Detection<JaegerMapping> {
  const k = containerKeys(c);
  // Rule priority beats sample order: a container.id hit anywhere wins over a service-name hit.
  for (const rule of SPAN_RULES) {
    for (const s of probe.samples) {
      const m = rule(s.resource, s.service, k);
      if (!m) continue;
      const mapping: JaegerMapping = { attribute: m.attribute, key: m.key, service: s.service };
      if (m.prefixLength) mapping.prefixLength = m.prefixLength;
      return {
        kind: "mapping",
        mapping,
        evidence: `Jaeger service ${q(s.service)}: ${m.attribute} = ${q(m.value)}`,
        source: "detected",
      };
    }
  }
  // No sampled span, but a service named like the container still gives a search.
  const svc = probe.services.find(
    (s) =>
      (k.composeService !== undefined && sameServiceName(s, k.composeService)) ||
      (k.kubeService !== undefined && sameServiceName(s, k.kubeService)) ||
      sameServiceName(s, k.name),
  );
  if (svc !== undefined) {
    const key =
      k.composeService !== undefined && sameServiceName(svc, k.composeService)
        ? "composeService"
        : k.kubeService !== undefined && sameServiceName(svc, k.kubeService)
          ? "kubeService"
          : "name";
    return {
      kind: "mapping",
      mapping: { attribute: "service.name", key, service: svc },
      evidence: `Jaeger has a service named ${q(svc)} (no sampled span carried a container attribute)`,
      source: "detected",
    };
  }
  const attrs = [...new Set(probe.samples.flatMap((s) => Object.keys(s.resource)))].sort();
  const wanted = k.composeService ?? k.kubeService ?? k.name;
  return {
    kind: "reason",
    backend: "jaeger",
    message: `Jaeger has no spans from container ${q(k.name)}: no span carries its container.id, host.name or container.name, and no service is named ${q(wanted)}; services seen: ${listForMessage(probe.services)}; resource attributes seen: ${listForMessage(attrs)}`,
    labelsSeen: attrs,
    suggestion: `Set OTEL_RESOURCE_ATTRIBUTES=container.name=${k.name} (or OTEL_SERVICE_NAME=${wanted}) for the instrumented process, or set {"jaeger":{"attribute":"service.name","key":"name","service":"<service>"}} ${CORRELATION_FILE_HINT}.`,
  };
}
