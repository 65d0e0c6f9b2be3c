// 1. Deep link to a container page → all three panels show data, cold and warm browser cache.
// 6. First-load JavaScript of that page, gzip: every JS response of the cold loads, gzip -9.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { marks, newContext, PANEL_SELECTORS, type Timeline, timeline, watch } from "./browser";
import type { Ctx, ProfileTools } from "./context";
import { markersOf } from "./profile";
import { makeFigure, maxMs, median } from "./stats";
import { DEEP_LINK_CONTAINER } from "./world";

const PANELS = Object.keys(PANEL_SELECTORS);
const TIMEOUT = 60_000;

export function deepLinkUrl(ctx: Ctx): string {
  return `${ctx.origin}/containers/${DEEP_LINK_CONTAINER}?from=${ctx.range.from}&to=${ctx.range.to}`;
}

interface JsTally {
  files: Map<string, { raw: number; gz: number; early: boolean; markers: string }>;
}

function tallyJs(page: Page): { tally: JsTally; done: () => Promise<void> } {
  const tally: JsTally = { files: new Map() };
  const pending: Promise<void>[] = [];
  // gzip -9 of the bodies waits for done(): the mock backends run in this process, and a
  // synchronous gzip of ECharts' 600 kB chunk during the load would hold their answers back.
  const bodies: { path: string; body: Buffer; early: boolean }[] = [];
  let loaded = false;
  void page.waitForEvent("load").then(() => {
    loaded = true;
  });
  page.on("response", (res) => {
    const req = res.request();
    if (req.resourceType() !== "script" || !res.ok()) return;
    const early = !loaded;
    pending.push(
      res.body().then(
        (body) => void bodies.push({ path: new URL(res.url()).pathname, body, early }),
        () => {},
      ),
    );
  });
  const done = async () => {
    await Promise.all(pending);
    for (const { path: p, body, early } of bodies.splice(0))
      tally.files.set(p, {
        raw: body.length,
        gz: gzipSync(body, { level: 9 }).length,
        early,
        markers: markersOf(body),
      });
  };
  return { tally, done };
}

const API_PATTERNS = {
  metrics: "/api/containers/[^/]+/metrics\\?",
  logs: "/api/containers/[^/]+/logs\\?",
  traces: "/api/containers/[^/]+/traces\\?",
};

interface Load {
  ms: number;
  paints: Record<string, number>;
  tl: Timeline;
}

/** One load of the deep link in `page`; ms from navigation start to all three panels painted. */
async function load(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: "commit", timeout: TIMEOUT });
  const m = await marks(page, PANELS, TIMEOUT);
  const paints = Object.fromEntries(PANELS.map((n) => [n, m[n]!.paint!]));
  return { ms: Math.max(...Object.values(paints)), paints, tl: await timeline(page, API_PATTERNS) };
}

/** Median timeline of several loads, as one sentence. */
function describe(loads: Load[]): string {
  const med = (f: (l: Load) => number | undefined) => {
    const xs = loads.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return xs.length ? median(xs).toFixed(0) : "?";
  };
  const api = PANELS.map(
    (n) =>
      `${n} API ${med((l) => l.tl.api[n]?.sent)}→${med((l) => l.tl.api[n]?.done)}, painted ${med((l) => l.paints[n])}`,
  ).join("; ");
  return `median timeline, ms from navigation start: HTML first byte ${med((l) => l.tl.htmlFirstByte)}, last script loaded ${med((l) => l.tl.scriptsDone)}, DOMContentLoaded ${med((l) => l.tl.domContentLoaded)}; ${api}`;
}

/** The build's own view: root main files + the layout's and page's entry chunks. */
function manifestFirstLoadKb(root: string): number | undefined {
  try {
    const next = path.join(root, ".next");
    const bm = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
    const g = globalThis as {
      self?: unknown;
      __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }>;
    };
    g.self ??= globalThis;
    const src = readFileSync(path.join(next, "server/app/containers/[ref]/page_client-reference-manifest.js"), "utf8");
    new Function(src)();
    const entry = g.__RSC_MANIFEST?.["/containers/[ref]/page"]?.entryJSFiles ?? {};
    const files = new Set([
      ...bm.rootMainFiles,
      ...(entry["[project]/app/layout"] ?? []),
      ...(entry["[project]/app/containers/[ref]/page"] ?? []),
    ]);
    let gz = 0;
    for (const f of files) gz += gzipSync(readFileSync(path.join(next, f)), { level: 9 }).length;
    return gz / 1000;
  } catch {
    return undefined;
  }
}

