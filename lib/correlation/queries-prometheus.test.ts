import { describe, expect, it } from "vitest";
import { fixtureContainer, podmanContainers, promSeries } from "./fixtures.test-helper";
import { decodedStrings, parseQuery } from "./grammar.test-helper";
import type { ContainerLike } from "./keys";
import type { PrometheusMapping } from "./mapping";
import {
  containersFromPrometheus,
  inventoryQueries,
  inventorySeriesContainer,
  knownContainersQuery,
} from "./prometheus-inventory";
import { type ContainerMetricQueries, containerMetricQueries, rateWindowSeconds } from "./queries-prometheus";

const PAYMENTS = fixtureContainer("shop-payments-1");
const CADVISOR: PrometheusMapping = { convention: "cadvisor", label: "name", key: "name" };
const CGROUP: PrometheusMapping = { convention: "cadvisor-id", label: "id", match: ".*{id}(\\.scope)?" };
const PODMAN: PrometheusMapping = { convention: "podman-exporter", label: "id", infoMetric: "podman_container_info" };

function queriesOf(q: ContainerMetricQueries): string[] {
  return Object.entries(q)
    .filter(
      ([k, v]) =>
        typeof v === "string" && k !== "kind" && k !== "convention" && k !== "memoryKind" && k !== "memoryLimitNote",
    )
    .map(([, v]) => v as string);
}

function expectParses(q: string) {
  expect(parseQuery("promql", q).errors, q).toEqual([]);
}

function build(m: PrometheusMapping, c: ContainerLike = PAYMENTS): ContainerMetricQueries {
  const q = containerMetricQueries(m, c, { stepSeconds: 15, scrapeIntervalSeconds: 5 });
  if (q.kind !== "queries") throw new Error(q.message);
  return q;
}

describe("rateWindowSeconds", () => {
  it("is at least 4 scrapes and at least step + one scrape", () => {
    expect(rateWindowSeconds({ stepSeconds: 10, scrapeIntervalSeconds: 5 })).toBe(20);
    expect(rateWindowSeconds({ stepSeconds: 60, scrapeIntervalSeconds: 5 })).toBe(65);
    expect(rateWindowSeconds({ stepSeconds: 1 })).toBe(60); // unknown scrape interval: 15 s
    expect(rateWindowSeconds({ stepSeconds: 0.5, scrapeIntervalSeconds: 0.5 })).toBe(2);
  });
});

