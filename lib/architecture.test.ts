// The design's one-way flow (docs/ARCHITECTURE.md), checked on the source: components render
// pivots but never decide them, production code never loads the mock world, and the rule
// "which container ran a span" exists once.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const rel = path.posix.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|mts)$/.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

const isTest = (f: string) =>
  /\.(test|test-helper|integration\.test)\.tsx?$/.test(f) || f.endsWith("fixture-server.ts");
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every import specifier of a file, resolved to a repo-relative path when it is local. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    if (spec.startsWith("@/")) out.push(spec.slice(2));
    else if (spec.startsWith(".")) out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
    else out.push(spec);
  }
  return out;
}

function offenders(files: string[], bad: (target: string) => boolean): string[] {
  return files.flatMap((f) =>
    importsOf(f)
      .filter(bad)
      .map((t) => `${f} → ${t}`),
  );
}

// lib/server/demo.ts starts the mock world in-process; branch `fresh` (issue #11) moves the demo
// world out of the server and deletes it. Remove this entry when that lands.
const MOCK_IMPORT_PENDING = new Set(["lib/server/demo.ts"]);

describe("architecture", () => {
  const app = sources("app");
  const components = sources("components");
  const lib = sources("lib");

  it("the import scan sees real imports (guards the checks below against a broken regex)", () => {
    expect(importsOf("lib/server/trace.ts")).toContain("lib/server/place-spans");
    expect(importsOf("components/traces/SpanPivots.tsx")).toContain("lib/url/pivots");
  });

  it("no component or route imports lib/correlation: pivots are decided on the server", () => {
    expect(offenders([...components, ...app], (t) => t.startsWith("lib/correlation"))).toEqual([]);
  });

  it("no production file in app/, lib/ or components/ imports the mock world", () => {
    const prod = [...app, ...components, ...lib].filter((f) => !isTest(f) && !MOCK_IMPORT_PENDING.has(f));
    expect(offenders(prod, (t) => t.startsWith("mocks/") || t === "mocks")).toEqual([]);
  });

  it("lib/correlation depends only on lib/model (no URLs, no server, no React)", () => {
    const files = lib.filter((f) => f.startsWith("lib/correlation/") && !isTest(f));
    // re2js: the linear-time regular-expression engine operator patterns run on (issue #13).
    const ok = (t: string) =>
      t.startsWith("lib/correlation/") || t.startsWith("lib/model/") || t === "zod" || t === "re2js";
    expect(offenders(files, (t) => !ok(t))).toEqual([]);
  });

  it("links are formatted by lib/url: components build no in-app path by hand", () => {
    const byHand = [...components, ...app]
      .filter((f) => !isTest(f) && !f.startsWith("app/bench/"))
      .filter((f) =>
        /href=\{`\/|["'`]\/(containers|traces|embed|settings)\/?\$?\{?["'`]?\s*\+|`\/(containers|traces|embed\/containers)\/\$\{|`\/\?\$\{/.test(
          readFileSync(path.join(ROOT, f), "utf8"),
        ),
      );
    expect(byHand).toEqual([]);
  });

  it("which container ran a span is decided in lib/correlation only (one copy of the attribute rule)", () => {
    const prod = [...app, ...components, ...lib].filter((f) => !isTest(f) && !f.startsWith("lib/correlation/"));
    const copies = prod.filter((f) =>
      /["'](container\.id|host\.name|container\.name)["']/.test(readFileSync(path.join(ROOT, f), "utf8")),
    );
    expect(copies).toEqual([]);
  });
});
