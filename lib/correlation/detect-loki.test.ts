import { describe, expect, it } from "vitest";
import { detectLoki, type LokiProbe } from "./detect-loki";
import { fixtureContainer, lokiContainerValues, lokiLabelNames, lokiSeries } from "./fixtures.test-helper";

const PAYMENTS = fixtureContainer("shop-payments-1");

/** The probe the server would make against the recorded Loki. */
function fixtureProbe(): LokiProbe {
  const series = lokiSeries();
  const values = (l: string) => [...new Set(series.map((s) => s[l]).filter((v): v is string => Boolean(v)))].sort();
  return {
    labelNames: lokiLabelNames(),
    labelValues: {
      container: lokiContainerValues(),
      compose_service: values("compose_service"),
      compose_project: values("compose_project"),
    },
  };
}

describe("detectLoki", () => {
  it("Alloy-style `container` label (recorded fixture)", () => {
    const d = detectLoki(fixtureProbe(), PAYMENTS);
    expect(d).toEqual({
      kind: "mapping",
      mapping: { label: "container", key: "name" },
      evidence: "Loki label `container` = `shop-payments-1`",
      source: "detected",
    });
  });

  it("Docker driver `container_name` with Docker's leading slash", () => {
    const probe: LokiProbe = {
      labelNames: ["container_name", "host", "filename", "compose_project", "compose_service"],
      labelValues: { container_name: ["/shop-cart-1", "/shop-payments-1"] },
    };
    const d = detectLoki(probe, PAYMENTS);
    expect(d).toMatchObject({ kind: "mapping", mapping: { label: "container_name", key: "name", slash: true } });
    if (d.kind === "mapping") expect(d.evidence).toContain("`/shop-payments-1`");
  });

  it("`container_name` without the slash", () => {
    const d = detectLoki(
      { labelNames: ["container_name"], labelValues: { container_name: ["shop-payments-1"] } },
      PAYMENTS,
    );
    expect(d).toMatchObject({ mapping: { label: "container_name", key: "name" } });
    if (d.kind === "mapping") expect(d.mapping.slash).toBeUndefined();
  });

  it("`compose_service` narrowed by `compose_project` (fixture labels, container label dropped)", () => {
    const probe = fixtureProbe();
    probe.labelNames = probe.labelNames.filter((l) => l !== "container");
    const d = detectLoki(probe, PAYMENTS);
    expect(d).toMatchObject({
      kind: "mapping",
      mapping: {
        label: "compose_service",
        key: "composeService",
        also: [{ label: "compose_project", key: "composeProject" }],
      },
    });
    if (d.kind === "mapping") expect(d.evidence).toMatch(/every replica of service `payments`/);
  });

  it("`compose_service` alone when there is no compose_project label", () => {
    const d = detectLoki({ labelNames: ["compose_service"], labelValues: { compose_service: ["payments"] } }, PAYMENTS);
    expect(d).toMatchObject({ mapping: { label: "compose_service", key: "composeService" } });
    if (d.kind === "mapping") expect(d.mapping.also).toBeUndefined();
  });

  it("Loki 3 `service_name` holding the container name, then the compose service", () => {
    const byName = detectLoki(
      { labelNames: ["service_name"], labelValues: { service_name: ["shop-payments-1"] } },
      PAYMENTS,
    );
    expect(byName).toMatchObject({ mapping: { label: "service_name", key: "name" } });
    const bySvc = detectLoki(
      { labelNames: ["service_name", "job"], labelValues: { service_name: ["payments"] } },
      PAYMENTS,
    );
    expect(bySvc).toMatchObject({ mapping: { label: "service_name", key: "composeService" } });
  });

  it("`app` as a last resort, and the candidate order holds (container beats service_name)", () => {
    expect(detectLoki({ labelNames: ["app"], labelValues: { app: ["payments"] } }, PAYMENTS)).toMatchObject({
      mapping: { label: "app" },
    });
    const both = detectLoki(
      {
        labelNames: ["service_name", "container"],
        labelValues: { service_name: ["payments"], container: ["shop-payments-1"] },
      },
      PAYMENTS,
    );
    expect(both).toMatchObject({ mapping: { label: "container" } });
  });

  it("no candidate label at all → reason listing the labels seen and an override", () => {
    const d = detectLoki({ labelNames: ["job", "host", "filename"], labelValues: {} }, { name: "payments-1" });
    expect(d).toMatchObject({ kind: "reason", backend: "loki", labelsSeen: ["job", "host", "filename"] });
    if (d.kind !== "reason") return;
    expect(d.message).toBe("Loki has no label that matches container `payments-1`; labels seen: job, host, filename");
    expect(d.suggestion).toContain('{"loki":{"label":');
    expect(d.suggestion).toContain("__meta_docker_container_name");
  });

  it("candidate label present but no value for this container → reason with the values seen", () => {
    const d = detectLoki(fixtureProbe(), { name: "ghost-1" });
    expect(d.kind).toBe("reason");
    if (d.kind === "reason") {
      expect(d.message).toMatch(/no stream for container `ghost-1`: `container` has shop-cart-1/);
      expect(d.suggestion).toMatch(/log shipper/);
    }
  });
});
