// Container series under cAdvisor's names and labels (APIS.md §2, fixture README): one set
// per container incarnation, plus the root cgroup {id="/"} that has no name or image.
import type { Labels, MetricSeriesSource } from "../sources";
import { type Incarnation, SPECS, composeLabels, jobRunAt } from "./containers";
import { type ContainerModel, counterSince, rateIntegral } from "./metrics-model";
import { OOM_KEY, workerProcessStart } from "./oom";
import type { PromCtx } from "./prom-ctx";
import { epochOf, epochStart, MINUTE } from "./schedule";

export const SHOP_CADVISOR = "cadvisor:8080";
export const LEGACY_CADVISOR = "10.0.3.17:8080";

export function sanitizeLabelName(k: string): string {
  return k.replace(/[^a-zA-Z0-9_]/g, "_");
}

export function series(
  labels: Labels,
  kind: "counter" | "gauge",
  valueAt: (t: number) => number | undefined,
): MetricSeriesSource {
  return { labels, kind, valueAt };
}

/** When is this incarnation's process alive, and since when has its cgroup counted? */
export function lifeOf(ctx: PromCtx, inc: Incarnation): (t: number) => number | undefined {
  return (t) => {
    if (t > ctx.now() || t < inc.startedMs || t >= inc.endMs) return undefined;
    if (inc.spec.key === OOM_KEY) return workerProcessStart(ctx.w.schedule, inc.startedMs, t);
    if (!inc.spec.job) return inc.startedMs;
    const run = jobRunAt(ctx.w.schedule, inc.spec, t);
    return t < run.endMs && run.startMs >= inc.startedMs ? run.startMs : undefined;
  };
}

export function cadvisorContainerSeries(ctx: PromCtx, inc: Incarnation): MetricSeriesSource[] {
  const spec = inc.spec;
  const m: ContainerModel = ctx.model(spec.key);
  const base: Labels = { id: `/system.slice/docker-${inc.id}.scope`, image: spec.image, name: spec.name };
  for (const [k, v] of Object.entries(composeLabels(spec))) base[`container_label_${sanitizeLabelName(k)}`] = v;
  base.job = "cadvisor";
  base.instance = spec.promOnly ? LEGACY_CADVISOR : SHOP_CADVISOR;
  const life = lifeOf(ctx, inc);
  const labelsOf = (name: string, extra: Labels = {}): Labels => ({ __name__: name, ...base, ...extra });
  const counter = (
    name: string,
    rm: ContainerModel["cpu"] | undefined,
    extra: Labels = {},
    integer = false,
    scale = 1,
  ) =>
    rm
      ? series(labelsOf(name, extra), "counter", (t) => {
          const s = life(t);
          return s === undefined ? undefined : counterSince(rm, s, t, scale, integer);
        })
      : undefined;
  const gauge = (name: string, f: (t: number, start: number) => number, extra: Labels = {}) =>
    series(labelsOf(name, extra), "gauge", (t) => {
      const s = life(t);
      return s === undefined ? undefined : f(t, s);
    });
  const out: (MetricSeriesSource | undefined)[] = [
    counter("container_cpu_usage_seconds_total", m.cpu, { cpu: "total" }),
    gauge("container_memory_working_set_bytes", (t) => m.workingSet(t)),
    gauge("container_memory_usage_bytes", (t) => m.workingSet(t) + m.cacheBytes),
    gauge("container_spec_memory_limit_bytes", () => spec.memoryLimitBytes),
    counter("container_network_receive_bytes_total", m.netRx, { interface: "eth0" }, true),
    counter("container_network_transmit_bytes_total", m.netTx, { interface: "eth0" }, true),
    gauge("container_last_seen", (t) => Math.floor(t / 1000)),
    gauge("container_start_time_seconds", (_t, s) => Math.floor(s / 1000)),
  ];
  if (spec.cpus > 0) {
    // cAdvisor emits the quota only when one is set.
    out.push(gauge("container_spec_cpu_quota", () => spec.cpus * 100_000));
    out.push(gauge("container_spec_cpu_period", () => 100_000));
    out.push(counter("container_cpu_cfs_periods_total", m.periods, {}, true));
    out.push(counter("container_cpu_cfs_throttled_periods_total", m.throttledPeriods, {}, true));
    out.push(counter("container_cpu_cfs_throttled_seconds_total", m.throttledSeconds));
  }
  return out.filter((s): s is MetricSeriesSource => s !== undefined);
}

/** Root cgroup of the shop host: the sum of its containers plus the system, since boot. */
export function cadvisorRootSeries(ctx: PromCtx): MetricSeriesSource[] {
  const keys = SPECS.filter((s) => !s.promOnly && !s.job).map((s) => s.key);
  const sch = ctx.w.schedule;
  const boot = (t: number) => epochStart(sch, epochOf(sch, t + 10 * MINUTE)) - 10 * MINUTE;
  const base = { id: "/", instance: SHOP_CADVISOR, job: "cadvisor" };
  const live = (t: number) => t <= ctx.now();
  return [
    series({ __name__: "container_cpu_usage_seconds_total", cpu: "total", ...base }, "counter", (t) => {
      if (!live(t)) return undefined;
      const b = boot(t);
      let v = (0.12 * (t - b)) / 1000;
      for (const k of keys) {
        const rm = ctx.model(k).cpu;
        v += rateIntegral(rm, t) - rateIntegral(rm, b);
      }
      return v;
    }),
    series({ __name__: "container_memory_usage_bytes", ...base }, "gauge", (t) =>
      live(t)
        ? keys.reduce((a, k) => a + ctx.model(k).workingSet(t) + ctx.model(k).cacheBytes, 900 * 1024 * 1024)
        : undefined,
    ),
    series({ __name__: "container_memory_working_set_bytes", ...base }, "gauge", (t) =>
      live(t) ? keys.reduce((a, k) => a + ctx.model(k).workingSet(t), 700 * 1024 * 1024) : undefined,
    ),
  ];
}
