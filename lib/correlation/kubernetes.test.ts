// Correlation on Kubernetes conventions (anchors/kubernetes.md §2–4): metrics by
// namespace+pod+container, Loki by Promtail/Alloy/OTLP labels, spans by k8s.* attributes,
// and hostile names surviving every query and link.
import { describe, expect, it } from "vitest";
import type { Container } from "../model/container";
import { kubeRef, parseKubeRef } from "../model/kube-ref";
import { kubeRefOfRoute, workloadHref } from "../url/kube";
import { containerHref } from "../url/links";
import { detectJaeger } from "./detect-jaeger";
import { detectLoki } from "./detect-loki";
import { detectPrometheus } from "./detect-prometheus";
import { kubeAlertTarget } from "./kube-alert";
import { decodedStrings, parseQuery } from "./grammar.test-helper";
import { containerKeys } from "./keys";
import type { LokiMapping } from "./mapping";
import { jaegerSearch } from "./queries-jaeger";
import { logQuery } from "./queries-loki";
import { containerMetricQueries } from "./queries-prometheus";
import { containerOfSpan } from "./span-container";

function kube(namespace: string, pod: string, container: string, extra: Partial<Container> = {}): Container {
  return {
    id: "5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a",
    shortId: "5403af59a2b4",
    name: kubeRef({ cluster: "prod", namespace, pod, container }),
    engine: "kubernetes",
    host: "prod",
    image: "shop/api:1",
    state: "running",
    labels: { "app.kubernetes.io/name": "api" },
    pod: { name: pod, namespace, id: `uid-${pod}` },
    hostname: pod,
    source: "engine",
    cluster: "prod",
    namespace,
    kube: { container, kind: "container", podUid: `uid-${pod}`, workload: { kind: "Deployment", name: "api" } },
    ...extra,
  };
}

const API = kube("shop", "api-7d9f6b-x2kq9", "api");
const SIDECAR = kube("shop", "api-7d9f6b-x2kq9", "istio-proxy");
const HOSTILE = [
  ['we"ird\\ns', "pöd-ünïcode-💥", "c'}{,=~"],
  ["n".repeat(253), "p".repeat(253), "c".repeat(253)],
  ["a/b:c%2F", "x\ny", "`$" + "{x}`|~.*"],
] as const;

describe("keys", () => {
  it("derives the Kubernetes keys, and none for a Docker container", () => {
    expect(containerKeys(API)).toMatchObject({
      namespace: "shop",
      kubePod: "api-7d9f6b-x2kq9",
      kubeContainer: "api",
      podUid: "uid-api-7d9f6b-x2kq9",
      kubeJob: "shop/api",
      kubeJobApp: "shop/api",
      kubeService: "api",
    });
    expect(containerKeys({ name: "shop-api-1", pod: { name: "podman-pod" } }).kubePod).toBeUndefined();
  });
});

describe("Prometheus on Kubernetes", () => {
  const probe = {
    labelNames: ["namespace", "pod", "container"],
    labelValues: { pod: ["api-7d9f6b-x2kq9"] },
    series: [],
  };

  it("detects namespace+pod+container and selects all three", () => {
    const d = detectPrometheus(probe, API);
    expect(d).toMatchObject({ kind: "mapping", mapping: { convention: "kubernetes" } });
    if (d.kind !== "mapping") return;
    const q = containerMetricQueries(d.mapping, API, { stepSeconds: 15 });
    if (q.kind !== "queries") throw new Error(q.message);
    expect(q.cpuCores).toBe(
      'sum(rate(container_cpu_usage_seconds_total{namespace="shop",pod="api-7d9f6b-x2kq9",container="api",cpu="total"}[60s]))',
    );
    // The network is the pod's: no container matcher, no double count over shared namespaces.
    expect(q.networkRxBytesPerSecond).toBe(
      'max(sum by (container) (rate(container_network_receive_bytes_total{namespace="shop",pod="api-7d9f6b-x2kq9"}[60s])))',
    );
  });

  it("does not take a pod of another cluster's namespace for a Docker container", () => {
    const d = detectPrometheus(probe, { name: "api-7d9f6b-x2kq9" });
    expect(d.kind === "mapping" && d.mapping.convention === "kubernetes").toBe(false);
  });

  it.each(HOSTILE)("round-trips hostile names %#", (ns, pod, c) => {
    const k = kube(ns, pod, c);
    const d = detectPrometheus({ ...probe, labelValues: { pod: [pod] } }, k);
    if (d.kind !== "mapping") throw new Error("not detected");
    const q = containerMetricQueries(d.mapping, k, { stepSeconds: 15 });
    if (q.kind !== "queries") throw new Error(q.message);
    expect(parseQuery("promql", q.memoryBytes).errors).toEqual([]);
    expect(decodedStrings("promql", q.memoryBytes)).toEqual([ns, pod, c]);
  });
});

