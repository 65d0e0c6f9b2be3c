#!/usr/bin/env node
// `npm run bench`: install if needed, build if needed, then run the bench (scripts/bench/main.ts
// under tsx) in its own process group with a hard time limit, and make sure nothing it started
// outlives it.
import { spawn } from "node:child_process";
import { ensureBuild, ensureDeps, root } from "../lib.mjs";

const started = Date.now();
// The whole default run takes ~10–15 minutes on an idle 2-core machine (620 s on 2026-12-06); BENCH_LIMIT_MIN changes the limit (a
// subset needs less, the side-by-side trace loads on a busy machine more).
const LIMIT_MS = Math.max(5, Number(process.env.BENCH_LIMIT_MIN) || 40) * 60_000;
ensureDeps();
ensureBuild({ force: process.argv.includes("--rebuild") });

// Scenarios are skipped (and said so) rather than run past this; then ~45 s to write and clean up.
const deadline = started + LIMIT_MS - 45_000;
// `npm run bench -- traces-vs-jaeger trace-1m`: scenario keys as arguments, same as BENCH_ONLY.
const keys = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/main.ts"], {
  cwd: root,
  stdio: "inherit",
  detached: true, // own process group: the Next server and autocannon die with it
  env: {
    ...process.env,
    BENCH_DEADLINE: String(deadline),
    BENCH_STARTED: String(started),
    ...(keys.length ? { BENCH_ONLY: keys.join(",") } : {}),
    NEXT_TELEMETRY_DISABLED: "1",
  },
});

const killGroup = (sig) => {
  try {
    process.kill(-child.pid, sig);
  } catch {}
};
const stop = () => {
  killGroup("SIGTERM");
  setTimeout(() => killGroup("SIGKILL"), 8000).unref();
};
const hard = setTimeout(
  () => {
    console.error("\n✗ bench: over the time limit (BENCH_LIMIT_MIN), stopping");
    stop();
  },
  Math.max(0, deadline + 35_000 - Date.now()),
);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, stop);
child.on("exit", (code, signal) => {
  clearTimeout(hard);
  killGroup("SIGKILL"); // anything left in the group
  console.error(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