describe("containerMetricQueries", () => {
  it("cAdvisor by name: the documented idioms", () => {
    const q = build(CADVISOR);
    expect(q.windowSeconds).toBe(20);
    expect(q.cpuCores).toBe('sum(rate(container_cpu_usage_seconds_total{name="shop-payments-1",cpu="total"}[20s]))');
    expect(q.cpuLimitCores).toBe(
      'max(container_spec_cpu_quota{name="shop-payments-1"} > 0) / max(container_spec_cpu_period{name="shop-payments-1"} > 0)',
    );
    expect(q.memoryBytes).toBe('sum(container_memory_working_set_bytes{name="shop-payments-1"})');
    expect(q.memoryKind).toBe("working-set");
    expect(q.memoryLimitBytes).toBe('max(container_spec_memory_limit_bytes{name="shop-payments-1"} > 0)');
    expect(q.throttledSecondsPerSecond).toBe(
      'sum(rate(container_cpu_cfs_throttled_seconds_total{name="shop-payments-1"}[20s]))',
    );
    expect(q.throttledPeriodsRatio).toContain("container_cpu_cfs_throttled_periods_total");
    expect(q.networkRxBytesPerSecond).toBe(
      'sum(rate(container_network_receive_bytes_total{name="shop-payments-1"}[20s]))',
    );
    expect(q.networkTxBytesPerSecond).toContain("container_network_transmit_bytes_total");
    for (const s of queriesOf(q)) expectParses(s);
  });

  it("cAdvisor by cgroup id: anchored regex on the full id that matches the fixture's cgroup path", () => {
    const q = build(CGROUP);
    for (const s of queriesOf(q)) expectParses(s);
    const [re] = decodedStrings("promql", q.memoryBytes);
    expect(new RegExp(`^(?:${re})$`).test(`/libpod_parent/libpod-${PAYMENTS.id}`)).toBe(true);
    expect(new RegExp(`^(?:${re})$`).test(`/system.slice/docker-${PAYMENTS.id}.scope`)).toBe(true);
    expect(new RegExp(`^(?:${re})$`).test(`/libpod_parent/libpod-${PAYMENTS.id}/child`)).toBe(false);
  });

  it("podman exporter: short id, usage instead of working set, no CPU limit or throttling", () => {
    const q = build(PODMAN);
    expect(q.cpuCores).toBe('sum(rate(podman_container_cpu_seconds_total{id="30d8c784ea3f"}[20s]))');
    expect(q.memoryBytes).toBe('sum(podman_container_mem_usage_bytes{id="30d8c784ea3f"})');
    expect(q.memoryKind).toBe("usage");
    expect(q.memoryLimitNote).toMatch(/host/);
    expect(q.cpuLimitCores).toBeUndefined();
    expect(q.throttledSecondsPerSecond).toBeUndefined();
    expect(q.networkRxBytesPerSecond).toBe('sum(rate(podman_container_net_input_total{id="30d8c784ea3f"}[20s]))');
    for (const s of queriesOf(q)) expectParses(s);
  });

  it("podman exporter, container known only by name: joins through podman_container_info", () => {
    const q = build(PODMAN, { name: "shop-payments-1" });
    expect(q.cpuCores).toBe(
      'sum((rate(podman_container_cpu_seconds_total{}[20s])) * on(id) group_left() podman_container_info{name="shop-payments-1"})',
    );
    for (const s of queriesOf(q)) expectParses(s);
  });

  it("a container missing the mapped key → reason", () => {
    expect(containerMetricQueries(CGROUP, { name: "x" }, { stepSeconds: 15 })).toMatchObject({ kind: "reason" });
    const byService: PrometheusMapping = {
      convention: "cadvisor",
      label: "container_label_com_docker_compose_service",
      key: "composeService",
    };
    expect(containerMetricQueries(byService, { name: "x" }, { stepSeconds: 15 })).toMatchObject({ kind: "reason" });
    expect(build(byService).cpuCores).toContain('container_label_com_docker_compose_service="payments"');
  });

  it("a hostile container name stays inside its string literal", () => {
    const q = build(CADVISOR, { name: 'x"} or vector(1) #' });
    expectParses(q.cpuCores);
    expect(decodedStrings("promql", q.cpuCores)).toEqual(['x"} or vector(1) #', "total"]);
  });
});

