// 8 Kubernetes (#12): a second Sightline (`next start`, same build) pointed at a Kubernetes API
// stand-in with 5,000 pods / 15,000 containers (`ENGINE_URLS=kubernetes://bench` through a
// KUBECONFIG file with a bearer token, as kubectl reads it) and at Prometheus / Loki / Jaeger
// stand-ins that hold one Deployment's 50 pods over 6 h (kube-world.ts). Figures:
//   8a inventory, warm server (pod list already in memory from its list + watch), second load:
//      navigation → the grouped Kubernetes list painted;
//   8b the server's JS heap after GC with that inventory loaded (Node inspector);
//   8c the workload page over 6 h: navigation → its three panels (CPU+memory chart, merged
//      logs, traces) painted.
// Profiles of figures over budget are taken here, while this server still runs.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { KubeApiState } from "../../mocks/handlers/kubernetes-state";
import { type MockServers, startMockServers } from "../../mocks/server/start";
import { marks, newContext, watch } from "./browser";
import { Ctx, type ProfileTools } from "./context";
import { WORKLOAD, makeBenchKubeWorld } from "./kube-world";
import { NodeInspector, type SightlineServer, startSightline } from "./server";
import { type Figure, makeFigure, maxMs } from "./stats";

const TIMEOUT = 60_000;
const TOKEN = "bench-reader-token";
// The last namespace's workloads: the whole grouped list is on screen.
const INVENTORY = { list: '[data-testid="kube-namespace"][data-namespace="team-49"] [data-testid="kube-workload"]' };
const WORKLOAD_PANELS = {
  chart: '[data-testid="workload-chart-cpu"] img',
  logs: '[data-testid="workload-log-line"]',
  traces: '[data-testid="workload-trace"]',
};

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} within ${ms / 1000} s${last ? `: ${String(last)}` : ""}`);
}

async function paintMs(page: Page, url: string, conds: Record<string, string>): Promise<number> {
  await page.goto(url, { waitUntil: "commit", timeout: TIMEOUT });
  const m = await marks(page, Object.keys(conds), TIMEOUT);
  return Math.max(...Object.keys(conds).map((k) => m[k]?.paint ?? Number.NaN));
}

export async function kube(ctx: Ctx): Promise<void> {
  const t = Date.now();
  const world = makeBenchKubeWorld();
  const state = new KubeApiState(world.apiSource);
  state.tokens.add(TOKEN);
  const genMs = Date.now() - t;
  ctx.log(
    `cluster generated in ${genMs} ms: ${world.listed.length} pods, ${world.containerCount} containers listed; workload ${WORKLOAD.namespace}/${WORKLOAD.name}: ${world.workloadPods.length} pods over 6 h`,
  );
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const mocks: MockServers = await startMockServers({
      kubernetes: state,
      prometheus: world.prom,
      loki: world.loki,
      jaeger: world.jaeger,
    });
    cleanups.push(() => mocks.close());
    const dir = path.join(ctx.outDir, "kube");
    mkdirSync(dir, { recursive: true });
    const kubeconfig = path.join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "current-context: bench",
        "clusters:",
        "- name: bench",
        "  cluster:",
        `    server: ${mocks.urls.kubernetes}`,
        "contexts:",
        "- name: bench",
        "  context: {cluster: bench, user: reader}",
        "users:",
        "- name: reader",
        "  user:",
        `    token: ${TOKEN}`,
        "",
      ].join("\n"),
    );
    const server: SightlineServer = await startSightline(
      ctx.root,
      {
        PROMETHEUS_URL: mocks.urls.prometheus ?? "",
        LOKI_URL: mocks.urls.loki ?? "",
        JAEGER_URL: mocks.urls.jaeger ?? "",
        ENGINE_URLS: "kubernetes://bench",
        KUBECONFIG: kubeconfig,
        SIGHTLINE_DEMO: "",
        SIGHTLINE_BENCH: "1",
      },
      path.join(dir, "next-server.log"),
    );
    cleanups.push(() => server.stop());
    const origin = server.origin;
    await waitFor("Sightline (kube) /api/health", 60_000, async () =>
      (await fetch(`${origin}/api/health`)).ok ? true : undefined,
    );
    const inspector = await NodeInspector.connect(
      await Promise.race([
        server.inspectorUrl,
        new Promise<string>((_r, j) => setTimeout(() => j(new Error("no inspector URL")), 5000)),
      ]),
    );
    cleanups.push(() => inspector.close());
    const heapMB = async () => {
      await inspector.send("HeapProfiler.collectGarbage");
      await inspector.send("HeapProfiler.collectGarbage");
      const h = await inspector.send<{ usedSize: number }>("Runtime.getHeapUsage");
      return h.usedSize / 1e6;
    };
    // Its own Ctx: profiles of this server, saved with the bench's.
    const kctx = new Ctx(
      ctx.root,
      ctx.outDir,
      server,
      inspector,
      mocks,
      ctx.browser,
      ctx.runs,
      ctx.deadline,
      ctx.range,
    );

    // The first list: every page of pods, then the watch (cold; not a figure).
    const t1 = Date.now();
    const count = await waitFor("the inventory lists 15,000 containers", 120_000, async () => {
      const r = await fetch(`${origin}/api/containers`);
      const body = (await r.json()) as { containers?: unknown[] };
      const n = body.containers?.length ?? 0;
      return n >= world.containerCount ? n : undefined;
    });
    const syncMs = Date.now() - t1;
    const apiCalls = state.requests.length;
    const heapCold = await heapMB();
    ctx.log(
      `first sync: ${count} containers in ${syncMs} ms; API calls ${apiCalls} (${[...new Set(state.requests)].join(", ")}); server heap after GC ${heapCold.toFixed(0)} MB`,
    );

    // 8a: warm server, warm browser cache (the page's JS cached by a first load).
    const invUrl = `${origin}/`;
    const inv: number[] = [];
    const heaps: number[] = [];
    let shown = "";
    let warmCalls = 0;
    let b: BrowserContext = await newContext(ctx.browser);
    try {
      await watch(b, INVENTORY);
      const page = await b.newPage();
      await paintMs(page, invUrl, INVENTORY);
      const callsBefore = state.requests.length;
      for (let i = 0; i < ctx.runs; i++) {
        inv.push(await paintMs(page, invUrl, INVENTORY));
        heaps.push(await heapMB());
      }
      shown =
        (await page
          .getByTestId("inventory-count")
          .textContent({ timeout: 5000 })
          .catch(() => "")) ?? "";
      warmCalls = state.requests.length - callsBefore;
      const calls = warmCalls;
      ctx.log(
        `inventory warm: ${inv.map((x) => x.toFixed(0)).join(", ")} ms; "${shown}"; ${calls} API calls meanwhile`,
      );
    } finally {
      await b.close();
    }

    // 8c: workload page over the last 6 h (absolute range ending at the world's start).
    const from = world.t0 - 6 * 3_600_000;
    const wlUrl = `${origin}/k8s/${WORKLOAD.namespace}/${WORKLOAD.segment}/${WORKLOAD.name}?cluster=bench&from=${from}&to=${world.t0}`;
    const wl: number[] = [];
    let podsShown = 0;
    // Server warm-up: route compiled, conventions detected once.
    await (await fetch(wlUrl)).arrayBuffer();
    for (let i = 0; i < ctx.runs; i++) {
      b = await newContext(ctx.browser);
      try {
        await watch(b, WORKLOAD_PANELS);
        const page = await b.newPage();
        wl.push(await paintMs(page, wlUrl, WORKLOAD_PANELS));
        podsShown = await page.locator('[data-testid="workload-pod"]').count();
      } finally {
        await b.close();
      }
    }
    ctx.log(`workload page: ${wl.map((x) => x.toFixed(0)).join(", ")} ms; ${podsShown} pods listed`);

    const size = `${world.listed.length.toLocaleString("en")} pods / ${world.containerCount.toLocaleString("en")} containers`;
    const figs: [Figure, ((tools: ProfileTools) => Promise<void>) | undefined][] = [
      [
        makeFigure({
          id: "8a",
          scenario: "8 Kubernetes",
          figure: "inventory, warm server, second load → grouped list painted",
          size,
          unit: "ms",
          runs: inv,
          budget: maxMs(1500),
          note: `page said "${shown}"; the first /api/containers (list of every page + watch, cold, not timed) took ${syncMs} ms and ${apiCalls} API calls, ${warmCalls} during the timed loads; cluster generated in ${genMs} ms`,
        }),
        async (tools) => {
          const pb = await newContext(ctx.browser);
          try {
            await watch(pb, INVENTORY);
            const page = await pb.newPage();
            await paintMs(page, invUrl, INVENTORY);
            const cdp = await pb.newCDPSession(page);
            await tools.both("Kubernetes inventory, warm: navigation → grouped list painted", cdp, async () => {
              await paintMs(page, invUrl, INVENTORY);
            });
          } finally {
            await pb.close();
          }
        },
      ],
      [
        makeFigure({
          id: "8b",
          scenario: "8 Kubernetes",
          figure: "server JS heap after GC, inventory loaded",
          size,
          unit: "MB",
          runs: heaps,
          budget: { kind: "max", value: 200, text: "< 200 MB" },
          note: `Node inspector Runtime.getHeapUsage after HeapProfiler.collectGarbage, after each warm load (MB = 10⁶ B); ${heapCold.toFixed(0)} MB after the first sync`,
        }),
        undefined,
      ],
      [
        makeFigure({
          id: "8c",
          scenario: "8 Kubernetes",
          figure: "workload page, 6 h → CPU+memory chart, merged logs, traces painted",
          size: `${WORKLOAD.namespace}/${WORKLOAD.name}, ${world.workloadPods.length} pods over 6 h`,
          unit: "ms",
          runs: wl,
          budget: maxMs(2000),
          note: `fresh browser context per run, warm server; the page listed ${podsShown} pods`,
        }),
        async (tools) => {
          const pb = await newContext(ctx.browser);
          try {
            await watch(pb, WORKLOAD_PANELS);
            const page = await pb.newPage();
            await page.goto(`${origin}/api/health`);
            const cdp = await pb.newCDPSession(page);
            await tools.both("Workload page, 6 h: navigation → three panels painted", cdp, async () => {
              await paintMs(page, wlUrl, WORKLOAD_PANELS);
            });
          } finally {
            await pb.close();
          }
        },
      ],
    ];
    for (const [f] of figs) ctx.add(f);
    // Over budget: profile now, while this server runs (main.ts profiles after all scenarios).
    for (const [f, profiler] of figs) {
      if (f.withinBudget !== false || !profiler || ctx.remainingMs() < 30_000) continue;
      try {
        await profiler(kctx.tools([f.id]));
      } catch (err) {
        ctx.note(`profile for ${f.id} failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      }
    }
    ctx.profiles.push(...kctx.profiles);
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  }
}
