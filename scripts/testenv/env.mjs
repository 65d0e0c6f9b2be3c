// Real-backend test environment: Podman API service + the `shop` containers +
// a cAdvisor-style exporter + Prometheus, all private to one temp dir and
// listening on 127.0.0.1 only. See README.md beside this file.
//
//   import { startTestEnv, stopTestEnv } from './scripts/testenv/env.mjs';
//   const env = await startTestEnv();   // { prometheusUrl, engineUrl, exporterUrl, containers, tmpDir, pids, … }
//   …
//   await stopTestEnv();
//
// Every helper also works from another process (a Playwright/vitest worker):
// they read and update the state file written by startTestEnv().
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backfill } from "./backfill.mjs";
import { REPO_ROOT, findBinary } from "./binaries.mjs";
import { missingPackages } from "./install.mjs";
import {
  HERE,
  STATE_FILE,
  freePort,
  isOurProcess,
  killSync,
  mountsBelow,
  podman,
  readState,
  removeState,
  waitFor,
  writeState,
} from "./lib.mjs";
import {
  buildImage,
  describeContainer,
  podmanPaths,
  removeAll,
  runContainer,
  startService,
  writeContainersConf,
} from "./podman.mjs";
import { LOKI_TENANT, haltLoki, launchLoki, lokiVersion, prepareLoki } from "./loki.mjs";
import { launchTempo, prepareTempo, tempoVersion } from "./tempo.mjs";
import { haltPrometheus, launchPrometheus, preparePrometheus, waitForSamples } from "./prometheus.mjs";
import { SHOP, TRACE_VOLUME, extraSpec } from "./shop.mjs";

const log = (...a) => process.env.SIGHTLINE_TESTENV_QUIET || console.error("[testenv]", ...a);

/** The exporter runs as its own detached node process, so it outlives up.mjs. */
async function startExporter(state) {
  const port = await freePort();
  const logFd = openSync(join(state.tmpDir, "exporter.log"), "a");
  const args = [join(HERE, "exporter.mjs"), "--engine", state.engineUrl, "--listen", `127.0.0.1:${port}`];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", logFd, logFd] });
  child.unref();
  state.pids.exporter = child.pid;
  state.exporterUrl = `http://127.0.0.1:${port}/metrics`;
  writeState(state);
  await waitFor("the exporter", async () => (await fetch(state.exporterUrl)).ok);
}

/** The log shipper (shipper.mjs): Podman logs → the real Loki, detached like the exporter. */
function startShipper(state) {
  const logFd = openSync(join(state.tmpDir, "shipper.log"), "a");
  const args = [
    join(HERE, "shipper.mjs"),
    "--engine",
    state.engineUrl,
    "--loki",
    state.lokiUrl,
    "--tenant",
    state.loki.tenant,
    // Only a marker for teardown's safety net (the command line must mention the temp dir).
    `--state-dir=${state.tmpDir}`,
  ];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", logFd, logFd] });
  child.unref();
  state.pids.shipper = child.pid;
}

/** Spans for Tempo (span-pusher.ts, TypeScript through tsx like real-mocks): detached. */
function startSpanPusher(state) {
  const logFd = openSync(join(state.tmpDir, "span-pusher.log"), "a");
  const args = [
    "--import",
    "tsx",
    join(HERE, "span-pusher.ts"),
    "--engine",
    state.engineUrl,
    "--otlp",
    state.tempoOtlpUrl,
    `--state-dir=${state.tmpDir}`,
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, detached: true, stdio: ["ignore", logFd, logFd] });
  child.unref();
  state.pids.spanPusher = child.pid;
}

