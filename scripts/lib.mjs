// Small helpers shared by the demo, test and bench scripts (plain Node, no build step).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function mustRun(cmd, args, opts = {}) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} exited with ${code}`);
    process.exit(code);
  }
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDeps() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log("▸ installing npm dependencies (npm ci)…");
  mustRun("npm", ["ci", "--no-audit", "--no-fund"]);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` (scripts/build.mjs) when there is no build or a source file is newer than it. */
export function ensureBuild({ force = false } = {}) {
  const id = path.join(root, ".next", "BUILD_ID");
  const bundle = path.join(root, ".demo", "mock-servers.mjs");
  const sources = ["app", "components", "lib", "mocks"].map((d) => newestMtime(path.join(root, d)));
  const cfg = ["next.config.js", "proxy.ts", "instrumentation.ts", "package-lock.json", "scripts/build.mjs"].map((f) =>
    existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0,
  );
  const built = existsSync(id) && existsSync(bundle) && existsSync(STANDALONE_SERVER);
  if (!force && built && statSync(id).mtimeMs >= Math.max(...sources, ...cfg)) return;
  console.log("▸ building Sightline (npm run build: next build + demo bundle)…");
  mustRun(process.execPath, [path.join(root, "scripts", "build.mjs")]);
}

/**
 * V8 flags the production server runs with, wherever it starts (`npm start`, the image's CMD,
 * the e2e and bench servers; README "Memory and garbage collection"). A larger young
 * generation: under load the server allocates per request (Next's pipeline, React's render,
 * backend bodies) and most of it dies young; with the default 16 MiB semi-space it was
 * scavenged tens of times a second and objects still in flight got promoted, so the old
 * generation filled and full GCs paused the loop for hundreds of ms (#13 7-load-health-p99).
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];

/** What the image runs: Next's standalone server (output: "standalone"). */
export const STANDALONE_SERVER = path.join(root, ".next", "standalone", "server.js");

/** Start the standalone server on 127.0.0.1:port (HOSTNAME/PORT are what server.js reads). */
export function startServer(env, port, host = "127.0.0.1") {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, STANDALONE_SERVER], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, HOSTNAME: host, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

export async function waitForHttp(url, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/** Backend variables removed so `npm run demo` always shows the demo world. */
export const BACKEND_VARS = ["PROMETHEUS_URL", "LOKI_URL", "JAEGER_URL", "ENGINE_URLS"];
