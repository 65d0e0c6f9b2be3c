import { describe, expect, it } from "vitest";
import { detectPrometheus, type PrometheusProbe } from "./detect-prometheus";
import { fixtureContainer, promLabelNames, promNameValues, promSeries } from "./fixtures.test-helper";
import { probePlan } from "./probe-plan";

const PAYMENTS = fixtureContainer("shop-payments-1");

function fixtureProbe(): PrometheusProbe {
  const series = promSeries();
  return {
    labelNames: promLabelNames(),
    labelValues: {
      name: promNameValues(),
      // What label/id/values?match[]=container_cpu_usage_seconds_total{name=""} would give.
      id: series
        .filter((s) => s.__name__ === "container_cpu_usage_seconds_total" && !s.name && s.id)
        .map((s) => s.id ?? ""),
    },
    series: [],
  };
}

describe("detectPrometheus", () => {
  it("cAdvisor with names (recorded fixture): label name", () => {
    const d = detectPrometheus(fixtureProbe(), PAYMENTS);
    expect(d).toMatchObject({ kind: "mapping", mapping: { convention: "cadvisor", label: "name", key: "name" } });
    if (d.kind === "mapping") expect(d.evidence).toContain("shop-payments-1");
  });

  it("cAdvisor with cgroup ids only: matches the id at the end of the cgroup path", () => {
    const ids = promSeries()
      .map((s) => s.id)
      .filter((x): x is string => Boolean(x));
    const d = detectPrometheus(
      { labelNames: ["__name__", "id", "cpu"], labelValues: { id: ids }, series: [] },
      PAYMENTS,
    );
    expect(d).toMatchObject({
      kind: "mapping",
      mapping: { convention: "cadvisor-id", label: "id", match: ".*{id}(\\.scope)?" },
    });
    if (d.kind === "mapping") expect(d.evidence).toContain("/libpod_parent/libpod-30d8c784");
  });

  it("podman exporter: short id on podman_container_info", () => {
    const probe: PrometheusProbe = {
      labelNames: ["__name__", "id", "name", "image", "pod_id", "pod_name"],
      labelValues: { name: [], id: [] },
      series: [
        { __name__: "podman_container_info", id: "99c0c0c75c85", name: "shop-cart-1", image: "localhost/bb:latest" },
        {
          __name__: "podman_container_info",
          id: "30d8c784ea3f",
          name: "shop-payments-1",
          image: "localhost/bb:latest",
        },
      ],
    };
    const d = detectPrometheus(probe, PAYMENTS);
    expect(d).toMatchObject({
      kind: "mapping",
      mapping: { convention: "podman-exporter", label: "id", infoMetric: "podman_container_info" },
    });
    if (d.kind === "mapping") expect(d.evidence).toContain("30d8c784ea3f");
  });

  it("prefers cAdvisor names when both exporters run", () => {
    const probe = fixtureProbe();
    probe.series = [{ __name__: "podman_container_info", id: "30d8c784ea3f", name: "shop-payments-1" }];
    expect(detectPrometheus(probe, PAYMENTS)).toMatchObject({ mapping: { convention: "cadvisor" } });
  });

  it("a container the exporters do not know → reason naming what was seen", () => {
    const d = detectPrometheus(fixtureProbe(), { name: "ghost-1", id: "f".repeat(64) });
    expect(d.kind).toBe("reason");
    if (d.kind !== "reason") return;
    expect(d.message).toContain("`ghost-1`");
    expect(d.message).toContain("shop-cart-1");
    expect(d.labelsSeen).toContain("container_label_com_docker_compose_service");
    expect(d.suggestion).toContain('"prometheus"');
  });

  it("no container metrics at all → reason listing the labels seen", () => {
    const d = detectPrometheus({ labelNames: ["__name__", "job", "instance"], labelValues: {}, series: [] }, PAYMENTS);
    expect(d).toMatchObject({ kind: "reason", backend: "prometheus", labelsSeen: ["__name__", "job", "instance"] });
    if (d.kind === "reason") {
      expect(d.message).toMatch(/no container metrics.*labels seen: __name__, job, instance/);
      expect(d.suggestion).toMatch(/cAdvisor|podman-exporter/);
    }
  });
});

describe("probePlan", () => {
  it("prometheus: name and nameless-id values, podman_container_info series", () => {
    const p = probePlan("prometheus");
    expect(p.labelValues.map((v) => v.label)).toEqual(["name", "id", "pod"]);
    expect(p.labelValues[2]?.match).toEqual(['container_cpu_usage_seconds_total{container!="",container!="POD"}']);
    expect(p.series.match).toEqual(["podman_container_info"]);
  });
  it("loki: every candidate label (and compose_project), fetched only if present", () => {
    const p = probePlan("loki");
    const labels = p.labelValues.map((v) => v.label);
    expect(labels.slice(0, 4)).toEqual(["pod", "namespace", "container", "k8s_pod_name"]);
    expect(labels).toEqual(
      expect.arrayContaining([
        "container_name",
        "compose_service",
        "compose_project",
        "service_name",
        "service",
        "app",
      ]),
    );
    expect(labels).toEqual(
      expect.arrayContaining(["k8s_namespace_name", "k8s_container_name", "job", "service_namespace"]),
    );
  });
  it("jaeger: services plus a sample of traces", () => {
    expect(probePlan("jaeger")).toMatchObject({ services: true, sampleTraces: { perService: 5 } });
  });
});
