// The bench's Kubernetes cluster (#12 speed rows): 5,000 pods / 15,000 containers listed by
// the API stand-in (50 namespaces × 10 Deployments × 10 pods; each pod an init container, an
// app and an istio-proxy sidecar), and one Deployment, `team-00/api`, with 50 pods over the last
// 6 hours (five rollouts of 10 replicas: 10 listed now, 40 gone) whose metrics, logs and traces
// Prometheus, Loki and Jaeger hold. Everything is arithmetic on indices, so the whole world
// builds in well under a second; samples are computed when a query reads them.
import type { KubeObject, KubeSource } from "../../mocks/handlers/kubernetes-state";
import { ownedObject, podObject } from "../../mocks/handlers/kubernetes-objects";
import type {
  JaegerSource,
  Labels,
  LokiEntry,
  LokiSource,
  LokiStreamSource,
  MetricSeriesSource,
  PromSource,
  TraceSpanSource,
} from "../../mocks/sources";
import { spanMatches } from "../../mocks/world/jaeger-source";
import { hash01, hexOf } from "../../mocks/world/prng";

export const KUBE_CLUSTER = "bench";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MiB = 2 ** 20;
const NAMESPACES = 50;
const DEPLOYMENTS = ["api", "web", "worker", "cache", "search", "billing", "auth", "notify", "report", "gateway"];
const REPLICAS = 10;
/** The workload page's Deployment: five generations of 10 pods over the last 6 h. */
export const WORKLOAD = { namespace: "team-00", kind: "Deployment" as const, name: "api", segment: "deployments" };
const GENERATIONS = 5;
const GEN_MS = 72 * MINUTE;
/** One request every 5 s to the workload, served by its pods in turn. */
const SLOT_MS = 5_000;
const TRACE_PREFIX = "b1e4c5a0";
const SCRAPE_MS = 30_000;

export interface BenchPod {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  deployment: string;
  replicaSet: string;
  startMs: number;
  /** Deleted at (Infinity while listed). */
  endMs: number;
  /** Position in the workload's pods (workload pods only), for per-pod variety. */
  index: number;
}

export interface BenchKubeWorld {
  t0: number;
  /** The listed pods (5,000). */
  listed: BenchPod[];
  /** The workload's 50 pods, gone ones included. */
  workloadPods: BenchPod[];
  containerCount: number;
  apiSource: KubeSource;
  prom: PromSource;
  loki: LokiSource;
  jaeger: JaegerSource;
}

