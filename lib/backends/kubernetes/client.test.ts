// The Kubernetes inventory against the API stand-in (real HTTP): paging, owners, watch,
// 410 re-lists, 401/403 reasons, kubeconfig and token rotation.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nginxAnchorPod, ownedObject, podObject } from "../../../mocks/handlers/kubernetes-objects";
import { KubeApiState, type KubeObject } from "../../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../../mocks/server/start";
import { parseKubernetesEndpoint } from "../../config";
import type { Container } from "../../model/container";
import { kubeRef } from "../../model/kube-ref";
import { KubernetesBackend, type KubernetesOptions } from "./client";
import { kubeconfigCredentials, urlCredentials } from "./credentials";

function shopPod(name: string, opts: { owner?: { kind: string; name: string }; oom?: boolean } = {}): KubeObject {
  return podObject({
    namespace: "shop",
    name,
    uid: `uid-${name}`,
    node: "node-a",
    createdAt: "2026-12-05T10:00:00Z",
    owner: opts.owner,
    initContainers: [{ name: "migrate", image: "shop/migrate:1" }],
    containers: [{ name: "app", image: "shop/app:1", limits: { memory: "256Mi", cpu: "1" } }],
    initStatuses: [
      {
        name: "migrate",
        containerID: "cri-o://aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111",
        state: "terminated",
        reason: "Completed",
        exitCode: 0,
        finishedAt: "2026-12-05T10:00:03Z",
      },
    ],
    statuses: [
      {
        name: "app",
        containerID: `docker://${name
          .padEnd(64, "0")
          .replace(/[^0-9a-f]/g, "b")
          .slice(0, 64)}`,
        state: "running",
        startedAt: "2026-12-05T10:00:05Z",
        restartCount: opts.oom ? 1 : 0,
        lastTerminated: opts.oom
          ? {
              reason: "OOMKilled",
              exitCode: 137,
              finishedAt: "2026-12-05T10:30:00Z",
              startedAt: "2026-12-05T10:00:04Z",
            }
          : undefined,
      },
    ],
  });
}

let state: KubeApiState;
let servers: MockServers;
let backend: KubernetesBackend | undefined;