describe("inventory queries", () => {
  it("cAdvisor: one sum by (name) query per signal over every named container", () => {
    const q = inventoryQueries(CADVISOR, { stepSeconds: 10, scrapeIntervalSeconds: 5 });
    expect(q.cpuCores).toBe('sum by (name) (rate(container_cpu_usage_seconds_total{name!="",cpu="total"}[20s]))');
    expect(q.memoryBytes).toBe('sum by (name) (container_memory_working_set_bytes{name!=""})');
    expect(q.groupLabel).toBe("name");
    expectParses(q.cpuCores);
    expectParses(q.memoryBytes);
  });

  it("cgroup ids: by id, only container cgroups", () => {
    const q = inventoryQueries(CGROUP, { stepSeconds: 10 });
    expect(q.cpuCores).toContain("sum by (id)");
    expectParses(q.cpuCores);
    const [re] = decodedStrings("promql", q.memoryBytes);
    const anchored = new RegExp(`^(?:${re})$`);
    expect(anchored.test(`/libpod_parent/libpod-${PAYMENTS.id}`)).toBe(true);
    expect(anchored.test("/")).toBe(false);
  });

  it("podman exporter: joins names from podman_container_info", () => {
    const q = inventoryQueries(PODMAN, { stepSeconds: 10 });
    expect(q.cpuCores).toBe(
      "sum by (id) (rate(podman_container_cpu_seconds_total[60s])) * on(id) group_left(name) max by (id, name) (podman_container_info)",
    );
    expectParses(q.cpuCores);
    expectParses(q.memoryBytes);
  });

  it("maps fixture series back to the engine's containers", () => {
    const all = podmanContainers();
    const series = promSeries().filter((s) => s.__name__ === "container_cpu_usage_seconds_total");
    const byName = series.map((s) => inventorySeriesContainer(CADVISOR, s, all)?.name);
    expect(byName).toEqual(["shop-cart-1", "shop-frontend-1", "shop-payments-1", "web1", undefined]);
    const byId = series.map((s) => inventorySeriesContainer(CGROUP, s, all)?.name);
    expect(byId).toEqual(byName);
    expect(inventorySeriesContainer(PODMAN, { id: "99c0c0c75c85", name: "shop-cart-1" }, all)?.name).toBe(
      "shop-cart-1",
    );
  });
});

describe("containers Prometheus knows", () => {
  it("queries container_last_seen or podman_container_info", () => {
    expect(knownContainersQuery(CADVISOR)).toBe('container_last_seen{name!=""}');
    expect(knownContainersQuery(PODMAN)).toBe("podman_container_info");
    expectParses(knownContainersQuery(CGROUP));
  });

  it("cAdvisor label sets (fixture) → partial containers with compose keys", () => {
    const cs = containersFromPrometheus(CADVISOR, promSeries());
    expect(cs.map((c) => c.name).sort()).toEqual(["shop-cart-1", "shop-frontend-1", "shop-payments-1", "web1"]);
    const p = cs.find((c) => c.name === "shop-payments-1");
    expect(p).toMatchObject({
      source: "prometheus",
      id: PAYMENTS.id,
      shortId: "30d8c784ea3f",
      image: "localhost/bb:latest",
      host: "127.0.0.1:9882",
      compose: { project: "shop", service: "payments" },
      state: "unknown",
    });
    expect(p?.labels.com_docker_compose_service).toBe("payments");
  });

  it("cgroup-id convention: names fall back to the short id", () => {
    const cs = containersFromPrometheus(CGROUP, [{ id: `/docker/${PAYMENTS.id}` }, { id: "/" }]);
    expect(cs).toEqual([expect.objectContaining({ name: "30d8c784ea3f", id: PAYMENTS.id, source: "prometheus" })]);
  });

  it("podman_container_info → partial podman containers with pod and extra labels", () => {
    const cs = containersFromPrometheus(PODMAN, [
      {
        __name__: "podman_container_info",
        id: "30d8c784ea3f",
        name: "shop-payments-1",
        image: "bb",
        pod_id: "",
        pod_name: "",
      },
      {
        __name__: "podman_container_info",
        id: "aaaaaaaaaaaa",
        name: "db",
        image: "pg",
        pod_id: "959a",
        pod_name: "mypod",
        com_docker_compose_service: "db",
      },
      {
        __name__: "podman_container_info",
        id: "aaaaaaaaaaaa",
        name: "db",
        image: "pg",
        pod_id: "959a",
        pod_name: "mypod",
      },
    ]);
    expect(cs).toHaveLength(2);
    expect(cs[0]).toMatchObject({ name: "shop-payments-1", shortId: "30d8c784ea3f", engine: "podman", image: "bb" });
    expect(cs[0]?.pod).toBeUndefined();
    expect(cs[1]).toMatchObject({ pod: { name: "mypod", id: "959a" }, compose: { project: "", service: "db" } });
  });
});
