// The Kubernetes workload page and the container APIs behind its links, per caller scope
// (commit 32abfd3): a caller whose scope covers neither the workload's namespace nor one of its
// containers gets "not found" (404, as for a hidden container: nothing confirms it exists), a
// caller whose scope covers it gets the page. Runs the real page component against the demo
// cluster (API stand-in + Prometheus), with the identity stamped as the auth gate stamps it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Scope } from "../../auth/selector";
import { KubeApiState } from "../../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../../mocks/server/start";
import { createWorld } from "../../../mocks/world/world";
import { resetConfigForTests } from "../../config";
import type { WorkloadView } from "../workload";
import { type Identity, stampIdentity } from "./identity";
import { NotFoundPage } from "../../../components/layout/NotFoundPage";

let current = new Headers();
vi.mock("next/headers", () => ({ headers: async () => current }));

const world = createWorld({ kubernetes: true });
const k = world.kube;
let servers: MockServers;
const saved = { ...process.env };

beforeAll(async () => {
  servers = await startMockServers({
    prometheus: world.promSource(),
    kubernetes: new KubeApiState(world.kubeApiSource()),
    now: world.now,
  });
  process.env.PROMETHEUS_URL = servers.urls.prometheus;
  process.env.ENGINE_URLS = `kubernetes+${servers.urls.kubernetes}?cluster=demo`;
  delete process.env.LOKI_URL;
  delete process.env.JAEGER_URL;
  delete process.env.SIGHTLINE_DEMO;
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
});
afterAll(async () => {
  for (const key of ["PROMETHEUS_URL", "ENGINE_URLS", "LOKI_URL", "JAEGER_URL", "SIGHTLINE_DEMO"])
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  await servers?.close();
});

const who = (scope: Scope): Identity => ({ via: "proxy", id: "tester", groups: [], scope, admin: false });
const as = (scope: Scope) => {
  const h = new Headers();
  stampIdentity(h, who(scope));
  return h;
};

type PageProps = {
  params: Promise<{ namespace: string; kind: string; name: string }>;
  searchParams: Promise<Record<string, string>>;
};
async function openWorkload(scope: Scope, namespace: string, kind: string, name: string) {
  current = as(scope);
  const mod = (await import("../../../app/k8s/[namespace]/[kind]/[name]/page")) as {
    default: (p: PageProps) => Promise<{ props: { view?: WorkloadView } }>;
  };
  return mod.default({
    params: Promise.resolve({ namespace, kind, name }),
    searchParams: Promise.resolve({ from: "now-1h", to: "now" }),
  });
}

/** The page's 404: its not-found message, rendered by the page (status set by the request hook). */
async function expectNotFound(page: Promise<unknown>) {
  const el = (await page) as { type?: unknown };
  expect(el.type).toBe(NotFoundPage);
}

async function containerApi(scope: Scope, ref: string, suffix = "") {
  const { GET } = (await import("../../../app/api/containers/[ref]/route")) as {
    GET: (r: Request, c: { params: Promise<{ ref: string }> }) => Promise<Response>;
  };
  const { GET: metrics } = (await import("../../../app/api/containers/[ref]/metrics/route")) as {
    GET: (r: Request, c: { params: Promise<{ ref: string }> }) => Promise<Response>;
  };
  const now = Date.now();
  const url = `http://127.0.0.1:3000/api/containers/${encodeURIComponent(ref)}${suffix}?from=${now - 3_600_000}&to=${now}`;
  const req = new Request(url, { headers: as(scope) });
  return (suffix === "/metrics" ? metrics : GET)(req, { params: Promise.resolve({ ref }) });
}

describe("workload pages are scoped", { timeout: 30_000 }, () => {
  it("shows the workload to a caller whose scope covers its namespace", async () => {
    const el = await openWorkload({ allow: [{ namespace: "shop" }] }, "shop", "deployments", "storefront");
    const view = el.props.view;
    expect(view?.workload).toMatchObject({ namespace: "shop", kind: "Deployment", name: "storefront" });
    // Its pods, the listed ones at least.
    expect(view?.pods.filter((p) => p.listed).map((p) => p.name)).toEqual(
      k
        ?.podsAt(k.t0)
        .filter((p) => p.workload.name === "storefront")
        .map((p) => p.name)
        .sort(),
    );
  });

  it("is not found for a caller scoped to another namespace, or to nothing", async () => {
    await expectNotFound(openWorkload({ allow: [{ namespace: "billing" }] }, "shop", "deployments", "storefront"));
    await expectNotFound(openWorkload({ allow: [] }, "shop", "statefulsets", "db"));
    // Another cluster of the same namespace name is not this one.
    await expectNotFound(
      openWorkload({ allow: [{ namespace: "shop", cluster: "prod" }] }, "shop", "deployments", "storefront"),
    );
  });

  it("shows a workload whose containers the caller may see, and only that one", async () => {
    // Scoped by pod label: the storefront's containers, not the checkout's.
    const scope: Scope = { allow: [{ labels: { "app.kubernetes.io/name": "storefront" } }] };
    const el = await openWorkload(scope, "shop", "deployments", "storefront");
    expect(el.props.view?.workload.name).toBe("storefront");
    await expectNotFound(openWorkload(scope, "shop", "deployments", "checkout"));
  });

  it("keeps the workload's container APIs to the same scope, gone pods included", async () => {
    const checkout = k?.pods.find((p) => p.workload.name === "checkout");
    const gone = k?.pods.find((p) => p.workload.name === "storefront" && p.endMs <= k.t0);
    expect(checkout && gone).toBeTruthy();
    const listedRef = `demo:shop/${checkout?.name}/checkout`;
    const goneRef = `demo:shop/${gone?.name}/web`;
    const shop: Scope = { allow: [{ namespace: "shop" }] };
    const other: Scope = { allow: [{ namespace: "billing" }] };
    expect((await containerApi(shop, listedRef)).status).toBe(200);
    expect((await containerApi(shop, goneRef, "/metrics")).status).toBe(200);
    const hidden = await containerApi(other, listedRef);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("OOMKilled");
    expect((await containerApi(other, goneRef, "/metrics")).status).toBe(404);
  });
});