async function start(st: KubeApiState) {
  state = st;
  servers = await startMockServers({ kubernetes: st });
}
function make(opts: Partial<KubernetesOptions> = {}, query = "") {
  const url = servers.urls.kubernetes ?? "";
  const ep = parseKubernetesEndpoint(`kubernetes+${url}${query}`);
  if (typeof ep === "string") throw new Error(ep);
  backend = new KubernetesBackend(ep, { timeoutMs: 5000, maxBytes: 8 << 20, pageSize: 2, maxBackoffMs: 200, ...opts });
  return backend;
}
const names = (cs: Container[]) => cs.map((c) => c.name).sort();

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 100; i++) {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition never held; last value ${JSON.stringify(last)?.slice(0, 400)}`);
}

function world(): KubeApiState {
  return new KubeApiState({
    objects: () => [
      { resource: "pods", object: nginxAnchorPod() },
      {
        resource: "replicasets",
        object: ownedObject("ReplicaSet", "default", "nginx-deployment-67d4bdd6f5", {
          kind: "Deployment",
          name: "nginx-deployment",
        }),
      },
      {
        resource: "replicasets",
        object: ownedObject("ReplicaSet", "shop", "api-7d9f6b", { kind: "Deployment", name: "api" }),
      },
      { resource: "jobs", object: ownedObject("Job", "shop", "report-29412345", { kind: "CronJob", name: "report" }) },
      {
        resource: "pods",
        object: shopPod("api-7d9f6b-x2kq9", { owner: { kind: "ReplicaSet", name: "api-7d9f6b" }, oom: true }),
      },
      { resource: "pods", object: shopPod("db-0", { owner: { kind: "StatefulSet", name: "db" } }) },
      {
        resource: "pods",
        object: shopPod("report-29412345-abcde", { owner: { kind: "Job", name: "report-29412345" } }),
      },
      { resource: "pods", object: shopPod("bare") },
    ],
  });
}

afterEach(async () => {
  backend?.close();
  backend = undefined;
  await servers?.close();
});

describe("Kubernetes inventory", () => {
  beforeEach(async () => start(world()));

  it("lists every pod across pages, one Container per spec container, init containers marked", async () => {
    const b = make();
    const cs = await b.list();
    expect(names(cs)).toEqual(
      [
        "default/nginx-deployment-67d4bdd6f5-w6kd7/nginx",
        ...["api-7d9f6b-x2kq9", "bare", "db-0", "report-29412345-abcde"].flatMap((p) => [
          `shop/${p}/app`,
          `shop/${p}/migrate`,
        ]),
      ]
        .map((n) => {
          const [namespace = "", pod = "", container = ""] = n.split("/");
          return kubeRef({ cluster: b.endpoint, namespace, pod, container });
        })
        .sort(),
    );
    // 5 pods in pages of 2 → 3 list calls for pods.
    expect(state.requests.filter((r) => r === "list pods")).toHaveLength(3);
    const nginx = cs.find((c) => c.kube?.container === "nginx");
    expect(nginx).toMatchObject({
      id: "5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a",
      engine: "kubernetes",
      namespace: "default",
      cluster: b.endpoint,
      state: "running",
      pod: {
        name: "nginx-deployment-67d4bdd6f5-w6kd7",
        namespace: "default",
        id: "a6501da1-0447-4262-98eb-c03d4002222e",
      },
      kube: {
        runtime: "containerd",
        node: "kube-worker-1",
        kind: "container",
        workload: { kind: "Deployment", name: "nginx-deployment" },
        owner: { kind: "ReplicaSet", name: "nginx-deployment-67d4bdd6f5" },
        requests: { cpuCores: 0.5, memoryBytes: 128 * 1024 * 1024 },
        limits: { cpuCores: 0.5, memoryBytes: 128 * 1024 * 1024 },
      },
    });
    const init = cs.find((c) => c.name.endsWith("shop/db-0/migrate"));
    expect(init?.kube).toMatchObject({ kind: "init", runtime: "cri-o", workload: { kind: "StatefulSet", name: "db" } });
    expect(init?.state).toBe("exited");
  });

  it("resolves owners through ReplicaSets and Jobs, and keeps the last termination", async () => {
    const cs = await make().list();
    const by = (pod: string) => cs.find((c) => c.pod?.name === pod && c.kube?.container === "app");
    expect(by("api-7d9f6b-x2kq9")?.kube?.workload).toEqual({ kind: "Deployment", name: "api" });
    expect(by("report-29412345-abcde")?.kube?.workload).toEqual({ kind: "CronJob", name: "report" });
    expect(by("bare")?.kube?.workload).toEqual({ kind: "Pod", name: "bare" });
    const oom = by("api-7d9f6b-x2kq9");
    expect(oom?.restartCount).toBe(1);
    expect(oom?.kube?.lastTerminated).toMatchObject({
      reason: "OOMKilled",
      exitCode: 137,
      finishedAt: Date.parse("2026-12-05T10:30:00Z"),
    });
    expect(oom?.kube?.runtime).toBe("docker");
  });

  it("serves page views from memory and follows the watch", async () => {
    const b = make();
    await b.list();
    const before = state.requests.length;
    for (let i = 0; i < 5; i++) await b.list();
    expect(state.requests.length - before).toBeLessThanOrEqual(1); // at most the watch being opened
    state.apply("pods", shopPod("api-7d9f6b-new11", { owner: { kind: "ReplicaSet", name: "api-7d9f6b" } }));
    await eventually(
      () => b.list(),
      (cs) => cs.some((c) => c.pod?.name === "api-7d9f6b-new11"),
    );
    state.delete("pods", "shop", "bare");
    const after = await eventually(
      () => b.list(),
      (cs) => !cs.some((c) => c.pod?.name === "bare"),
    );
    expect(after.some((c) => c.pod?.name === "db-0")).toBe(true);
    expect(state.requests.filter((r) => r === "list pods")).toHaveLength(3);
  });

  it("fetches a ReplicaSet created by a rollout once, by name", async () => {
    const b = make();
    await b.list();
    state.apply("replicasets", ownedObject("ReplicaSet", "shop", "api-5c4b3a", { kind: "Deployment", name: "api" }));
    state.apply("pods", shopPod("api-5c4b3a-zzzzz", { owner: { kind: "ReplicaSet", name: "api-5c4b3a" } }));
    const cs = await eventually(
      () => b.list(),
      (list) => list.some((c) => c.pod?.name === "api-5c4b3a-zzzzz" && c.kube?.workload?.kind === "Deployment"),
    );
    expect(cs.find((c) => c.pod?.name === "api-5c4b3a-zzzzz")?.kube?.workload).toEqual({
      kind: "Deployment",
      name: "api",
    });
    expect(state.requests.filter((r) => r === "get replicasets")).toHaveLength(1);
  });

  it("re-lists from scratch when a continue token expires mid-list", async () => {
    let done = false;
    state.onRequest = (what) => {
      // A change and a compaction while the client is between pages: its continue token is too old.
      if (what === "list pods" && state.requests.filter((r) => r === "list pods").length === 2 && !done) {
        done = true;
        state.apply("pods", shopPod("between-pages"));
        state.compact();
      }
    };
    const cs = await make().list();
    expect(cs.filter((c) => c.kube?.kind === "container")).toHaveLength(6);
    // first page, expired second page, then a full three-page list of the 6 pods
    expect(state.requests.filter((r) => r === "list pods").length).toBe(5);
  });

  it("re-lists when the watch's resource version is compacted away (410 in the stream)", async () => {
    const b = make();
    await b.list();
    await eventually(
      async () => state.requests.filter((r) => r === "watch pods").length,
      (n) => n >= 1,
    );
    const lists = state.requests.filter((r) => r === "list pods").length;
    // The API server restarts: the watch ends, and while it is away history is compacted.
    state.refuseWatches = true;
    state.closeWatches();
    state.apply("pods", shopPod("while-away"));
    state.apply("pods", shopPod("while-away-2"));
    state.compact();
    await new Promise((r) => setTimeout(r, 300));
    state.refuseWatches = false;
    await eventually(
      () => b.list(),
      (cs) => cs.some((c) => c.pod?.name === "while-away-2"),
    );
    expect(state.requests.filter((r) => r === "list pods").length).toBeGreaterThan(lists);
  });

  it("lists only the configured namespaces", async () => {
    const cs = await make({}, "?namespace=shop&cluster=prod").list();
    expect(new Set(cs.map((c) => c.namespace))).toEqual(new Set(["shop"]));
    expect(cs.every((c) => c.cluster === "prod" && c.name.startsWith("prod:shop/"))).toBe(true);
  });
});

describe("Kubernetes API failures", () => {
  beforeEach(async () => start(world()));

  it("names the missing permission from a 403 Status", async () => {
    state.forbidden.add("list pods");
    const err = await make()
      .list()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err?.message).toContain("may not list pods");
    expect(err?.message).toContain('cannot list resource \\"pods\\"'.replace(/\\/g, ""));
    expect((err as { status?: number }).status).toBe(403);
  });

  it("still lists pods when ReplicaSets are forbidden, under their ReplicaSet", async () => {
    state.forbidden.add("list replicasets");
    state.forbidden.add("get replicasets");
    const b = make();
    const cs = await b.list();
    expect(cs.find((c) => c.pod?.name === "api-7d9f6b-x2kq9")?.kube?.workload).toEqual({
      kind: "ReplicaSet",
      name: "api-7d9f6b",
    });
    expect(b.ownerWarning).toContain("list replicasets.apps");
  });

  it("says the credentials were refused on 401", async () => {
    state.tokens.add("good");
    const err = await make()
      .list()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(err?.message).toMatch(/refused the credentials .*401 Unauthorized/);
  });

  it("reports an unreachable API server", async () => {
    const ep = parseKubernetesEndpoint("kubernetes+http://127.0.0.1:9");
    if (typeof ep === "string") throw new Error(ep);
    backend = new KubernetesBackend(ep, { timeoutMs: 2000, maxBytes: 1 << 20 });
    await expect(backend.list()).rejects.toThrow(/cannot reach http:\/\/127.0.0.1:9: connection refused/);
  });
});

describe("kubeconfig contexts", () => {
  beforeEach(async () => start(world()));

  function kubeconfig(dir: string, server: string) {
    const file = path.join(dir, "config");
    writeFileSync(path.join(dir, "token"), "first\n");
    writeFileSync(
      file,
      [
        "apiVersion: v1",
        "kind: Config",
        "current-context: other",
        "clusters:",
        "- name: stand-in",
        "  cluster:",
        `    server: ${server}`,
        "contexts:",
        "- name: kind-shop",
        "  context: {cluster: stand-in, user: reader}",
        "users:",
        "- name: reader",
        "  user:",
        "    tokenFile: token",
      ].join("\n"),
    );
    return file;
  }

  it("reads the context's server and re-reads a rotated token after a 401", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sightline-kube-"));
    const file = kubeconfig(dir, servers.urls.kubernetes ?? "");
    state.tokens.add("first");
    const ep = parseKubernetesEndpoint("kubernetes://kind-shop");
    if (typeof ep === "string") throw new Error(ep);
    const creds = kubeconfigCredentials("kind-shop", { env: { KUBECONFIG: `/nonexistent:${file}` } });
    backend = new KubernetesBackend(ep, { timeoutMs: 5000, maxBytes: 8 << 20, credentials: creds });
    expect(await backend.list()).not.toHaveLength(0);
    expect(backend.endpoint).toBe("kind-shop");
    // The kubelet rotates the token: the old one stops working, the file has the new one.
    state.tokens.clear();
    state.tokens.add("second");
    writeFileSync(path.join(dir, "token"), "second\n");
    await expect(backend.info()).resolves.toMatchObject({ kind: "kubernetes", version: "v1.30.4" });
  });

  it("names the contexts it has when asked for another", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sightline-kube-"));
    const file = kubeconfig(dir, "https://127.0.0.1:6443");
    expect(() => kubeconfigCredentials("prod", { env: { KUBECONFIG: file } })).toThrow(
      /no context "prod"; contexts: kind-shop/,
    );
  });

  it("a URL endpoint sends no credentials", async () => {
    expect(await urlCredentials("http://127.0.0.1:8001/").authorization()).toBeUndefined();
  });
});
