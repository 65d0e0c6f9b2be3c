import { describe, expect, it } from "vitest";
import type { MetricSeriesSource } from "../../sources";
import { CPU_SLOPE, testPromSource } from "../prometheus-test-source";
import { PromQLError } from "./ast";
import { formatGoFloat, unquoteGo } from "./go-compat";
import { instantQuery, rangeQuery } from "./query";

const T = 1795300588000;
const weird: MetricSeriesSource = {
  labels: { __name__: "container_cpu_usage_seconds_total", name: 'we"ird\\name', cpu: "total" },
  kind: "counter",
  valueAt: (t) => t / 1000,
};
const src = testPromSource({ extra: [weird] });

type Sample = { metric: Record<string, string>; value: [number, string] };

function vec(q: string, t = T): Sample[] {
  const d = instantQuery(src, q, t);
  if (d.resultType !== "vector") throw new Error(`expected vector, got ${d.resultType}`);
  return d.result;
}
function values(q: string, t = T): Record<string, number> {
  return Object.fromEntries(vec(q, t).map((s) => [JSON.stringify(s.metric), Number(s.value[1])]));
}
function errorOf(q: string): PromQLError {
  try {
    instantQuery(src, q, T);
  } catch (e) {
    if (e instanceof PromQLError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("PromQL evaluator", () => {
  it("sum by (name) of rate keeps only name", () => {
    const r = vec('sum by (name) (rate(container_cpu_usage_seconds_total{name!=""}[1m]))');
    expect(r.map((s) => s.metric)).toEqual([
      { name: "shop-cart-1" },
      { name: "shop-frontend-1" },
      { name: "shop-payments-1" },
      { name: "web1" },
      { name: 'we"ird\\name' },
    ]);
    expect(Number(r[0]?.value[1])).toBeCloseTo(CPU_SLOPE.cart ?? 0, 12);
  });

  it("quoted label values with escapes select the series", () => {
    const r = vec('container_cpu_usage_seconds_total{name="we\\"ird\\\\name"}');
    expect(r).toHaveLength(1);
    // 1795300588 is not on the 5 s scrape grid: the newest sample is from 1795300585.
    expect(r[0]?.value[1]).toBe("1795300585");
  });

  it("regex matchers are fully anchored", () => {
    expect(vec('up{job=~"cad"}')).toHaveLength(0);
    expect(vec('up{job=~"cad.*"}')).toHaveLength(1);
    expect(vec('container_memory_usage_bytes{name!~"shop-.*"}').map((s) => s.metric.name ?? "")).toEqual(["web1", ""]);
  });

  it("`> 0` filters and keeps __name__; `bool` turns it into 0/1 and drops it", () => {
    const r = vec('container_spec_memory_limit_bytes{name!=""} > 0');
    expect(r.map((s) => [s.metric.__name__, s.metric.name, s.value[1]])).toEqual([
      ["container_spec_memory_limit_bytes", "shop-payments-1", "67108864"],
    ]);
    const b = vec('container_spec_memory_limit_bytes{name!=""} > bool 0');
    expect(b.map((s) => s.value[1])).toEqual(["0", "0", "1", "0"]);
    expect(b[0]?.metric.__name__).toBeUndefined();
  });

  it("/ on(name) group_left(image) copies the label from the one side", () => {
    const r = vec(
      'sum by (name) (rate(container_cpu_usage_seconds_total{name!=""}[1m])) / on(name) group_left(image) container_memory_usage_bytes{name!=""}',
    );
    expect(r.find((s) => s.metric.name === "shop-cart-1")?.metric).toEqual({
      name: "shop-cart-1",
      image: "localhost/bb:latest",
    });
    expect(Number(r.find((s) => s.metric.name === "shop-cart-1")?.value[1])).toBeCloseTo(0.25 / 1163264, 15);
  });

  it("join: rate(x[1m]) * on(id) group_left(name) podman_container_info", () => {
    const r = vec("rate(podman_container_cpu_seconds_total[1m]) * on(id) group_left(name) podman_container_info");
    const cart = r.find((s) => s.metric.name === "shop-cart-1");
    expect(cart?.metric).toEqual({ id: "99c0c0c75c85", name: "shop-cart-1" });
    expect(Number(cart?.value[1])).toBeCloseTo(0.25, 12);
    expect(r).toHaveLength(4);
  });

  it("one-to-one on(name) keeps only the matching labels", () => {
    const r = vec('container_memory_working_set_bytes{name!=""} / on(name) container_memory_usage_bytes{name!=""}');
    expect(r.map((s) => s.metric)).toContainEqual({ name: "web1" });
    expect(Number(r[0]?.value[1])).toBeCloseTo(0.9, 12);
  });

  it("aggregations: count, avg, max, min, without, topk, bottomk", () => {
    expect(values('count(container_memory_usage_bytes{name!=""})')).toEqual({ "{}": 4 });
    expect(values('max(container_memory_usage_bytes{name!=""})')).toEqual({ "{}": 13332480 });
    expect(values('min(container_memory_usage_bytes{name!=""})')).toEqual({ "{}": 589824 });
    expect(values('avg(container_memory_usage_bytes{name!=""})')["{}"]).toBeCloseTo(
      (1163264 + 589824 + 13332480 + 831488) / 4,
      6,
    );
    const w = vec(
      'sum without (id, name, image, container_label_com_docker_compose_service, container_label_org_opencontainers_image_title, container_label_com_docker_compose_container_number, container_label_com_docker_compose_oneoff, container_label_com_docker_compose_version) (container_memory_usage_bytes{name!=""})',
    );
    expect(w.map((s) => s.metric)).toEqual([
      { container_label_com_docker_compose_project: "shop", instance: "127.0.0.1:9882", job: "cadvisor" },
    ]);
    expect(vec('topk(2, container_memory_usage_bytes{name!=""})').map((s) => s.metric.name)).toEqual([
      "shop-payments-1",
      "shop-cart-1",
    ]);
    expect(vec('bottomk(1, container_memory_usage_bytes{name!=""})')[0]?.metric.__name__).toBe(
      "container_memory_usage_bytes",
    );
  });

  it("and / or / unless", () => {
    const lim = 'container_spec_memory_limit_bytes{name!=""}';
    expect(vec(`container_memory_usage_bytes and on(name) (${lim} > 0)`).map((s) => s.metric.name)).toEqual([
      "shop-payments-1",
    ]);
    expect(vec(`container_memory_usage_bytes{name!=""} unless on(name) (${lim} > 0)`)).toHaveLength(3);
    expect(vec("up or vector(7)").map((s) => s.value[1])).toEqual(["1", "7"]);
  });

  it("functions: irate, increase, *_over_time, clamp_min, abs, scalar, vector, time, label_replace", () => {
    const sel = 'container_cpu_usage_seconds_total{name="shop-cart-1"}';
    expect(Number(vec(`irate(${sel}[1m])`)[0]?.value[1])).toBeCloseTo(0.25, 12);
    expect(Number(vec(`increase(${sel}[1m])`)[0]?.value[1])).toBeCloseTo(15, 9);
    expect(vec(`count_over_time(${sel}[1m])`)[0]?.value[1]).toBe("12");
    expect(vec(`last_over_time(${sel}[1m])`)[0]?.metric.__name__).toBe("container_cpu_usage_seconds_total");
    expect(vec(`max_over_time(${sel}[1m]) - min_over_time(${sel}[1m])`)[0]?.value[1]).toBe("13.75");
    expect(Number(vec(`avg_over_time(${sel}[1m]) - sum_over_time(${sel}[1m]) / 12`)[0]?.value[1])).toBeCloseTo(0, 3);
    expect(vec("clamp_min(-up, 0.5)")[0]?.value[1]).toBe("0.5");
    expect(vec("abs(-up)")[0]).toEqual({
      metric: { instance: "127.0.0.1:9882", job: "cadvisor" },
      value: [1795300588, "1"],
    });
    expect(instantQuery(src, "scalar(up) * 2", T)).toEqual({ resultType: "scalar", result: [1795300588, "2"] });
    expect(instantQuery(src, "time()", T)).toEqual({ resultType: "scalar", result: [1795300588, "1795300588"] });
    const lr = vec('label_replace(up, "host", "$1", "instance", "(.*):.*")');
    expect(lr[0]?.metric.host).toBe("127.0.0.1");
    expect(lr[0]?.metric.__name__).toBe("up");
  });

  it("offset shifts the evaluation time", () => {
    const now = Number(vec('container_cpu_usage_seconds_total{name="web1"}')[0]?.value[1]);
    const before = Number(vec('container_cpu_usage_seconds_total{name="web1"} offset 1h')[0]?.value[1]);
    expect(now - before).toBeCloseTo(0.0007 * 3600, 6);
  });

  it("lookback: a series that stopped is visible for 5 minutes, then gone", () => {
    const stopped: MetricSeriesSource = {
      labels: { __name__: "gone" },
      kind: "gauge",
      valueAt: (t) => (t <= 1000_000 ? 3 : undefined),
    };
    const s = testPromSource({ extra: [stopped] });
    expect(instantQuery(s, "gone", 1000_000 + 299_000).result).toHaveLength(1);
    expect(instantQuery(s, "gone", 1000_000 + 301_000).result).toHaveLength(0);
  });

  it("counter resets are compensated by rate()", () => {
    const reset: MetricSeriesSource = {
      labels: { __name__: "resetting_total" },
      kind: "counter",
      valueAt: (t) => ((t / 1000) % 100) * 2,
    };
    const s = testPromSource({ extra: [reset] });
    const r = instantQuery(s, "rate(resetting_total[1m])", 1_000_030_000);
    expect(r.resultType).toBe("vector");
    // 140→190, reset, 0→60: Prometheus counts 50 + 60 (the lost 10 before the reset is unknowable).
    expect(Number((r.result as Sample[])[0]?.value[1])).toBeCloseTo(110 / 60, 9);
  });

  it("range queries of scalars become one series with empty labels", () => {
    const r = rangeQuery(src, "1 + 1", 0, 20_000, 10_000);
    expect(r).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: {},
          values: [
            [0, "2"],
            [10, "2"],
            [20, "2"],
          ],
        },
      ],
    });
  });

  it("instant query of a range selector returns raw samples", () => {
    const r = instantQuery(src, "up[12s]", T);
    expect(r.resultType).toBe("matrix");
    expect((r.result as { values: [number, string][] }[])[0]?.values.map((v) => v[0])).toEqual([
      1795300580, 1795300585,
    ]);
  });

  it("parse-time errors are bad_data with Prometheus' wording", () => {
    expect(errorOf("rate(up)").message).toBe(
      'invalid parameter "query": 1:1: parse error: expected type range vector in call to function "rate", got instant vector',
    );
    expect(errorOf("1 > 2").message).toContain("comparisons between scalars must use BOOL modifier");
    expect(errorOf('{job=~".*"}').message).toContain("vector selector must contain at least one non-empty matcher");
    expect(errorOf("up +").message).toBe('invalid parameter "query": 1:5: parse error: unexpected end of input');
    expect(errorOf("topk(up)").message).toContain(
      "wrong number of arguments for aggregate expression provided, expected 2, got 1",
    );
    expect(errorOf("up[5m:1m]").message).toContain("not supported by the mock: subqueries");
    expect(errorOf("up * on(job) group_left(job) up").message).toContain(
      'label "job" must not occur in ON and GROUP clause at once',
    );
  });

  it("one-to-one duplicates and many-to-many are 422 execution errors", () => {
    const e = errorOf("container_memory_usage_bytes * on() group_right up");
    expect(e.errorType).toBe("execution");
    expect(e.message).toContain("found duplicate series for the match group {} on the left hand-side");
    expect(errorOf("container_memory_usage_bytes * on() up").message).toBe(
      "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
    );
  });
});

describe("Go compatibility helpers", () => {
  it("formats floats like strconv.FormatFloat(v, 'f', -1, 64)", () => {
    expect(formatGoFloat(1e-7)).toBe("0.0000001");
    expect(formatGoFloat(1.5e21)).toBe("1500000000000000000000");
    expect(formatGoFloat(0.1 + 0.2)).toBe("0.30000000000000004");
    expect([Number.NaN, Infinity, -Infinity].map(formatGoFloat)).toEqual(["NaN", "+Inf", "-Inf"]);
  });

  it("unquotes Go string literals", () => {
    expect(unquoteGo('"we\\"ird\\\\name"')).toBe('we"ird\\name');
    expect(unquoteGo("`raw\\n`")).toBe("raw\\n");
    expect(unquoteGo('"\\u00e9\\x41\\101"')).toBe("éAA");
    expect(() => unquoteGo('"bad\\q"')).toThrow();
  });
});