const ns = (i: number) => `team-${String(i).padStart(2, "0")}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
// Pod-name suffixes use the Kubernetes alphabet (no vowels, no 0/1/3).
const ALPHA = "bcdfghjklmnpqrstvwxz2456789";
function suffix(n: number, len: number): string {
  let s = "";
  for (let i = 0; i < len; i++) {
    s += ALPHA[n % ALPHA.length];
    n = Math.floor(n / ALPHA.length);
  }
  return s;
}
function uidOf(a: number, b: number): string {
  const h = hexOf(32, 12, a, b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function makeBenchKubeWorld(nowAtStart: number = Date.now()): BenchKubeWorld {
  const t0 = Math.floor(nowAtStart / MINUTE) * MINUTE;
  const listed: BenchPod[] = [];
  const workloadPods: BenchPod[] = [];
  const replicaSets: { namespace: string; name: string; deployment: string }[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    for (let d = 0; d < DEPLOYMENTS.length; d++) {
      const dep = DEPLOYMENTS[d] as string;
      const isWorkload = n === 0 && dep === WORKLOAD.name;
      const gens = isWorkload ? GENERATIONS : 1;
      for (let g = 0; g < gens; g++) {
        const rs = `${dep}-${hexOf(8, 3, n, d, g).slice(0, 9).replace(/[013]/g, "7")}`;
        replicaSets.push({ namespace: ns(n), name: rs, deployment: dep });
        // Generation g of the workload starts at t0 − 6 h + g·72 min and is replaced 40 s after g+1 starts.
        const start = isWorkload ? t0 - 6 * HOUR + g * GEN_MS - MINUTE : t0 - (2 + ((n * 7 + d) % 40)) * HOUR;
        const end = isWorkload && g < gens - 1 ? start + GEN_MS + 40_000 : Number.POSITIVE_INFINITY;
        for (let r = 0; r < REPLICAS; r++) {
          const p: BenchPod = {
            namespace: ns(n),
            name: `${rs}-${suffix(n * 100_000 + d * 1000 + g * 20 + r, 5)}`,
            uid: uidOf(n * 1000 + d * 100 + g * 10 + r, 1),
            node: `node-${String((n * 10 + d + r) % 40).padStart(2, "0")}`,
            deployment: dep,
            replicaSet: rs,
            startMs: start + r * 2_000,
            endMs: end,
            index: isWorkload ? g * REPLICAS + r : -1,
          };
          if (isWorkload) workloadPods.push(p);
          if (end === Number.POSITIVE_INFINITY) listed.push(p);
        }
      }
    }
  }

  const apiSource: KubeSource = {
    objects: () => [
      ...replicaSets.map((r) => ({
        resource: "replicasets" as const,
        object: ownedObject(
          "ReplicaSet",
          r.namespace,
          r.name,
          { kind: "Deployment", name: r.deployment },
          {
            "app.kubernetes.io/name": r.deployment,
          },
        ),
      })),
      ...listed.map((p) => ({ resource: "pods" as const, object: podObjectOf(p) })),
    ],
  };

  return {
    t0,
    listed,
    workloadPods,
    containerCount: listed.length * 3,
    apiSource,
    prom: promSource(
      workloadPods,
      replicaSets.filter((r) => r.namespace === WORKLOAD.namespace),
    ),
    ...signals(t0, workloadPods),
  };
}

function podObjectOf(p: BenchPod): KubeObject {
  const id = (c: number) => hexOf(64, 5, p.index >= 0 ? 900_000 + p.index : hashKey(p.name), c);
  const image = `registry.example.com/${p.namespace}/${p.deployment}:1.${(p.name.length * 7) % 20}.0`;
  return podObject({
    namespace: p.namespace,
    name: p.name,
    uid: p.uid,
    node: p.node,
    createdAt: iso(p.startMs),
    labels: {
      "app.kubernetes.io/name": p.deployment,
      "app.kubernetes.io/part-of": p.namespace,
      "pod-template-hash": p.replicaSet.slice(p.deployment.length + 1),
      "security.istio.io/tlsMode": "istio",
    },
    annotations: {
      "kubectl.kubernetes.io/default-container": "app",
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "9090",
    },
    owner: { kind: "ReplicaSet", name: p.replicaSet },
    initContainers: [{ name: "init-config", image: "docker.io/library/busybox:1.36" }],
    containers: [
      {
        name: "app",
        image,
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "1", memory: "512Mi" },
      },
      {
        name: "istio-proxy",
        image: "docker.io/istio/proxyv2:1.23.2",
        requests: { cpu: "10m", memory: "40Mi" },
        limits: { memory: "1Gi" },
      },
    ],
    initStatuses: [
      {
        name: "init-config",
        containerID: `containerd://${id(0)}`,
        state: "terminated",
        reason: "Completed",
        exitCode: 0,
        startedAt: iso(p.startMs + 1000),
        finishedAt: iso(p.startMs + 2000),
      },
    ],
    statuses: [
      { name: "app", containerID: `containerd://${id(1)}`, state: "running", startedAt: iso(p.startMs + 3000) },
      { name: "istio-proxy", containerID: `containerd://${id(2)}`, state: "running", startedAt: iso(p.startMs + 2500) },
    ],
    podIP: `10.${(hashKey(p.name) >>> 16) & 255}.${(hashKey(p.name) >>> 8) & 255}.${hashKey(p.name) & 255}`,
  });
}

