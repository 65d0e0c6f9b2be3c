// The Prometheus adapter against the real Prometheus 2.42 of scripts/testenv (scraping the
// cAdvisor-style exporter every 2 s): metadata endpoints, exemplars, and the error paths the
// UI shows — PromQL syntax errors, the 11,000-point limit, and an unreachable server.
import { describe, expect, it } from "vitest";
import { pollUntil, prometheusFor, SHOP_NAMES, settle, testEnv } from "../../../scripts/testenv/vitest-env";
import { BackendError } from "../../model/errors";
import { millis, type TimeRange } from "../../model/time";
import { closedPort } from "./fixture-server";
import { MAX_POINTS_PER_SERIES } from "./step";

const env = testEnv();
const prom = prometheusFor(env.prometheusUrl);

/** From the environment's start until now: live data only (the synthetic history ends 3 h earlier). */
function lifeRange(): TimeRange {
  return { from: millis(Date.parse(env.startedAt)), to: millis(Date.now()) };
}

async function backendError(p: Promise<unknown>): Promise<BackendError> {
  const r = await settle(p);
  if (r.ok) throw new Error(`expected a BackendError, got ${JSON.stringify(r.value).slice(0, 200)}`);
  expect(r.error).toBeInstanceOf(BackendError);
  return r.error as BackendError;
}

describe("Prometheus adapter on real Prometheus 2.42", () => {
  it("buildInfo() reports 2.42", async () => {
    const info = await prom.buildInfo();
    expect(info.version).toMatch(/^2\.42\./);
  });

  it("labels() has cAdvisor's name and the sanitised compose labels", async () => {
    const labels = await prom.labels(lifeRange());
    expect(labels).toEqual(expect.arrayContaining(["name", "id", "container_label_com_docker_compose_service"]));
  });

  it("labelValues('name') lists the shop containers", async () => {
    const names = await prom.labelValues("name", lifeRange());
    expect(names).toEqual(expect.arrayContaining([...SHOP_NAMES]));
  });

  it("labelValues() with a match[] narrows to that metric's series", async () => {
    const services = await prom.labelValues("service", lifeRange(), ["http_server_requests_total"]);
    expect(services).toEqual(expect.arrayContaining(["frontend", "cart", "payments"]));
    expect(services).not.toContain("web"); // web1's lines carry no status, so no request counter
  });

  it("series() of the CPU counter includes the root cgroup {id='/'}", async () => {
    const series = await prom.series(["container_cpu_usage_seconds_total"], lifeRange());
    const root = series.filter((l) => l.id === "/");
    expect(root.length).toBeGreaterThan(0);
    expect(root[0]).toMatchObject({ __name__: "container_cpu_usage_seconds_total", cpu: "total" });
    expect(root.every((l) => !l.name)).toBe(true);
    expect(series.some((l) => l.name === "shop-cart-1")).toBe(true);
  });

  it("queryExemplars() returns exemplars with 32-hex trace ids", async () => {
    // Exemplars live in memory; right after a Prometheus restart they come back with the next scrapes.
    const exemplars = await pollUntil(
      () => prom.queryExemplars("http_server_requests_total", lifeRange()),
      (ex) => ex.length > 0,
    );
    expect(exemplars.length).toBeGreaterThan(0);
    for (const e of exemplars) {
      expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(e.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(e.seriesLabels.__name__).toBe("http_server_requests_total");
      expect(e.at).toBeGreaterThanOrEqual(Date.parse(env.startedAt) - 1000);
    }
    const services = new Set(exemplars.map((e) => e.seriesLabels.service));
    expect(services.has("frontend") || services.has("cart") || services.has("payments")).toBe(true);
  });
});

describe("Prometheus adapter error handling", () => {
  it("a PromQL syntax error is kind 'query' with Prometheus's own text", async () => {
    const err = await backendError(prom.query("sum(rate(container_cpu_usage_seconds_total[1m])", millis(Date.now())));
    expect(err.backend).toBe("prometheus");
    expect(err.kind).toBe("query");
    expect(err.status).toBe(400);
    expect(err.message).toContain("parse error");
    expect(err.message).toContain("bad_data");
  });

  it("the same syntax error in a range query is also kind 'query'", async () => {
    const err = await backendError(prom.queryRange("rate(up[1m]", lifeRange(), 15));
    expect(err.kind).toBe("query");
    expect(err.message).toContain("parse error");
  });

  describe("a 1 s step over 24 h (86,400 points)", () => {
    const DAY = 24 * 3_600_000;
    const range = (): TimeRange => {
      const to = Date.now();
      return { from: millis(to - DAY), to: millis(to) };
    };

    it("is rejected by Prometheus itself when sent raw (so the clamp matters)", async () => {
      const r = range();
      const body = new URLSearchParams({
        query: "vector(1)",
        start: String(r.from / 1000),
        end: String(r.to / 1000),
        step: "1",
      });
      const res = await fetch(`${env.prometheusUrl}/api/v1/query_range`, { method: "POST", body });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("exceeded maximum resolution of 11,000 points");
    });

    it("is clamped by the client: no 400, at most 11,000 points per series", async () => {
      const series = await prom.queryRange("vector(1)", range(), 1);
      expect(series).toHaveLength(1);
      const points = series[0]?.points ?? [];
      expect(points.length).toBeGreaterThan(MAX_POINTS_PER_SERIES / 2);
      expect(points.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
      const [a, b] = points;
      // ceil(86,400 / 11,000) = 8 s between points instead of the 1 s asked for.
      expect((b?.[0] ?? 0) - (a?.[0] ?? 0)).toBe(8_000);
    });
  });

  it("a closed port is kind 'unreachable'", async () => {
    const port = await closedPort();
    const dead = prometheusFor(`http://127.0.0.1:${port}`, 3_000);
    const err = await backendError(dead.buildInfo());
    expect(err.kind).toBe("unreachable");
    expect(err.message).toContain("connection refused");
    expect((await backendError(dead.query("up", millis(Date.now())))).kind).toBe("unreachable");
  });
});
