// deploy/kubernetes: every manifest validates against the Kubernetes JSON schemas (the
// kubernetes-models package ships them, generated from the API's OpenAPI), the Deployment is
// hardened as documented, and the ClusterRole grants exactly what the inventory calls.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ownedObject, podObject } from "../../../mocks/handlers/kubernetes-objects";
import { KubeApiState } from "../../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../../mocks/server/start";
import { parseKubernetesEndpoint } from "../../config";
import { KubernetesBackend } from "./client";

const DIR = path.join(__dirname, "../../../deploy/kubernetes");
type Doc = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };

function docs(): Doc[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(DIR, f), "utf8")).map((d) => d.toJS() as Doc));
}

const MODELS: Record<string, new (d: Doc) => { validate(): void }> = {
  "v1/Service": Service as never,
  "v1/ServiceAccount": ServiceAccount as never,
  "apps/v1/Deployment": Deployment as never,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole as never,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding as never,
};

function validate(d: Doc) {
  const M = MODELS[`${d.apiVersion}/${d.kind}`];
  if (!M) throw new Error(`no schema for ${d.apiVersion} ${d.kind}`);
  new M(d).validate();
}

describe("deploy/kubernetes manifests", () => {
  it("every document validates against its Kubernetes schema", () => {
    const all = docs();
    expect(all.map((d) => d.kind).sort()).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "Deployment",
      "Service",
      "ServiceAccount",
    ]);
    for (const d of all) expect(() => validate(d), `${d.kind} ${d.metadata.name}`).not.toThrow();
  });

  it("the Service keeps a client on one replica (per-process drawings, kept answers, decoded traces)", () => {
    const svc = docs().find((x) => x.kind === "Service") as Doc & {
      spec: { sessionAffinity?: string; sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } } };
    };
    expect(svc.spec.sessionAffinity).toBe("ClientIP");
    expect(svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds).toBeGreaterThanOrEqual(3600);
  });

  it("the validation catches a wrong manifest", () => {
    const d = docs().find((x) => x.kind === "Deployment") as Doc & { spec: Record<string, unknown> };
    expect(() => validate({ ...d, spec: { ...d.spec, replicas: "two" } })).toThrow();
    expect(() => validate({ ...d, spec: { ...d.spec, selector: undefined } })).toThrow();
  });

  it("runs two non-root replicas with a read-only root filesystem and probes", () => {
    const d = docs().find((x) => x.kind === "Deployment") as unknown as {
      spec: {
        replicas: number;
        template: {
          spec: {
            securityContext: Record<string, unknown>;
            serviceAccountName: string;
            containers: Record<string, unknown>[];
          };
        };
      };
    };
    expect(d.spec.replicas).toBe(2);
    const pod = d.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.serviceAccountName).toBe("sightline");
    const c = pod.containers[0] as {
      securityContext: Record<string, unknown>;
      livenessProbe?: unknown;
      readinessProbe?: unknown;
      env: { name: string; value: string }[];
    };
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(c.livenessProbe).toBeDefined();
    expect(c.readinessProbe).toBeDefined();
    expect(c.env.find((e) => e.name === "ENGINE_URLS")?.value).toMatch(/^kubernetes:\/\/in-cluster/);
  });
});

describe("the ClusterRole is exactly what the inventory calls", () => {
  let servers: MockServers;
  let state: KubeApiState;
  beforeAll(async () => {
    state = new KubeApiState({
      objects: () => [
        {
          resource: "replicasets",
          object: ownedObject("ReplicaSet", "shop", "web-1", { kind: "Deployment", name: "web" }),
        },
        { resource: "jobs", object: ownedObject("Job", "shop", "r-1", { kind: "CronJob", name: "r" }) },
        {
          resource: "pods",
          object: podObject({
            namespace: "shop",
            name: "web-1-a",
            uid: "u1",
            node: "n",
            createdAt: "2026-12-05T10:00:00Z",
            owner: { kind: "ReplicaSet", name: "web-1" },
            containers: [{ name: "web", image: "web" }],
            statuses: [{ name: "web", state: "running", startedAt: "2026-12-05T10:00:00Z" }],
          }),
        },
      ],
    });
    servers = await startMockServers({ kubernetes: state });
  });
  afterAll(async () => servers?.close());

  it("grants every verb/resource the client used, and nothing it did not", async () => {
    const ep = parseKubernetesEndpoint(`kubernetes+${servers.urls.kubernetes}`);
    if (typeof ep === "string") throw new Error(ep);
    const b = new KubernetesBackend(ep, { timeoutMs: 5000, maxBytes: 1 << 20 });
    try {
      await b.list();
      // A rollout: a ReplicaSet the lists did not have is fetched by name.
      state.apply("replicasets", ownedObject("ReplicaSet", "shop", "web-2", { kind: "Deployment", name: "web" }));
      state.apply(
        "pods",
        podObject({
          namespace: "shop",
          name: "web-2-a",
          uid: "u2",
          node: "n",
          createdAt: "2026-12-05T10:00:00Z",
          owner: { kind: "ReplicaSet", name: "web-2" },
          containers: [{ name: "web", image: "web" }],
          statuses: [],
        }),
      );
      // And a CronJob's new Job.
      state.apply("jobs", ownedObject("Job", "shop", "r-2", { kind: "CronJob", name: "r" }));
      state.apply(
        "pods",
        podObject({
          namespace: "shop",
          name: "r-2-a",
          uid: "u3",
          node: "n",
          createdAt: "2026-12-05T10:00:00Z",
          owner: { kind: "Job", name: "r-2" },
          containers: [{ name: "r", image: "r" }],
          statuses: [],
        }),
      );
      for (
        let i = 0;
        i < 100 && !(state.requests.includes("get replicasets") && state.requests.includes("get jobs"));
        i++
      ) {
        await b.list(); // page views: they resolve owners, which fetches the new ones once
        await new Promise((r) => setTimeout(r, 20));
      }
      // A container page's lifecycle: the pod's events and its node's OOM kills.
      await b.podEvents("shop", "web-1-a");
      await b.nodeOomEvents("n");
    } finally {
      b.close();
    }
    const used = new Set(state.requests);
    const role = docs().find((d) => d.kind === "ClusterRole") as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    const granted = new Set(role.rules.flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${res}`))));
    expect([...used].sort()).toEqual([...granted].sort());
    const groups = Object.fromEntries(role.rules.flatMap((r) => r.resources.map((res) => [res, r.apiGroups])));
    expect(groups).toEqual({ pods: [""], events: [""], replicasets: ["apps"], jobs: ["batch"] });
  });
});
