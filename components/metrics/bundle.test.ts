// ECharts is ~200 kB gzip: it must stay out of every page's first-load JS. The browser gets it
// only through EChart.tsx's dynamic import() of echarts-setup.ts; any static (value) import of
// echarts or of echarts-setup.ts from browser code would put it back into the entry chunks.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const rel = path.posix.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

// Static imports, `import "x"` included; `import type` and `import(…)` are not matched.
const STATIC_IMPORT =
  /(?:^|\n)\s*(?:import(?!\s+type\b)(?:[^;]*?\sfrom)?|export(?!\s+type\b)[^;]*?\sfrom)\s*["']([^"']+)["']/g;

/** Server-only code may use ECharts directly (the embed's SVG renderer). */
const SERVER_ONLY = /^components\/embed\//;

/** A static import specifier → the repo file it names (local imports only), else undefined. */
function resolveLocal(from: string, spec: string): string | undefined {
  const base = spec.startsWith("@/")
    ? spec.slice(2)
    : spec.startsWith(".")
      ? path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))
      : undefined;
  if (base === undefined) return undefined;
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    try {
      if (
        readdirSync(path.join(ROOT, path.posix.dirname(cand))).includes(path.posix.basename(cand)) &&
        /\.tsx?$/.test(cand)
      )
        return cand;
    } catch {}
  }
  return undefined;
}

/** Files reachable by static imports from `roots`, each with the chain that reached it. */
function reachable(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const todo: [string, string[]][] = roots.map((r) => [r, [r]]);
  while (todo.length) {
    const [f, chain] = todo.pop()!;
    if (seen.has(f)) continue;
    seen.set(f, chain);
    const text = readFileSync(path.join(ROOT, f), "utf8");
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? "";
      if (spec === "zod") seen.set(`zod (from ${f})`, [...chain, "zod"]);
      const local = resolveLocal(f, spec);
      if (local) todo.push([local, [...chain, local]]);
    }
  }
  return seen;
}

describe("bundle composition", () => {
  it("the scan sees a static import (guards the check below)", () => {
    const text = readFileSync(path.join(ROOT, "components/embed/echarts-svg.ts"), "utf8");
    expect([...text.matchAll(STATIC_IMPORT)].map((m) => m[1])).toContain("echarts/core");
  });

  it("browser code reaches ECharts only through EChart.tsx's dynamic import", () => {
    const offenders: string[] = [];
    for (const f of [...sources("components"), ...sources("app"), ...sources("lib")]) {
      if (SERVER_ONLY.test(f) || f === "components/metrics/echarts-setup.ts") continue;
      const text = readFileSync(path.join(ROOT, f), "utf8");
      for (const m of text.matchAll(STATIC_IMPORT)) {
        const spec = m[1] ?? "";
        if (/^echarts(\/|$)|^zrender(\/|$)|echarts-setup$/.test(spec)) offenders.push(`${f} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the container page's browser code needs no zod (URL schemas are parsed by the server page)", () => {
    const roots = ["components/containers/ContainerWorkspace.tsx", "components/layout/TopBar.tsx", "app/providers.tsx"];
    const graph = reachable(roots);
    expect(graph.has("lib/url/links.ts")).toBe(true); // the walk follows imports
    const zod = [...graph].filter(([f]) => f.startsWith("zod")).map(([, chain]) => chain.join(" → "));
    expect(zod).toEqual([]);
  });
});
