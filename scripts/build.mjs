#!/usr/bin/env node
// `npm run build`: the production build.
//  1. next build (output: standalone, see next.config.js);
//  2. the demo world's mock servers bundled into one self-contained file, `.demo/mock-servers.mjs`
//     (esbuild inlines msw and the grammars, so demo mode needs no devDependency at run time and
//     no code under mocks/ enters the server build);
//  3. the standalone folder completed the way Next's docs say (static assets, public/), plus
//     `.demo/`, so `node .next/standalone/server.js` — what the image runs — serves everything.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { mustRun, root } from "./lib.mjs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (!process.argv.includes("--demo-only")) mustRun("npx", ["next", "build"], { env });

const demoDir = path.join(root, ".demo");
mkdirSync(demoDir, { recursive: true });
const { build } = await import("esbuild");
await build({
  entryPoints: [path.join(root, "mocks/server/cli.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: path.join(demoDir, "mock-servers.mjs"),
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __sightlineRequire } from 'node:module'; const require = __sightlineRequire(import.meta.url);",
  },
  logLevel: "warning",
  legalComments: "none",
});

const standalone = path.join(root, ".next", "standalone");
if (existsSync(standalone)) {
  const copy = (from, to) => {
    if (!existsSync(from)) return;
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  };
  copy(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"));
  copy(path.join(root, "public"), path.join(standalone, "public"));
  copy(demoDir, path.join(standalone, ".demo"));
}
console.log("▸ build: .next/standalone (server.js) and .demo/mock-servers.mjs are ready");