function hashKey(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------
// Prometheus: the workload's pods (cAdvisor per container, kube-state-metrics owners).

function promSource(pods: BenchPod[], rs: { namespace: string; name: string; deployment: string }[]): PromSource {
  const series: MetricSeriesSource[] = [];
  const base = (p: BenchPod, c: string): Labels => ({
    namespace: p.namespace,
    pod: p.name,
    container: c,
    image: c === "app" ? "registry.example.com/team-00/api:1.4.0" : "docker.io/istio/proxyv2:1.23.2",
    id: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${p.uid.replace(/-/g, "_")}.slice/cri-containerd-${hexOf(64, 5, 900_000 + p.index, c === "app" ? 1 : 2)}.scope`,
    job: "kubelet",
    metrics_path: "/metrics/cadvisor",
    instance: `${p.node}:10250`,
    node: p.node,
  });
  for (const p of pods) {
    const live = (t: number) => t >= p.startMs && t < p.endMs && t <= Date.now();
    for (const c of ["app", "istio-proxy"]) {
      const cpu = c === "app" ? 0.2 + 0.02 * (p.index % 7) : 0.02;
      const amp = cpu / 3;
      const w = (2 * Math.PI) / (9 * MINUTE);
      const ph = p.index * 0.7;
      const prim = (t: number) => (cpu * t - (amp / w) * Math.cos(w * t + ph)) / 1000;
      const memBase = c === "app" ? (180 + 4 * (p.index % 11)) * MiB : 45 * MiB;
      series.push(
        {
          labels: { __name__: "container_cpu_usage_seconds_total", ...base(p, c), cpu: "total" },
          kind: "counter",
          valueAt: (t) => (live(t) ? prim(t) - prim(p.startMs) : undefined),
        },
        {
          labels: { __name__: "container_memory_working_set_bytes", ...base(p, c) },
          kind: "gauge",
          valueAt: (t) =>
            live(t)
              ? Math.round(
                  memBase + Math.min(60 * MiB, ((t - p.startMs) / HOUR) * 40 * MiB) + 5 * MiB * Math.sin(w * t),
                )
              : undefined,
        },
      );
    }
    const ksm = {
      job: "kube-state-metrics",
      instance: "kube-state-metrics:8080",
      namespace: p.namespace,
      pod: p.name,
      uid: p.uid,
    };
    const one = (t: number) => (live(t) ? 1 : undefined);
    series.push(
      {
        labels: {
          __name__: "kube_pod_owner",
          ...ksm,
          owner_kind: "ReplicaSet",
          owner_name: p.replicaSet,
          owner_is_controller: "true",
        },
        kind: "gauge",
        valueAt: one,
      },
      {
        labels: {
          __name__: "kube_pod_info",
          ...ksm,
          node: p.node,
          created_by_kind: "ReplicaSet",
          created_by_name: p.replicaSet,
        },
        kind: "gauge",
        valueAt: one,
      },
    );
  }
  for (const r of rs)
    series.push({
      labels: {
        __name__: "kube_replicaset_owner",
        job: "kube-state-metrics",
        instance: "kube-state-metrics:8080",
        namespace: r.namespace,
        replicaset: r.name,
        owner_kind: "Deployment",
        owner_name: r.deployment,
        owner_is_controller: "true",
      },
      kind: "gauge",
      valueAt: (t) => (t <= Date.now() ? 1 : undefined),
    });
  return { scrapeIntervalMs: SCRAPE_MS, series: () => series, exemplars: () => [] };
}

// ---------------------------------------------------------------------------------------
// Loki and Jaeger: one request every 5 s, served by the workload's pods in turn.

interface Req {
  slot: number;
  tMs: number;
  pod: BenchPod;
  traceId: string;
  durationMs: number;
  ok: boolean;
}

function signals(t0: number, pods: BenchPod[]) {
  const lo = Math.floor((t0 - 7 * HOUR) / SLOT_MS);
  // Up to 20 minutes past the start: the bench reads ranges that end at t0.
  const hi = Math.floor((t0 + 20 * MINUTE) / SLOT_MS);
  const reqs: Req[] = [];
  const byPod = new Map<BenchPod, Req[]>();
  for (let s = lo; s <= hi; s++) {
    const tMs = s * SLOT_MS + Math.floor(hash01(9, s) * 2000);
    const alive = pods.filter((p) => p.startMs + 3000 <= tMs && tMs < p.endMs);
    const pod = alive[s % Math.max(1, alive.length)];
    if (!pod) continue;
    const ok = hash01(9, s, 2) > 0.03;
    const r: Req = {
      slot: s,
      tMs,
      pod,
      traceId: `${TRACE_PREFIX}${s.toString(16).padStart(24, "0")}`,
      durationMs: 8 + Math.floor(hash01(9, s, 3) * 80),
      ok,
    };
    reqs.push(r);
    byPod.set(pod, [...(byPod.get(pod) ?? []), r]);
  }
  const bySlot = new Map(reqs.map((r) => [r.slot, r]));

  const resource = (p: BenchPod, c: string) => ({
    serviceName: "api",
    attributes: {
      "service.name": "api",
      "service.namespace": p.namespace,
      "k8s.namespace.name": p.namespace,
      "k8s.pod.name": p.name,
      "k8s.pod.uid": p.uid,
      "k8s.container.name": c,
      "k8s.deployment.name": p.deployment,
      "k8s.node.name": p.node,
      "telemetry.sdk.language": "go",
    },
  });
  const resources = new Map(pods.map((p) => [p, resource(p, "app")]));
  const scope = { name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", version: "0.53.0" };
  const spans = (r: Req): TraceSpanSource[] => {
    const res = resources.get(r.pod) ?? resource(r.pod, "app");
    const us = r.tMs * 1000;
    const sid = (n: number) => hexOf(16, 9, r.slot, 100 + n);
    const root: TraceSpanSource = {
      traceId: r.traceId,
      spanId: sid(0),
      name: "GET /api/items",
      kind: "server",
      startUs: us,
      durationUs: r.durationMs * 1000,
      status: r.ok ? "unset" : "error",
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/items",
        "http.response.status_code": r.ok ? 200 : 500,
      },
      events: [],
      links: [],
      resource: res,
      scope,
    };
    const db: TraceSpanSource = {
      ...root,
      spanId: sid(1),
      parentSpanId: root.spanId,
      name: "SELECT items",
      kind: "client",
      startUs: us + 1000,
      durationUs: Math.floor(r.durationMs * 600),
      status: "unset",
      attributes: { "db.system": "postgresql", "db.operation.name": "SELECT" },
    };
    return [root, db];
  };
  const now = () => Date.now();
  const jaeger: JaegerSource = {
    services: () => ["api"],
    operations: (s) =>
      s === "api"
        ? [
            { name: "GET /api/items", spanKind: "server" },
            { name: "SELECT items", spanKind: "client" },
          ]
        : [],
    trace(id) {
      const s = id.trim().toLowerCase().padStart(32, "0");
      if (!s.startsWith(TRACE_PREFIX)) return undefined;
      const r = bySlot.get(Number.parseInt(s.slice(8), 16));
      return r && r.tMs <= now() ? spans(r) : undefined;
    },
    findTraces(q) {
      const out: TraceSpanSource[][] = [];
      if (q.service !== "api") return out;
      for (let i = reqs.length - 1; i >= 0 && out.length < q.limit; i--) {
        const r = reqs[i] as Req;
        if (r.tMs > now() || r.tMs * 1000 > q.startMaxUs) continue;
        if (r.tMs * 1000 < q.startMinUs) break;
        const ss = spans(r);
        if (ss.some((x) => spanMatches(x, q))) out.push(ss);
      }
      return out;
    },
  };

  const streams: LokiStreamSource[] = [];
  for (const p of pods) {
    const mine = byPod.get(p) ?? [];
    for (const c of ["app", "istio-proxy"]) {
      const labels = {
        namespace: p.namespace,
        pod: p.name,
        container: c,
        job: `${p.namespace}/${c}`,
        service_name: p.deployment,
        node_name: p.node,
      };
      const line = (r: Req) =>
        c === "app"
          ? `ts=${new Date(r.tMs).toISOString()} level=${r.ok ? "info" : "error"} msg="GET /api/items" status=${r.ok ? 200 : 500} duration_ms=${r.durationMs} trace_id=${r.traceId}`
          : `[${new Date(r.tMs).toISOString()}] "GET /api/items HTTP/1.1" ${r.ok ? 200 : 500} - ${r.durationMs} "${r.traceId}"`;
      const entriesIn = (fromNs: bigint, toNs: bigint): LokiEntry[] => {
        const nowMs = now();
        const out: LokiEntry[] = [];
        for (const r of mine) {
          const t = r.tMs + r.durationMs + (c === "app" ? 1 : 2);
          if (t > nowMs) break;
          const ns = BigInt(t) * 1_000_000n;
          if (ns >= fromNs && ns < toNs) out.push({ ns: ns.toString(), line: line(r) });
        }
        return out;
      };
      streams.push({
        labels,
        entriesIn,
        countIn: (fromNs, toNs) => entriesIn(fromNs, toNs).length,
      });
    }
  }
  const loki: LokiSource = { streams: () => streams };
  return { loki, jaeger };
}