/** Waits until Tempo's search finds a trace of each service (traces are searchable ~1 s after the push). */
async function waitForSpans(state, services) {
  await waitFor(
    `traces of ${services.join(", ")} in Tempo`,
    async () => {
      const have = await Promise.all(
        services.map(async (svc) => {
          const now = Math.ceil(Date.now() / 1000);
          const q = new URLSearchParams({
            q: `{ resource.service.name = "${svc}" }`,
            limit: "1",
            start: String(now - 600),
            end: String(now + 5),
          });
          const r = await fetch(`${state.tempoUrl}/api/search?${q}`, { signal: AbortSignal.timeout(10_000) });
          if (!r.ok) throw new Error(`search: HTTP ${r.status} ${await r.text()}`);
          return ((await r.json()).traces ?? []).length > 0;
        }),
      );
      return have.every(Boolean);
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  ).catch((err) => {
    const tail = (f) => (existsSync(f) ? readFileSync(f, "utf8").trim().split("\n").slice(-5).join("\n") : "");
    throw new Error(
      `${err.message}\nspan-pusher.log: ${tail(join(state.tmpDir, "span-pusher.log"))}\ntempo.log: ${tail(state.tempo.logFile)}`,
    );
  });
}

/** Waits until Loki holds lines of every named container (the shipper pushes every 0.5 s). */
async function waitForLogs(state, names) {
  await waitFor(
    `log lines of ${names.join(", ")} in Loki`,
    async () => {
      const q = new URLSearchParams({ "match[]": '{job="podman"}', start: `${Date.now() - 600_000}000000` });
      const r = await fetch(`${state.lokiUrl}/loki/api/v1/series?${q}`, {
        headers: { "X-Scope-OrgID": state.loki.tenant },
        signal: AbortSignal.timeout(3000),
      });
      if (!r.ok) throw new Error(`series: HTTP ${r.status} ${await r.text()}`);
      const have = new Set(((await r.json()).data ?? []).map((l) => l.container));
      return names.every((n) => have.has(n));
    },
    { timeoutMs: 30_000, intervalMs: 300 },
  );
}

// The environment this process started (only that one is torn down on exit:
// the state file may by then describe an environment of another process).
let owned = null;
function teardownOwned() {
  if (!owned) return;
  const cur = readState();
  teardown(cur?.tmpDir === owned.tmpDir ? cur : owned); // cur has pids updated by other processes
  owned = null;
}

let exitHooked = false;
function registerCleanup() {
  if (exitHooked) return;
  exitHooked = true;
  // 'exit' handlers must be synchronous: teardown() is (spawnSync, kill, rmSync).
  process.on("exit", teardownOwned);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, () => {
      teardownOwned();
      process.exit(128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[sig]);
    });
  }
  process.once("uncaughtException", (err) => {
    console.error(err);
    teardownOwned();
    process.exit(1);
  });
}

/**
 * Starts everything and returns the state (also written to the state file).
 * opts.cleanupOnExit (default true): tear down when this process exits or is
 * interrupted — up.mjs passes false so the environment outlives it.
 * opts.backfillHours (default env SIGHTLINE_TESTENV_BACKFILL_HOURS or 3; 0 = off).
 */
export async function startTestEnv(opts = {}) {
  const { cleanupOnExit = true, minSamples = 3 } = opts;
  const backfillHours = Number(opts.backfillHours ?? process.env.SIGHTLINE_TESTENV_BACKFILL_HOURS ?? 3);
  const missing = missingPackages().filter((p) => p !== "chromium");
  if (missing.length) throw new Error(`testenv: missing ${missing.join(" ")}; run: node scripts/testenv/install.mjs`);
  const old = readState();
  if (old) {
    if (Object.values(old.pids ?? {}).some((pid) => isOurProcess(pid, old.tmpDir))) {
      throw new Error(
        `testenv: already running (${STATE_FILE}, ${old.tmpDir}); run node scripts/testenv/down.mjs first`,
      );
    }
    teardown(old); // leftovers of a run that was killed
  }
  const t0 = Date.now();
  const tmpDir = mkdtempSync(join(tmpdir(), "sightline-testenv-"));
  const podmanState = podmanPaths(tmpDir);
  const state = {
    prometheusUrl: null,
    engineUrl: `unix://${podmanState.socket}`,
    exporterUrl: null,
    containers: [],
    tmpDir,
    lokiUrl: null,
    tempoUrl: null,
    pids: { podman: null, exporter: null, prometheus: null, loki: null, shipper: null, tempo: null, spanPusher: null },
    podman: podmanState,
    startedAt: new Date().toISOString(),
  };
  writeState(state); // from here on down.mjs can clean up, even if we fail halfway
  if (cleanupOnExit) {
    owned = state;
    registerCleanup();
  }

  try {
    await bringUp(state, { backfillHours, minSamples, t0 });
  } catch (err) {
    log(`start failed, cleaning up: ${err.message}`);
    teardown(state);
    throw err;
  }
  log(`ready after ${Date.now() - t0} ms`);
  return state;
}