export async function deepLink(ctx: Ctx): Promise<void> {
  const url = deepLinkUrl(ctx);
  const cold: Load[] = [];
  const jsAll: number[] = [];
  const jsEarly: number[] = [];
  let files: JsTally["files"] | undefined;
  for (let i = 0; i < ctx.runs; i++) {
    // A fresh context is a fresh profile: empty HTTP cache, no service worker, no storage.
    const bctx = await newContext(ctx.browser);
    try {
      await watch(bctx, PANEL_SELECTORS);
      const page = await bctx.newPage();
      const js = tallyJs(page);
      cold.push(await load(page, url));
      await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
      await js.done();
      files = js.tally.files;
      const sum = (early: boolean) =>
        [...js.tally.files.values()].filter((f) => !early || f.early).reduce((s, f) => s + f.gz, 0) / 1000;
      jsAll.push(sum(false));
      jsEarly.push(sum(true));
    } finally {
      await bctx.close();
    }
  }
  ctx.log(`deep link cold: ${cold.map((x) => x.ms.toFixed(0)).join(", ")} ms`);

  const warm: Load[] = [];
  const bctx = await newContext(ctx.browser);
  try {
    await watch(bctx, PANEL_SELECTORS);
    const page = await bctx.newPage();
    await load(page, url); // fills the HTTP cache
    for (let i = 0; i < ctx.runs; i++) warm.push(await load(page, url));
  } finally {
    await bctx.close();
  }
  ctx.log(`deep link warm: ${warm.map((x) => x.ms.toFixed(0)).join(", ")} ms`);

  const profileColdLoad = async (tools: ProfileTools) => {
    const b = await newContext(ctx.browser);
    try {
      await watch(b, PANEL_SELECTORS);
      const page = await b.newPage();
      // Same site first, so the renderer (and its profiler) survives the navigation.
      await page.goto(`${ctx.origin}/api/health`);
      const cdp = await page.context().newCDPSession(page);
      await tools.both("Deep link, cold: navigation → three panels painted", cdp, async () => {
        await load(page, url);
      });
    } finally {
      await b.close();
    }
  };
  const size = `${DEEP_LINK_CONTAINER}, 1 h`;
  ctx.add(
    makeFigure({
      id: "1a",
      scenario: "1 Deep link",
      figure: "container page, cold cache → 3 panels with data",
      size,
      unit: "ms",
      runs: cold.map((l) => l.ms),
      budget: maxMs(1000),
      note: describe(cold),
    }),
    profileColdLoad,
  );
  ctx.add(
    makeFigure({
      id: "1b",
      scenario: "1 Deep link",
      figure: "container page, warm cache → 3 panels with data",
      size,
      unit: "ms",
      runs: warm.map((l) => l.ms),
      note: describe(warm),
    }),
  );

  const manifestKb = manifestFirstLoadKb(ctx.root);
  // First-load JS is what the page needs before it runs (Next's definition: root main files +
  // layout + page entry chunks); chunks imported when a component mounts (ECharts with the
  // first chart) come after, and are counted in 6b with everything else the page fetched.
  ctx.add(
    makeFigure({
      id: "6",
      scenario: "6 First-load JS",
      figure: "the container page's entry JS (build manifests, gzip -9)",
      size: "root main files + layout + page",
      unit: "kB",
      runs: manifestKb === undefined ? [] : [manifestKb],
      budget: { kind: "max", value: 300, text: "≤ 300 kB" },
      note: `Chromium fetched ${jsEarly[0]?.toFixed(1)} kB of JS (gzip -9) before the load event and ${jsAll[0]?.toFixed(1)} kB until network idle (6b)`,
    }),
  );
  ctx.add(
    makeFigure({
      id: "6b",
      scenario: "6 First-load JS",
      figure: "all JS the container page loads until network idle (Chromium, gzip -9)",
      size: `${files?.size ?? "?"} files`,
      unit: "kB",
      runs: jsAll,
      // Issue #15: the page's JS as a whole, charts included, fits the first-load budget.
      budget: { kind: "max", value: 300, text: "≤ 300 kB" },
      note: "every script response of each cold load until network idle, bodies gzip -9'd (kB = 1000 B), lazily imported chunks included",
    }),
  );
  if (files) {
    const list = [...files]
      .sort((a, b) => b[1].gz - a[1].gz)
      .map(
        ([f, s]) =>
          `${path.basename(f)} ${(s.gz / 1000).toFixed(1)} kB gz (${(s.raw / 1000).toFixed(0)} kB raw)${s.markers ? ` [${s.markers}]` : ""}${s.early ? "" : " [after load]"}`,
      );
    ctx.notes.push(`First-load JS of the container page, per file: ${list.join("; ")}.`);
  }
}
