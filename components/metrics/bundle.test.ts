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
});