describe("Loki on Kubernetes", () => {
  const promtail = {
    labelNames: ["namespace", "pod", "container", "job", "node_name"],
    labelValues: {
      namespace: ["shop"],
      pod: ["api-7d9f6b-x2kq9"],
      container: ["api", "istio-proxy"],
      job: ["shop/api"],
    },
  };

  it("Promtail/Alloy: pod with namespace and container", () => {
    const d = detectLoki(promtail, API);
    expect(d).toMatchObject({ kind: "mapping", mapping: { label: "pod", key: "kubePod" } });
    if (d.kind !== "mapping") return;
    expect(logQuery(d.mapping, API)).toEqual({
      kind: "query",
      query: '{pod="api-7d9f6b-x2kq9",namespace="shop",container="api"}',
    });
    // The sidecar in the same pod gets its own stream.
    expect(logQuery(d.mapping, SIDECAR)).toMatchObject({ query: expect.stringContaining('container="istio-proxy"') });
  });

  it("OTLP: k8s_namespace_name/k8s_pod_name/k8s_container_name", () => {
    const d = detectLoki(
      {
        labelNames: ["k8s_namespace_name", "k8s_pod_name", "k8s_container_name", "service_name"],
        labelValues: {
          k8s_namespace_name: ["shop"],
          k8s_pod_name: ["api-7d9f6b-x2kq9"],
          k8s_container_name: ["api"],
          service_name: ["api"],
        },
      },
      API,
    );
    if (d.kind !== "mapping") throw new Error(d.message);
    expect(logQuery(d.mapping, API)).toMatchObject({
      query: '{k8s_pod_name="api-7d9f6b-x2kq9",k8s_namespace_name="shop",k8s_container_name="api"}',
    });
  });

  it('job="<namespace>/<container>" when there is no pod label, and service_name with its namespace', () => {
    const byJob = detectLoki({ labelNames: ["job"], labelValues: { job: ["shop/api"] } }, API);
    expect(byJob).toMatchObject({ kind: "mapping", mapping: { label: "job", key: "kubeJob" } });
    const bySvc = detectLoki(
      { labelNames: ["service_name", "namespace"], labelValues: { service_name: ["api"], namespace: ["shop"] } },
      API,
    );
    if (bySvc.kind !== "mapping") throw new Error(bySvc.message);
    expect(logQuery(bySvc.mapping, API)).toMatchObject({ query: '{service_name="api",namespace="shop"}' });
  });

  it("never sends a selector of only a namespace (or nothing)", () => {
    const onlyNs: LokiMapping = { label: "namespace", key: "namespace" };
    expect(logQuery(onlyNs, API)).toMatchObject({ kind: "reason" });
    const withCluster: LokiMapping = {
      label: "k8s_namespace_name",
      key: "namespace",
      also: [{ label: "cluster", key: "namespace" }],
    };
    expect(logQuery(withCluster, API)).toMatchObject({ kind: "reason" });
    // A container without the key: a reason, not `{}`.
    expect(logQuery({ label: "pod", key: "kubePod" }, { name: "x" })).toMatchObject({ kind: "reason" });
  });

  it.each(HOSTILE)("round-trips hostile names %#", (ns, pod, c) => {
    const k = kube(ns, pod, c);
    const d = detectLoki(
      { labelNames: ["namespace", "pod", "container"], labelValues: { namespace: [ns], pod: [pod], container: [c] } },
      k,
    );
    if (d.kind !== "mapping") throw new Error(d.message);
    const q = logQuery(d.mapping, k, { text: c, mode: "substring" });
    if (q.kind !== "query") throw new Error(q.message);
    expect(parseQuery("logql", q.query).errors).toEqual([]);
    expect(decodedStrings("logql", q.query)).toEqual([pod, ns, c, c]);
  });
});

describe("spans on Kubernetes", () => {
  const res = (attrs: Record<string, string>) => ({ service: "api", resource: { "service.name": "api", ...attrs } });

  it("k8s.pod.uid wins, and k8s.container.name picks the container in the pod", () => {
    const s = res({ "k8s.pod.uid": "uid-api-7d9f6b-x2kq9", "k8s.container.name": "api" });
    const hit = containerOfSpan(s, [API, SIDECAR]);
    expect(hit).toMatchObject({ kind: "container", container: { name: API.name }, via: { attribute: "k8s.pod.uid" } });
    const d = detectJaeger({ services: ["api"], samples: [s] }, API);
    if (d.kind !== "mapping") throw new Error(d.message);
    expect(jaegerSearch(d.mapping, API)).toEqual({
      kind: "search",
      service: "api",
      attributes: { "k8s.pod.uid": "uid-api-7d9f6b-x2kq9" },
    });
  });

  it("k8s.pod.name + k8s.namespace.name, never another namespace's pod of the same name", () => {
    const other = kube("staging", "api-7d9f6b-x2kq9", "api");
    const s = res({ "k8s.pod.name": "api-7d9f6b-x2kq9", "k8s.namespace.name": "shop" });
    expect(containerOfSpan(s, [API, other])).toMatchObject({ kind: "container", container: { namespace: "shop" } });
  });

  it("a pod-level attribute in a two-container pod is a reason naming both", () => {
    const s = res({ "k8s.pod.name": "api-7d9f6b-x2kq9" });
    const r = containerOfSpan(s, [API, SIDECAR]);
    expect(r.kind).toBe("reason");
    if (r.kind === "reason") expect(r.candidates?.map((c) => c.kube?.container)).toEqual(["api", "istio-proxy"]);
  });

  it("container.id with a runtime prefix, then service.name from the workload", () => {
    const byId = res({ "container.id": `containerd://${API.id}` });
    expect(containerOfSpan(byId, [API])).toMatchObject({ kind: "container", via: { attribute: "container.id" } });
    const d = detectJaeger({ services: ["api"], samples: [] }, API);
    expect(d).toMatchObject({ kind: "mapping", mapping: { attribute: "service.name", key: "kubeService" } });
  });
});