async function bringUp(state, { backfillHours, minSamples, t0 }) {
  const { tmpDir } = state;
  // Loki first: it boots in its own process while Podman and Prometheus come up (the podman
  // steps below are synchronous, so its readiness is only awaited at the end).
  const [loki, tempo] = await Promise.all([findBinary("loki", { log }), findBinary("tempo", { log })]);
  log(`loki: ${loki.path} (from ${loki.source}); tempo: ${tempo.path} (from ${tempo.source})`);
  prepareLoki(state, { bin: loki.path, source: loki.source, httpPort: await freePort(), grpcPort: await freePort() });
  prepareTempo(state, {
    bin: tempo.path,
    source: tempo.source,
    httpPort: await freePort(),
    grpcPort: await freePort(),
    otlpPort: await freePort(),
  });
  const settled = (p) =>
    p.then(
      () => null,
      (err) => err,
    );
  const lokiUp = settled(launchLoki(state));
  const tempoUp = settled(launchTempo(state));
  writeState(state);
  writeContainersConf(state);
  buildImage(state);
  await startService(state);
  podman(state, ["volume", "create", TRACE_VOLUME]);
  for (const spec of SHOP) runContainer(state, spec);
  writeState(state);
  log(`containers up after ${Date.now() - t0} ms`);

  await startExporter(state);
  const lokiErr = await lokiUp;
  if (lokiErr) throw lokiErr;
  log(`Loki ready after ${Date.now() - t0} ms`);
  startShipper(state);
  const tempoErr = await tempoUp;
  if (tempoErr) throw tempoErr;
  log(`Tempo ready after ${Date.now() - t0} ms`);
  startSpanPusher(state);
  writeState(state);
  preparePrometheus(state, await freePort());
  if (backfillHours > 0) {
    const containers = await Promise.all(state.containers.map((c) => describeContainer(state, c)));
    const b = await backfill({
      workDir: join(tmpDir, "backfill"),
      dataDir: state.prometheus.dataDir,
      containers,
      hours: backfillHours,
    });
    log(`backfilled ${backfillHours} h (${b.samples} samples/series) after ${Date.now() - t0} ms`);
  }
  await launchPrometheus(state);
  writeState(state);
  await waitForSamples(
    state,
    state.containers.map((c) => c.name),
    { min: minSamples },
  );
  await waitForLogs(
    state,
    state.containers.map((c) => c.name),
  );
  await waitForSpans(state, ["frontend", "cart", "payments", "web"]);
  state.versions = { loki: await lokiVersion(state), tempo: await tempoVersion(state) };
  log(`Loki ${state.versions.loki} (${state.loki.bin}, tenant ${LOKI_TENANT})`);
  log(`Tempo ${state.versions.tempo} (${state.tempo.bin})`);
  state.readyAt = new Date().toISOString();
  writeState(state);
}

/**
 * Stops everything of `state` (default: the state file) and removes its temp dir.
 * Synchronous inside so it can run from an 'exit' handler; safe to call twice.
 */
export function teardown(state = readState()) {
  if (!state?.tmpDir) return false;
  const mark = state.tmpDir;
  killSync(state.pids?.shipper, mark, 3000);
  killSync(state.pids?.spanPusher, mark, 3000);
  killSync(state.pids?.exporter, mark, 3000);
  killSync(state.pids?.prometheus, mark, 10_000);
  // Their data dirs are deleted right after: no need to wait for a graceful flush.
  killSync(state.pids?.loki, mark, 3000);
  killSync(state.pids?.tempo, mark, 3000);
  removeAll(state);
  killSync(state.pids?.podman, mark, 5000);
  // Safety net: anything still running from our temp dir (conmon, a stray
  // container process) is ours; found by pid, killed one by one.
  for (const pid of readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map(Number)) {
    if (pid !== process.pid && isOurProcess(pid, mark)) killSync(pid, mark, 1000);
  }
  for (const m of mountsBelow(mark)) spawnSync("umount", ["-l", m], { stdio: "ignore" });
  rmSync(mark, { recursive: true, force: true });
  const current = readState();
  if (!current || current.tmpDir === mark) removeState();
  return true;
}

/** Stops the environment (default: the one in the state file); returns false if none was running. */
export async function stopTestEnv(state) {
  const s = state ?? readState();
  if (owned && s?.tmpDir === owned.tmpDir) owned = null;
  return teardown(s);
}

function requireState() {
  const s = readState();
  if (!s) throw new Error(`testenv: not running (no ${STATE_FILE})`);
  return s;
}

/** Runs another busybox container (logfmt ticks, shop compose labels unless opts.labels). */
export function startExtraContainer(name, opts = {}) {
  const state = requireState();
  const c = runContainer(state, extraSpec(name, opts));
  writeState(state);
  return c;
}

/** `podman stop` (a real stop: `died`/`die` events, exit code 137 after the timeout). */
export function stopContainer(name, { timeoutS = 1 } = {}) {
  podman(requireState(), ["stop", "--time", String(timeoutS), name]);
}

export function startContainer(name) {
  podman(requireState(), ["start", name]);
}

export function removeContainer(name) {
  const state = requireState();
  podman(state, ["rm", "--force", "--time", "0", name]);
  state.containers = state.containers.filter((c) => c.name !== name);
  writeState(state);
}

export function stopPrometheus() {
  const state = requireState();
  haltPrometheus(state);
  writeState(state);
}

/** Restarts Prometheus on the same port with the same data dir (history is kept). */
export async function startPrometheus() {
  const state = requireState();
  if (isOurProcess(state.pids.prometheus, state.tmpDir)) return state;
  await launchPrometheus(state);
  writeState(state);
  return state;
}

export function stopLoki() {
  const state = requireState();
  haltLoki(state);
  writeState(state);
}

/** Restarts Loki on the same port with the same data dir. */
export async function startLoki() {
  const state = requireState();
  if (isOurProcess(state.pids.loki, state.tmpDir)) return state;
  await launchLoki(state);
  writeState(state);
  return state;
}

export { readState, STATE_FILE };
