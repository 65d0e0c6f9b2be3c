// The demo cluster's series as a kube-prometheus stack scrapes them: kubelet cAdvisor
// (namespace/pod/container, pod-level network with container="") and kube-state-metrics.
import type { Labels, MetricSeriesSource } from "../../sources";
import { CLUSTER, type KContainer, type KPod, type KubeWorld, NAMESPACE } from "./cluster";

const s = (
  labels: Labels,
  kind: "counter" | "gauge",
  valueAt: (t: number) => number | undefined,
): MetricSeriesSource => ({
  labels,
  kind,
  valueAt,
});

function cgroup(p: KPod, id?: string): string {
  const u = p.uid.replace(/-/g, "_");
  const podSlice = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${u}.slice`;
  return id ? `${podSlice}/cri-containerd-${id}.scope` : podSlice;
}

function containerSeries(p: KPod, c: KContainer, now: () => number): MetricSeriesSource[] {
  const out: MetricSeriesSource[] = [];
  for (const run of c.runs) {
    const live = (t: number) => t <= now() && t >= run.startMs && t < run.endMs && t >= p.startMs && t < p.endMs;
    const base: Labels = {
      namespace: NAMESPACE,
      pod: p.name,
      container: c.name,
      image: c.image,
      id: cgroup(p, run.id),
      name: run.id,
      job: "kubelet",
      metrics_path: "/metrics/cadvisor",
      instance: `${p.node}:10250`,
      node: p.node,
      cluster: CLUSTER,
    };
    out.push(
      s({ __name__: "container_cpu_usage_seconds_total", ...base, cpu: "total" }, "counter", (t) =>
        live(t) ? c.cpu.secondsBetween(run.startMs, t) : undefined,
      ),
      s({ __name__: "container_memory_working_set_bytes", ...base }, "gauge", (t) =>
        live(t) ? Math.round(c.memory(t, run.startMs)) : undefined,
      ),
      s({ __name__: "container_memory_usage_bytes", ...base }, "gauge", (t) =>
        live(t) ? Math.round(c.memory(t, run.startMs) * 1.15) : undefined,
      ),
      // cAdvisor's start time, in whole seconds: a new value is a restart.
      s({ __name__: "container_start_time_seconds", ...base }, "gauge", (t) =>
        live(t) ? Math.floor(run.startMs / 1000) : undefined,
      ),
    );
    if (c.memoryLimitBytes)
      out.push(
        s({ __name__: "container_spec_memory_limit_bytes", ...base }, "gauge", (t) =>
          live(t) ? c.memoryLimitBytes : undefined,
        ),
      );
  }
  return out;
}

function podSeries(p: KPod, now: () => number): MetricSeriesSource[] {
  const live = (t: number) => t <= now() && t >= p.startMs && t < p.endMs;
  const base: Labels = {
    namespace: NAMESPACE,
    pod: p.name,
    container: "",
    image: "",
    id: cgroup(p),
    interface: "eth0",
    job: "kubelet",
    metrics_path: "/metrics/cadvisor",
    instance: `${p.node}:10250`,
    node: p.node,
    cluster: CLUSTER,
  };
  const rx = p.workload.name === "db" ? 40_000 : 12_000;
  return [
    s({ __name__: "container_network_receive_bytes_total", ...base }, "counter", (t) =>
      live(t) ? Math.floor(((t - p.startMs) / 1000) * rx) : undefined,
    ),
    s({ __name__: "container_network_transmit_bytes_total", ...base }, "counter", (t) =>
      live(t) ? Math.floor(((t - p.startMs) / 1000) * rx * 1.7) : undefined,
    ),
  ];
}

function ksmSeries(p: KPod, now: () => number): MetricSeriesSource[] {
  const live = (t: number) => t <= now() && t >= p.startMs && t < p.endMs;
  const one = (t: number) => (live(t) ? 1 : undefined);
  const ksm: Labels = {
    job: "kube-state-metrics",
    instance: "kube-state-metrics:8080",
    namespace: NAMESPACE,
    pod: p.name,
    uid: p.uid,
    cluster: CLUSTER,
  };
  const owner = p.owner ?? { kind: p.workload.kind, name: p.workload.name };
  const out: MetricSeriesSource[] = [
    s(
      {
        __name__: "kube_pod_owner",
        ...ksm,
        owner_kind: owner.kind,
        owner_name: owner.name,
        owner_is_controller: "true",
      },
      "gauge",
      one,
    ),
    s(
      {
        __name__: "kube_pod_info",
        ...ksm,
        node: p.node,
        created_by_kind: owner.kind,
        created_by_name: owner.name,
        host_ip: "192.168.0.113",
        pod_ip: "10.244.1.10",
      },
      "gauge",
      one,
    ),
  ];
  for (const c of p.containers) {
    const cl = { ...ksm, container: c.name };
    const q = (v: string | undefined, unit: "core" | "byte") => {
      if (!v) return undefined;
      if (unit === "byte")
        return v.endsWith("Gi") ? Number(v.slice(0, -2)) * 2 ** 30 : Number(v.slice(0, -2)) * 2 ** 20;
      return v.endsWith("m") ? Number(v.slice(0, -1)) / 1000 : Number(v);
    };
    for (const [metric, res] of [
      ["kube_pod_container_resource_limits", c.limits],
      ["kube_pod_container_resource_requests", c.requests],
    ] as const) {
      const mem = q(res?.memory, "byte");
      const cpu = q(res?.cpu, "core");
      if (mem !== undefined)
        out.push(
          s({ __name__: metric, ...cl, node: p.node, resource: "memory", unit: "byte" }, "gauge", (t) =>
            live(t) ? mem : undefined,
          ),
        );
      if (cpu !== undefined)
        out.push(
          s({ __name__: metric, ...cl, node: p.node, resource: "cpu", unit: "core" }, "gauge", (t) =>
            live(t) ? cpu : undefined,
          ),
        );
    }
    out.push(
      s({ __name__: "kube_pod_container_status_restarts_total", ...cl }, "counter", (t) =>
        live(t) ? Math.max(0, c.runs.filter((r) => r.startMs <= t).length - 1) : undefined,
      ),
    );
    for (const run of c.runs) {
      out.push(
        s(
          {
            __name__: "kube_pod_container_info",
            ...cl,
            image: c.image,
            image_spec: c.image,
            container_id: `containerd://${run.id}`,
          },
          "gauge",
          (t) => (live(t) && t >= run.startMs && t < run.endMs ? 1 : undefined),
        ),
      );
      if (run.reason) {
        const after = (v: number) => (t: number) => (live(t) && t >= run.endMs ? v : undefined);
        out.push(
          s(
            { __name__: "kube_pod_container_status_last_terminated_reason", ...cl, reason: run.reason },
            "gauge",
            after(1),
          ),
          s(
            { __name__: "kube_pod_container_status_last_terminated_timestamp", ...cl },
            "gauge",
            after(Math.floor(run.endMs / 1000)),
          ),
          s(
            { __name__: "kube_pod_container_status_last_terminated_exitcode", ...cl },
            "gauge",
            after(run.exitCode ?? 0),
          ),
        );
      }
    }
  }
  return out;
}

export function kubeSeries(k: KubeWorld, now: () => number): MetricSeriesSource[] {
  const out: MetricSeriesSource[] = [];
  for (const p of k.pods) {
    for (const c of p.containers) out.push(...containerSeries(p, c, now));
    out.push(...podSeries(p, now), ...ksmSeries(p, now));
  }
  const ksm = {
    job: "kube-state-metrics",
    instance: "kube-state-metrics:8080",
    namespace: NAMESPACE,
    cluster: CLUSTER,
  };
  for (const rs of k.replicaSets)
    out.push(
      s(
        {
          __name__: "kube_replicaset_owner",
          ...ksm,
          replicaset: rs.name,
          owner_kind: "Deployment",
          owner_name: rs.deployment,
          owner_is_controller: "true",
        },
        "gauge",
        (t) => (t <= now() ? 1 : undefined),
      ),
    );
  for (const j of k.jobs)
    out.push(
      s(
        {
          __name__: "kube_job_owner",
          ...ksm,
          job_name: j.name,
          owner_kind: "CronJob",
          owner_name: j.cronJob,
          owner_is_controller: "true",
        },
        "gauge",
        (t) => (t <= now() ? 1 : undefined),
      ),
    );
  return out;
}
