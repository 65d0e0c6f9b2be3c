#!/usr/bin/env node
// `npm test`: the whole suite on a fresh machine. Installs what is missing (npm ci; Debian's
// chromium, prometheus, podman, runc, busybox-static), then: lint + types, unit tests,
// production build, the real Prometheus + Podman environment with integration tests,
// Playwright end to end (demo world, custom labels, real backends) and the short load test.
// Prints one summary.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ensureBuild, ensureDeps, root, run } from "./lib.mjs";

const t0 = Date.now();
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const want = (layer) => only.length === 0 || only.includes(layer);
const results = [];
const out = path.join(root, "test-results");
mkdirSync(out, { recursive: true });

function layer(name, fn) {
  if (!want(name)) return;
  const s = Date.now();
  console.log(`\n━━ ${name} ━━`);
  const r = fn();
  results.push({ name, ...r, seconds: (Date.now() - s) / 1000 });
}

function vitestCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const j = JSON.parse(readFileSync(file, "utf8"));
  return { passed: j.numPassedTests ?? 0, failed: (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0) };
}

function playwrightCounts(file, code) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  return {
    passed: s.expected ?? 0,
    failed: (s.unexpected ?? 0) + (s.flaky ?? 0) + (code !== 0 && !s.unexpected ? 1 : 0),
  };
}

ensureDeps();
if (want("e2e") || want("integration")) {
  const code = run(process.execPath, ["scripts/testenv/install.mjs"]);
  if (code !== 0) process.exit(code);
}

layer("lint", () => {
  const a = run("npx", ["biome", "check", "--diagnostic-level=error", "."]);
  const b = run("npx", ["tsc", "--noEmit", "-p", "."]);
  return { passed: (a === 0) + (b === 0), failed: (a !== 0) + (b !== 0) };
});

layer("unit", () => {
  const file = path.join(out, "unit.json");
  run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${file}`]);
  return vitestCounts(file);
});

let env;
if (want("integration") || want("e2e")) {
  ensureBuild({ force: true });
  console.log("\n━━ test environment: real Prometheus + Podman ━━");
  const up = spawnSync(process.execPath, ["scripts/testenv/up.mjs"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (up.status === 0) env = JSON.parse(up.stdout);
  else results.push({ name: "testenv", passed: 0, failed: 1, seconds: 0 });
}

try {
  if (env) {
    layer("integration", () => {
      const file = path.join(out, "integration.json");
      run("npx", [
        "vitest",
        "run",
        "-c",
        "vitest.integration.config.mts",
        "--reporter=default",
        "--reporter=json",
        `--outputFile=${file}`,
      ]);
      return vitestCounts(file);
    });
  }
  layer("e2e", () => {
    const file = path.join(out, "e2e.json");
    const code = run("npx", ["playwright", "test", "--reporter=list,json"], {
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file, SIGHTLINE_TESTENV: env ? "1" : "" },
    });
    return playwrightCounts(file, code);
  });
} finally {
  if (env) run(process.execPath, ["scripts/testenv/down.mjs"]);
}

// #13's short load test (≤ 30 s): 40 clients with live tails against the demo backends; asserts
// only what does not depend on the machine's speed (no errors but 429/503 with a message, one
// Loki tail per distinct query, bounded queues and heap). Timings stay in `npm run bench`.
layer("load", () => {
  ensureBuild();
  const code = run(process.execPath, ["--import", "tsx", "scripts/bench/load.ts", "--ci"]);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
});

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed }), {
  passed: 0,
  failed: 0,
});
console.log("\n━━ summary ━━");
for (const r of results)
  console.log(
    `${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(0)} s`,
  );
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
