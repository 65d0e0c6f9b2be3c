// A small PromSource for the handler tests, shaped like the recorded scenario (same label sets as
// the fixtures, so error texts and key sets can be compared verbatim). Not used by the demo.
import type { ExemplarPoint, Labels, MetricSeriesSource, PromSource } from "../sources";

export const FIXTURES = process.env.SIGHTLINE_FIXTURES ?? "/work/shared/fixtures";
export const SCRAPE_MS = 5000;

const COMMON = { instance: "127.0.0.1:9882", job: "cadvisor" };
const IDS: Record<string, string> = {
  cart: "99c0c0c75c85f1e2df2de53b660a01cdc62efdcdcf856c86b9740de958aca2cc",
  frontend: "5c1b6efd571d0b9f41f4e5520d1184ea4f9f5ba0a280f62bc8a4f34129cbf6d7",
  payments: "30d8c784ea3faa934ab3758eddc153fc88b24e01e137ffeb1389ec2083c1c43c",
  web: "4cf251ecf139dfb42d1eb85ed925855cea7019a6afd34f27500e6bb31cc7f735",
};

/** Container labels exactly as cAdvisor-style series carry them in the fixtures. */
export function containerLabels(service: string): Labels {
  const id = `/libpod_parent/libpod-${IDS[service]}`;
  if (service === "web") {
    return {
      container_label_com_docker_compose_project: "shop",
      container_label_com_docker_compose_service: "web",
      id,
      image: "localhost/bb:latest",
      ...COMMON,
      name: "web1",
    };
  }
  return {
    container_label_com_docker_compose_container_number: "1",
    container_label_com_docker_compose_oneoff: "False",
    container_label_com_docker_compose_project: "shop",
    container_label_com_docker_compose_service: service,
    container_label_com_docker_compose_version: "2.24.6",
    container_label_org_opencontainers_image_title: `shop-${service}`,
    id,
    image: "localhost/bb:latest",
    ...COMMON,
    name: `shop-${service}-1`,
  };
}

/** CPU seconds per second of each container: counters grow linearly, so rate() == slope. */
export const CPU_SLOPE: Record<string, number> = { cart: 0.25, frontend: 0.002, payments: 0.003, web: 0.0007 };
export const MEMORY: Record<string, number> = { cart: 1163264, frontend: 589824, payments: 13332480, web: 831488 };
export const LIMIT: Record<string, number> = { cart: 0, frontend: 0, payments: 67108864, web: 0 };
export const HTTP_RATE: Record<string, number> = {
  "cart|200": 1.2,
  "cart|500": 0.02,
  "frontend|200": 1.25,
  "payments|502": 0.04,
};

function counter(labels: Labels, slope: number, bornMs = 0): MetricSeriesSource {
  return { labels, kind: "counter", valueAt: (t) => (t < bornMs ? undefined : (slope * (t - bornMs)) / 1000) };
}

function gauge(labels: Labels, value: number): MetricSeriesSource {
  return { labels, kind: "gauge", valueAt: () => value };
}

export interface TestSourceOptions {
  /** Extra series, e.g. one with a weird label value. */
  extra?: MetricSeriesSource[];
}

export function testPromSource(options: TestSourceOptions = {}): PromSource {
  const series: MetricSeriesSource[] = [];
  for (const svc of Object.keys(IDS)) {
    const l = containerLabels(svc);
    series.push(counter({ __name__: "container_cpu_usage_seconds_total", cpu: "total", ...l }, CPU_SLOPE[svc] ?? 0));
    series.push(gauge({ __name__: "container_memory_usage_bytes", ...l }, MEMORY[svc] ?? 0));
    series.push(gauge({ __name__: "container_memory_working_set_bytes", ...l }, (MEMORY[svc] ?? 0) * 0.9));
    series.push(gauge({ __name__: "container_spec_memory_limit_bytes", ...l }, LIMIT[svc] ?? 0));
    const podmanId = IDS[svc]?.slice(0, 12) ?? "";
    series.push(counter({ __name__: "podman_container_cpu_seconds_total", id: podmanId }, CPU_SLOPE[svc] ?? 0));
    series.push(
      gauge({ __name__: "podman_container_info", id: podmanId, name: l.name ?? "", image: "localhost/bb:latest" }, 1),
    );
  }
  series.push(counter({ __name__: "container_cpu_usage_seconds_total", cpu: "total", id: "/", ...COMMON }, 1.5));
  series.push(gauge({ __name__: "container_memory_usage_bytes", id: "/", ...COMMON }, 2e9));
  for (const [key, rate] of Object.entries(HTTP_RATE)) {
    const [service = "", status = ""] = key.split("|");
    series.push(counter({ __name__: "http_server_requests_total", ...COMMON, route: "/api", service, status }, rate));
  }
  series.push(gauge({ __name__: "up", ...COMMON }, 1));
  series.push(...(options.extra ?? []));
  return {
    scrapeIntervalMs: SCRAPE_MS,
    series: () => series,
    exemplars: (fromMs, toMs) =>
      series
        .filter((s) => s.labels.__name__ === "http_server_requests_total")
        .map((s, i) => {
          const exemplars: ExemplarPoint[] = [];
          for (let t = Math.ceil(fromMs / 10_000) * 10_000; t <= toMs; t += 10_000) {
            const hex = (t / 1000 + i).toString(16).padStart(32, "0");
            exemplars.push({ labels: { trace_id: hex, span_id: hex.slice(16) }, value: 1, tMs: t });
          }
          return { seriesLabels: s.labels, exemplars };
        }),
  };
}
