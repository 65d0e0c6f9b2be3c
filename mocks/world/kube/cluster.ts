// The demo cluster: namespace `shop` on cluster `demo`, anchored at the minute the world starts
// (t0) so its events fall inside the default hour: a storefront rollout 25 minutes before t0
// (two pods replaced), a checkout container OOMKilled 20 minutes before t0 and restarted, a
// StatefulSet database and a CronJob's finished Job. Everything is a pure function of (seed, t0).
import { hexOf, strHash } from "../prng";
import { DAY, HOUR, MINUTE, SECOND } from "../schedule";

export const CLUSTER = "demo";
export const NAMESPACE = "shop";
const MiB = 1024 * 1024;

export type WorkloadKind = "Deployment" | "StatefulSet" | "CronJob";

export interface KContainer {
  name: string;
  image: string;
  /** Runtime incarnations: a restart starts a new one with a new id. */
  runs: { id: string; startMs: number; endMs: number; reason?: string; exitCode?: number }[];
  limits?: { cpu?: string; memory?: string };
  requests?: { cpu?: string; memory?: string };
  memoryLimitBytes?: number;
  /** Working set (bytes) at t within a run that started at s. */
  memory(t: number, s: number): number;
  /** CPU cores used at t, and the CPU seconds used in [s, t]. */
  cpu: CpuModel;
}

export interface KPod {
  name: string;
  uid: string;
  node: string;
  workload: { kind: WorkloadKind; name: string };
  /** ReplicaSet or Job, when the workload goes through one. */
  owner?: { kind: "ReplicaSet" | "Job"; name: string };
  labels: Record<string, string>;
  startMs: number;
  /** Deleted at (Infinity while it exists); a finished Job's pod stays listed. */
  endMs: number;
  succeeded?: boolean;
  containers: KContainer[];
}

export interface KubeWorld {
  t0: number;
  pods: KPod[];
  replicaSets: { name: string; deployment: string }[];
  jobs: { name: string; cronJob: string }[];
  /** Pods that exist at t (deleted ones not). */
  podsAt(t: number): KPod[];
}

const wave = (t: number, periodMs: number, phase: number) => Math.sin((2 * Math.PI * t) / periodMs + phase);

export interface CpuModel {
  rate(t: number): number;
  secondsBetween(s: number, t: number): number;
}

/** base + amp·sin: always ≥ base − amp > 0, with a closed-form integral for the counter. */
export function cpuModel(base: number, amp: number, phase: number, periodMs = 7 * MINUTE): CpuModel {
  const w = (2 * Math.PI) / periodMs;
  const prim = (t: number) => (base * t - (amp / w) * Math.cos(w * t + phase)) / 1000;
  return {
    rate: (t) => base + amp * Math.sin(w * t + phase),
    secondsBetween: (s, t) => (t <= s ? 0 : prim(t) - prim(s)),
  };
}

