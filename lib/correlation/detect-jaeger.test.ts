import { describe, expect, it } from "vitest";
import type { Attributes, Span, Trace } from "../model/trace";
import { micros } from "../model/time";
import { detectJaeger, type JaegerProbe, resourceSamples } from "./detect-jaeger";
import { fixtureContainer } from "./fixtures.test-helper";
import { jaegerSearch } from "./queries-jaeger";

const PAYMENTS = fixtureContainer("shop-payments-1");
const ID = PAYMENTS.id;

const probe = (
  samples: { service: string; resource: Attributes }[],
  services = samples.map((s) => s.service),
): JaegerProbe => ({
  services,
  samples,
});

describe("detectJaeger", () => {
  it("container.id with the full id", () => {
    const d = detectJaeger(probe([{ service: "payments-svc", resource: { "container.id": ID } }]), PAYMENTS);
    expect(d).toMatchObject({
      kind: "mapping",
      mapping: { attribute: "container.id", key: "id", service: "payments-svc" },
    });
    if (d.kind === "mapping")
      expect(jaegerSearch(d.mapping, PAYMENTS)).toEqual({
        kind: "search",
        service: "payments-svc",
        attributes: { "container.id": ID },
      });
  });

  it("container.id abbreviated to the 12-char short id", () => {
    const d = detectJaeger(probe([{ service: "pay", resource: { "container.id": "30d8c784ea3f" } }]), PAYMENTS);
    expect(d).toMatchObject({ mapping: { attribute: "container.id", key: "shortId" } });
    if (d.kind === "mapping") {
      expect(jaegerSearch(d.mapping, PAYMENTS)).toMatchObject({ attributes: { "container.id": "30d8c784ea3f" } });
    }
  });

  it("container.id abbreviated to another prefix length keeps that length", () => {
    const d = detectJaeger(probe([{ service: "pay", resource: { "container.id": ID.slice(0, 20) } }]), PAYMENTS);
    expect(d).toMatchObject({ mapping: { attribute: "container.id", key: "id", prefixLength: 20 } });
    if (d.kind === "mapping") {
      expect(jaegerSearch(d.mapping, PAYMENTS)).toMatchObject({ attributes: { "container.id": ID.slice(0, 20) } });
    }
  });

  it("host.name = short id (Docker's default hostname)", () => {
    const d = detectJaeger(probe([{ service: "payments", resource: { "host.name": "30d8c784ea3f" } }]), PAYMENTS);
    expect(d).toMatchObject({ mapping: { attribute: "host.name", key: "shortId", service: "payments" } });
  });

  it("service.name = compose service, no container attribute", () => {
    const d = detectJaeger(probe([{ service: "payments", resource: { "telemetry.sdk.language": "java" } }]), PAYMENTS);
    expect(d).toMatchObject({ mapping: { attribute: "service.name", key: "composeService", service: "payments" } });
    if (d.kind === "mapping")
      expect(jaegerSearch(d.mapping, PAYMENTS)).toEqual({ kind: "search", service: "payments", attributes: {} });
  });

  it("a container attribute anywhere beats a service-name match earlier in the sample", () => {
    const d = detectJaeger(
      probe([
        { service: "payments", resource: {} },
        { service: "billing", resource: { "container.name": "shop-payments-1" } },
      ]),
      PAYMENTS,
    );
    expect(d).toMatchObject({ mapping: { attribute: "container.name", key: "name", service: "billing" } });
  });

  it("a service named like the container but no sampled spans still gives a search", () => {
    const d = detectJaeger(probe([], ["frontend", "payments"]), PAYMENTS);
    expect(d).toMatchObject({ mapping: { attribute: "service.name", key: "composeService", service: "payments" } });
  });

  it("nothing matches → reason with services and resource attributes seen", () => {
    const d = detectJaeger(
      probe([{ service: "api", resource: { "host.name": "box", "telemetry.sdk.language": "go" } }]),
      PAYMENTS,
    );
    expect(d).toMatchObject({ kind: "reason", backend: "jaeger", labelsSeen: ["host.name", "telemetry.sdk.language"] });
    if (d.kind === "reason") {
      expect(d.message).toContain("services seen: api");
      expect(d.suggestion).toContain("OTEL_RESOURCE_ATTRIBUTES=container.name=shop-payments-1");
    }
  });
});

describe("resourceSamples", () => {
  it("keeps one sample per distinct service and resource", () => {
    const span = (service: string, resource: Attributes): Span => ({
      traceId: "1".padStart(32, "0"),
      spanId: "1".padStart(16, "0"),
      service,
      name: "op",
      kind: "server",
      start: micros(0),
      duration: micros(1),
      status: "unset",
      attributes: {},
      events: [],
      links: [],
      resource,
    });
    const t: Trace = {
      traceId: "1".padStart(32, "0"),
      warnings: [],
      spans: [span("a", { x: "1", y: "2" }), span("a", { y: "2", x: "1" }), span("b", {})],
    };
    expect(resourceSamples([t, t])).toHaveLength(2);
  });
});
