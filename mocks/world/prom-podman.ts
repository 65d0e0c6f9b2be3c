// The same containers under prometheus-podman-exporter's names (APIS.md §2): `id` is the
// 12-char short ID on every series; only podman_container_info carries name and image.
// The exporter lists exited containers too, so their series go on with frozen counters.
import type { Labels, MetricSeriesSource } from "../sources";
import { type Incarnation, jobRunAt } from "./containers";
import { counterSince } from "./metrics-model";
import { series } from "./prom-cadvisor";
import type { PromCtx } from "./prom-ctx";
import { OOM_KEY, workerProcessStart } from "./oom";

export const SHOP_EXPORTER = "demo-host:9882";
export const LEGACY_EXPORTER = "10.0.3.17:9882";
export const HOST_MEM_BYTES = 25_325_268_992;

/** State enum of the exporter: 2 running, 5 exited. */
const RUNNING = 2;
const EXITED = 5;

export function podmanSeries(ctx: PromCtx, inc: Incarnation): MetricSeriesSource[] {
  const spec = inc.spec;
  const m = ctx.model(spec.key);
  const instance = spec.promOnly ? LEGACY_EXPORTER : SHOP_EXPORTER;
  const job = "podman-exporter";
  const idl: Labels = { id: inc.shortId, pod_id: "", pod_name: "" };
  const labelsOf = (name: string): Labels => ({ __name__: name, ...idl, instance, job });
  // For a job: the last run that started at or before t, frozen after it ended.
  const span = (t: number): { start: number; until: number; running: boolean } | undefined => {
    if (t > ctx.now() || t < inc.startedMs || t >= inc.endMs) return undefined;
    if (spec.key === OOM_KEY) {
      const start = workerProcessStart(ctx.w.schedule, inc.startedMs, t);
      return start === undefined ? undefined : { start, until: t, running: true };
    }
    if (!spec.job) return { start: inc.startedMs, until: t, running: true };
    const run = jobRunAt(ctx.w.schedule, spec, t);
    return { start: run.startMs, until: Math.min(t, run.endMs), running: t < run.endMs };
  };
  const gauge = (name: string, f: (t: number, s: NonNullable<ReturnType<typeof span>>) => number, labels?: Labels) =>
    series(labels ?? labelsOf(name), "gauge", (t) => {
      const s = span(t);
      return s ? f(t, s) : undefined;
    });
  const counter = (name: string, rm: typeof m.cpu, integer: boolean, scale = 1) =>
    series(labelsOf(name), "counter", (t) => {
      const s = span(t);
      return s ? counterSince(rm, s.start, s.until, scale, integer) : undefined;
    });
  return [
    gauge("podman_container_info", () => 1, {
      __name__: "podman_container_info",
      id: inc.shortId,
      image: spec.image,
      instance,
      job,
      name: spec.name,
      pod_id: "",
      pod_name: "",
    }),
    gauge("podman_container_state", (_t, s) => (s.running ? RUNNING : EXITED)),
    counter("podman_container_cpu_seconds_total", m.cpu, false),
    counter("podman_container_cpu_system_seconds_total", m.cpu, false, 0.3),
    gauge("podman_container_mem_usage_bytes", (t, s) => (s.running ? m.workingSet(t) + m.cacheBytes : 0)),
    gauge("podman_container_mem_limit_bytes", () => spec.memoryLimitBytes || HOST_MEM_BYTES),
    counter("podman_container_net_input_total", m.netRx, true),
    counter("podman_container_net_output_total", m.netTx, true),
    gauge("podman_container_created_seconds", () => Math.floor(inc.createdMs / 1000)),
    gauge("podman_container_started_seconds", (_t, s) => Math.floor(s.start / 1000)),
  ];
}