export function makeKubeWorld(seed: number, nowAtStart: number): KubeWorld {
  const t0 = Math.floor(nowAtStart / MINUTE) * MINUTE;
  const id = (pod: string, c: string, run: number) => hexOf(64, seed, strHash(`${pod}/${c}`), run);
  const uid = (pod: string) => {
    const h = hexOf(32, seed, strHash(pod), 7);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };

  const rolloutMs = t0 - 25 * MINUTE;
  const oomMs = t0 - 20 * MINUTE;
  const restartMs = oomMs + 12 * SECOND;
  const oldRs = "storefront-6c7f9d8b5";
  const newRs = "storefront-58d4b7c9f";

  const storefront = (pod: string, rs: string, image: string, startMs: number, endMs: number, phase: number): KPod => ({
    name: pod,
    uid: uid(pod),
    node: phase > 1 ? "node-b" : "node-a",
    workload: { kind: "Deployment", name: "storefront" },
    owner: { kind: "ReplicaSet", name: rs },
    labels: { "app.kubernetes.io/name": "storefront", "pod-template-hash": rs.slice("storefront-".length) },
    startMs,
    endMs,
    containers: [
      {
        name: "web",
        image,
        runs: [{ id: id(pod, "web", 0), startMs: startMs + 3 * SECOND, endMs }],
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "500m", memory: "256Mi" },
        memoryLimitBytes: 256 * MiB,
        memory: (t, s) =>
          90 * MiB + Math.min(30 * MiB, ((t - s) / HOUR) * 10 * MiB) + 6 * MiB * wave(t, 5 * MINUTE, phase),
        cpu: cpuModel(0.12, 0.05, phase),
      },
    ],
  });

  const checkoutPod = "checkout-7d9f6b5c4-x2kq9";
  const checkoutStart = t0 - 2 * DAY;
  const checkout: KPod = {
    name: checkoutPod,
    uid: uid(checkoutPod),
    node: "node-b",
    workload: { kind: "Deployment", name: "checkout" },
    owner: { kind: "ReplicaSet", name: "checkout-7d9f6b5c4" },
    labels: { "app.kubernetes.io/name": "checkout", "pod-template-hash": "7d9f6b5c4" },
    startMs: checkoutStart,
    endMs: Number.POSITIVE_INFINITY,
    containers: [
      {
        name: "checkout",
        image: "registry.example.com/shop/checkout:3.4.1",
        runs: [
          {
            id: id(checkoutPod, "checkout", 0),
            startMs: checkoutStart + 4 * SECOND,
            endMs: oomMs,
            reason: "OOMKilled",
            exitCode: 137,
          },
          { id: id(checkoutPod, "checkout", 1), startMs: restartMs, endMs: Number.POSITIVE_INFINITY },
        ],
        requests: { cpu: "250m", memory: "192Mi" },
        limits: { cpu: "1", memory: "256Mi" },
        memoryLimitBytes: 256 * MiB,
        // A leak: the first run climbs to the limit in the 30 minutes before the kill.
        memory: (t, s) => {
          const base = 120 * MiB + 4 * MiB * wave(t, 3 * MINUTE, 1);
          if (s >= restartMs) return base;
          const climb = Math.max(0, Math.min(1, (t - (oomMs - 30 * MINUTE)) / (30 * MINUTE)));
          return Math.min(256 * MiB, base + climb * 140 * MiB);
        },
        cpu: cpuModel(0.3, 0.1, 1.3),
      },
      {
        name: "envoy",
        image: "docker.io/envoyproxy/envoy:v1.31.2",
        runs: [
          { id: id(checkoutPod, "envoy", 0), startMs: checkoutStart + 2 * SECOND, endMs: Number.POSITIVE_INFINITY },
        ],
        requests: { cpu: "50m", memory: "64Mi" },
        limits: { memory: "128Mi" },
        memoryLimitBytes: 128 * MiB,
        memory: (t) => 38 * MiB + 2 * MiB * wave(t, 4 * MINUTE, 0.4),
        cpu: cpuModel(0.03, 0.01, 0.4),
      },
    ],
  };

  const db: KPod = {
    name: "db-0",
    uid: uid("db-0"),
    node: "node-a",
    workload: { kind: "StatefulSet", name: "db" },
    labels: { "app.kubernetes.io/name": "db", "statefulset.kubernetes.io/pod-name": "db-0" },
    startMs: t0 - 7 * DAY,
    endMs: Number.POSITIVE_INFINITY,
    containers: [
      {
        name: "postgres",
        image: "docker.io/library/postgres:16.4",
        runs: [{ id: id("db-0", "postgres", 0), startMs: t0 - 7 * DAY + 5 * SECOND, endMs: Number.POSITIVE_INFINITY }],
        requests: { cpu: "500m", memory: "512Mi" },
        limits: { memory: "1Gi" },
        memoryLimitBytes: 1024 * MiB,
        memory: (t) => 410 * MiB + 20 * MiB * wave(t, 11 * MINUTE, 2),
        cpu: cpuModel(0.2, 0.08, 2.2),
      },
    ],
  };

  const jobName = "nightly-report-29412360";
  const jobPod = `${jobName}-7xk2p`;
  const jobStart = t0 - 40 * MINUTE;
  const report: KPod = {
    name: jobPod,
    uid: uid(jobPod),
    node: "node-a",
    workload: { kind: "CronJob", name: "nightly-report" },
    owner: { kind: "Job", name: jobName },
    labels: { "app.kubernetes.io/name": "nightly-report", "batch.kubernetes.io/job-name": jobName },
    startMs: jobStart,
    endMs: Number.POSITIVE_INFINITY,
    succeeded: true,
    containers: [
      {
        name: "report",
        image: "registry.example.com/shop/report:1.0.3",
        runs: [
          {
            id: id(jobPod, "report", 0),
            startMs: jobStart + 2 * SECOND,
            endMs: jobStart + 2 * MINUTE,
            reason: "Completed",
            exitCode: 0,
          },
        ],
        requests: { cpu: "200m", memory: "128Mi" },
        limits: { memory: "512Mi" },
        memoryLimitBytes: 512 * MiB,
        memory: (t, s) => 60 * MiB + Math.min(200 * MiB, ((t - s) / MINUTE) * 100 * MiB),
        cpu: cpuModel(0.8, 0.05, 0, MINUTE),
      },
    ],
  };

  const pods: KPod[] = [
    storefront(`${oldRs}-k2x7p`, oldRs, "registry.example.com/shop/storefront:2.1.0", t0 - 3 * DAY, rolloutMs, 0.2),
    storefront(
      `${oldRs}-w9q4m`,
      oldRs,
      "registry.example.com/shop/storefront:2.1.0",
      t0 - 3 * DAY,
      rolloutMs + 40 * SECOND,
      2.1,
    ),
    storefront(
      `${newRs}-h5n2j`,
      newRs,
      "registry.example.com/shop/storefront:2.2.0",
      rolloutMs - 60 * SECOND,
      Number.POSITIVE_INFINITY,
      0.9,
    ),
    storefront(
      `${newRs}-r8t6v`,
      newRs,
      "registry.example.com/shop/storefront:2.2.0",
      rolloutMs - 10 * SECOND,
      Number.POSITIVE_INFINITY,
      2.7,
    ),
    checkout,
    db,
    report,
  ];
  return {
    t0,
    pods,
    replicaSets: [
      { name: oldRs, deployment: "storefront" },
      { name: newRs, deployment: "storefront" },
      { name: "checkout-7d9f6b5c4", deployment: "checkout" },
    ],
    jobs: [{ name: jobName, cronJob: "nightly-report" }],
    podsAt: (t) => pods.filter((p) => p.startMs <= t && t < p.endMs),
  };
}

/** The run of a container alive at t, if any. */
export function runAt(c: KContainer, t: number) {
  return c.runs.find((r) => r.startMs <= t && t < r.endMs);
}
