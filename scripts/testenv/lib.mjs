// Small shared helpers for the test environment: engine HTTP over a unix
// socket, Docker log-frame de-multiplexing, the podman CLI with the
// environment's private storage, free ports, process handling, state file.
// Node built-ins only, so this runs on a fresh clone right after `npm ci`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const STATE_FILE = process.env.SIGHTLINE_TESTENV_STATE || join(HERE, ".state.json");
export const IMAGE = "localhost/bb:latest";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET/POST on the engine's unix socket; resolves { status, headers, body: Buffer }. */
export function engineRequest(socketPath, path, { method = "GET", timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, path, method, headers: { Host: "d" }, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`engine ${path}: timeout after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

export async function engineJson(socketPath, path) {
  const r = await engineRequest(socketPath, path);
  if (r.status >= 300) throw new Error(`engine ${path}: HTTP ${r.status} ${r.body.toString()}`);
  return JSON.parse(r.body.toString("utf8"));
}

/**
 * De-multiplexes a non-TTY logs body: frames of an 8-byte header
 * [stream, 0, 0, 0, size uint32 BE] followed by `size` bytes of payload.
 * Returns [{ stream: 'stdout'|'stderr', payload: string }].
 */
export function demuxFrames(buf) {
  const frames = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const size = buf.readUInt32BE(off + 4);
    if (off + 8 + size > buf.length) break; // truncated tail: ignore
    const stream = buf[off] === 2 ? "stderr" : "stdout";
    frames.push({ stream, payload: buf.subarray(off + 8, off + 8 + size).toString("utf8") });
    off += 8 + size;
  }
  return frames;
}

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls fn until it returns a truthy value; throws with the last error on timeout. */
export async function waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${lastErr.message}` : ""}`);
}

/**
 * The podman CLI with the environment's private storage. The same flags and
 * CONTAINERS_CONF are given to the API service, so CLI and API see one store.
 */
export function podmanArgs(state) {
  const p = state.podman;
  return ["--root", p.root, "--runroot", p.runroot, "--tmpdir", p.tmpdir, "--runtime", "runc"];
}

export function podmanEnv(state) {
  return { ...process.env, CONTAINERS_CONF: state.podman.conf, TMPDIR: state.podman.imageTmp };
}

/** Where Podman runs: the environment's runroot while it exists (see podman()). */
export function podmanCwd(state) {
  const dir = state.podman?.runroot;
  return dir && existsSync(dir) ? dir : undefined;
}

export function podman(state, args, { check = true, input } = {}) {
  const r = spawnSync("podman", [...podmanArgs(state), ...args], {
    env: podmanEnv(state),
    // Podman's conmon writes a file named `oom` into its working directory when a container is
    // OOM-killed: in the environment's own folder, not wherever the tests run (the repo root).
    cwd: podmanCwd(state),
    encoding: "utf8",
    input,
    timeout: 60_000,
  });
  if (check && r.status !== 0) {
    throw new Error(`podman ${args.join(" ")} failed (${r.status}): ${(r.stderr || r.error?.message || "").trim()}`);
  }
  return r.stdout?.trim() ?? "";
}

/** True when pid is alive AND its command line mentions marker (guards against pid reuse). */
export function isOurProcess(pid, marker) {
  if (!pid) return false;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return !marker || cmd.includes(marker);
  } catch {
    return false;
  }
}

function isZombieOrGone(pid) {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** SIGTERM, wait up to graceMs, then SIGKILL. Synchronous so it can run in an 'exit' handler. */
export function killSync(pid, marker, graceMs = 5000) {
  if (!isOurProcess(pid, marker)) return false;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (isZombieOrGone(pid)) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // sync sleep
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
  return true;
}

export function readState(file = STATE_FILE) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Atomic write (rename), so a reader in another process never sees half a file. */
export function writeState(state, file = STATE_FILE) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

export function removeState(file = STATE_FILE) {
  rmSync(file, { force: true });
}

/** Mount points below dir, deepest first (overlay/shm mounts podman may leave behind). */
export function mountsBelow(dir) {
  const unoctal = (s) => s.replace(/\\(\d{3})/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((l) => unoctal(l.split(" ")[4] ?? ""))
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}