describe("links", () => {
  it.each(HOSTILE)("a hostile Kubernetes ref round-trips through the /k8s URL %#", (ns, pod, c) => {
    const href = containerHref(kubeRef({ cluster: "prod eu", namespace: ns, pod, container: c }), { tab: "logs" });
    const u = new URL(href, "http://x");
    const [, k8s, namespace = "", pods, podSeg = "", cSeg = ""] = u.pathname.split("/");
    expect([k8s, pods]).toEqual(["k8s", "pods"]);
    expect(u.pathname.split("/")).toHaveLength(6);
    const back = kubeRefOfRoute(
      {
        namespace: decodeURIComponent(namespace),
        pod: decodeURIComponent(podSeg),
        container: decodeURIComponent(cSeg),
      },
      u.searchParams.get("cluster") ?? undefined,
    );
    expect(parseKubeRef(back)).toEqual({ cluster: "prod eu", namespace: ns, pod, container: c });
    expect(u.searchParams.get("tab")).toBe("logs");
  });

  it("a Docker name keeps its /containers path", () => {
    expect(containerHref("shop-api-1")).toBe("/containers/shop-api-1");
  });

  it("workload links name the kind like the API", () => {
    expect(workloadHref({ cluster: "prod", namespace: "shop", kind: "StatefulSet", name: "db" })).toBe(
      "/k8s/shop/statefulsets/db?cluster=prod",
    );
  });
});

describe("/go with kube-prometheus alert labels", () => {
  const OOM = kube("shop", "api-7d9f6b-x2kq9", "api");
  const inv = [
    OOM,
    SIDECAR,
    kube("shop", "report-1-abcde", "report", {
      kube: {
        container: "report",
        kind: "container",
        owner: { kind: "Job", name: "report-1" },
        workload: { kind: "CronJob", name: "report" },
      },
    }),
  ];

  it("namespace+pod+container → that container", () => {
    expect(
      kubeAlertTarget(
        {
          alertname: "KubePodCrashLooping",
          namespace: "shop",
          pod: "api-7d9f6b-x2kq9",
          container: "api",
          cluster: "prod",
        },
        inv,
      ),
    ).toEqual({
      kind: "container",
      ref: OOM.name,
      listed: true,
    });
  });

  it("a deleted pod still lands on its container by key", () => {
    expect(kubeAlertTarget({ namespace: "shop", pod: "api-old-zzz", container: "api" }, inv)).toEqual({
      kind: "container",
      ref: "shop/api-old-zzz/api",
      listed: false,
    });
  });

  it("a pod of two containers → chooser; workload labels → the workload", () => {
    expect(kubeAlertTarget({ namespace: "shop", pod: "api-7d9f6b-x2kq9" }, inv)).toMatchObject({
      kind: "pod",
      candidates: [{ name: OOM.name }, { name: SIDECAR.name }],
    });
    expect(kubeAlertTarget({ namespace: "shop", deployment: "api" }, inv)).toEqual({
      kind: "workload",
      workload: { namespace: "shop", kind: "Deployment", name: "api" },
    });
    expect(kubeAlertTarget({ namespace: "shop", statefulset: "db", cluster: "prod" }, inv)).toMatchObject({
      workload: { kind: "StatefulSet", cluster: "prod" },
    });
    expect(kubeAlertTarget({ namespace: "shop", job_name: "report-1" }, inv)).toMatchObject({
      workload: { kind: "CronJob", name: "report" },
    });
    expect(kubeAlertTarget({ namespace: "shop", job_name: "adhoc" }, inv)).toMatchObject({
      workload: { kind: "Job", name: "adhoc" },
    });
  });

  it("without a namespace it is not a Kubernetes alert; container=POD is no container", () => {
    expect(kubeAlertTarget({ name: "shop-api-1" }, inv)).toBeUndefined();
    expect(kubeAlertTarget({ namespace: "shop", pod: "api-7d9f6b-x2kq9", container: "POD" }, inv)).toMatchObject({
      kind: "pod",
    });
  });
});
