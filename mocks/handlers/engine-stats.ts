// Stats bodies. Podman's compat stats differ from Docker's (fixture README): networks keyed
// "network", zero packet counters, zeroed precpu_stats, memory_stats with only usage and
// limit, "Id" not "id", a name without "/". Docker here is cgroup v2 (Debian 12).
import type { EngineContainerSource, EngineStatsSource } from "../sources";
import type { EngineFlavor } from "./engine-http";

const GO_ZERO = "0001-01-01T00:00:00Z";

/** RFC3339Nano with made-up sub-millisecond digits, like "2026-11-21T22:36:43.87219203Z". */
function readTime(ms: number): string {
  const sub = String((Math.floor(ms) * 7919) % 1_000_000).padStart(6, "0");
  return `${new Date(ms).toISOString().slice(0, 23)}${sub}Z`.replace(/\.?0+Z$/, "Z");
}

const blkio = {
  io_service_bytes_recursive: [],
  io_serviced_recursive: null,
  io_queue_recursive: null,
  io_service_time_recursive: null,
  io_wait_time_recursive: null,
  io_merged_recursive: null,
  io_time_recursive: null,
  sectors_recursive: null,
};

export function compatStats(
  flavor: EngineFlavor,
  c: EngineContainerSource,
  s: EngineStatsSource,
  prev?: EngineStatsSource,
) {
  const throttling = {
    periods: s.throttling.periods,
    throttled_periods: s.throttling.throttledPeriods,
    throttled_time: s.throttling.throttledTimeNs,
  };
  if (flavor === "podman")
    return {
      read: readTime(s.readMs),
      preread: GO_ZERO,
      pids_stats: { current: s.pids },
      blkio_stats: blkio,
      num_procs: 0,
      storage_stats: {},
      cpu_stats: {
        cpu_usage: {
          total_usage: s.cpuTotalNs,
          percpu_usage: s.perCpuNs,
          usage_in_kernelmode: s.cpuKernelNs,
          usage_in_usermode: s.cpuUserNs,
        },
        system_cpu_usage: s.systemCpuNs,
        online_cpus: s.onlineCpus,
        cpu: 0,
        throttling_data: throttling,
      },
      precpu_stats: {
        cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 },
        cpu: 0,
        throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
      },
      memory_stats: { usage: s.memUsageBytes, limit: s.memLimitBytes },
      name: c.name,
      Id: c.id,
      networks: {
        network: {
          rx_bytes: s.netRxBytes,
          rx_packets: 0,
          rx_errors: 0,
          rx_dropped: 0,
          tx_bytes: s.netTxBytes,
          tx_packets: 0,
          tx_errors: 0,
          tx_dropped: 0,
        },
      },
    };
  const cpu = (x: EngineStatsSource | undefined) => ({
    cpu_usage: {
      total_usage: x?.cpuTotalNs ?? 0,
      usage_in_kernelmode: x?.cpuKernelNs ?? 0,
      usage_in_usermode: x?.cpuUserNs ?? 0,
    },
    system_cpu_usage: x?.systemCpuNs ?? 0,
    online_cpus: x?.onlineCpus ?? 0,
    throttling_data: x
      ? {
          periods: x.throttling.periods,
          throttled_periods: x.throttling.throttledPeriods,
          throttled_time: x.throttling.throttledTimeNs,
        }
      : { periods: 0, throttled_periods: 0, throttled_time: 0 },
  });
  const inactive = Math.round(s.memUsageBytes * 0.08);
  return {
    read: readTime(s.readMs),
    preread: prev ? readTime(prev.readMs) : GO_ZERO,
    pids_stats: { current: s.pids, limit: 18_446_744_073_709_552_000 },
    blkio_stats: { ...blkio, io_service_bytes_recursive: null },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpu(s),
    precpu_stats: cpu(prev),
    memory_stats: {
      usage: s.memUsageBytes,
      stats: {
        active_anon: 0,
        active_file: 0,
        anon: s.memUsageBytes - inactive,
        file: inactive,
        inactive_file: inactive,
      },
      limit: s.memLimitBytes,
    },
    name: `/${c.name}`,
    id: c.id,
    networks: {
      eth0: {
        rx_bytes: s.netRxBytes,
        rx_packets: Math.floor(s.netRxBytes / 900),
        rx_errors: 0,
        rx_dropped: 0,
        tx_bytes: s.netTxBytes,
        tx_packets: Math.floor(s.netTxBytes / 1100),
        tx_errors: 0,
        tx_dropped: 0,
      },
    },
  };
}

/** One element of Podman's /libpod/containers/stats `Stats` array. */
export function libpodStats(c: EngineContainerSource, s: EngineStatsSource) {
  const upNs = Math.max(1, (s.readMs - (c.startedMs ?? s.readMs)) * 1e6);
  const avg = (s.cpuTotalNs / upNs) * 100;
  return {
    AvgCPU: avg,
    ContainerID: c.id,
    Name: c.name,
    PerCPU: s.perCpuNs,
    CPU: avg,
    CPUNano: s.cpuTotalNs,
    CPUSystemNano: s.cpuKernelNs,
    SystemNano: Math.round(s.readMs * 1e6),
    MemUsage: s.memUsageBytes,
    MemLimit: s.memLimitBytes,
    MemPerc: (s.memUsageBytes / s.memLimitBytes) * 100,
    NetInput: s.netRxBytes,
    NetOutput: s.netTxBytes,
    BlockInput: 0,
    BlockOutput: 0,
    PIDs: s.pids,
    UpTime: s.cpuTotalNs,
    Duration: s.cpuTotalNs,
  };
}
