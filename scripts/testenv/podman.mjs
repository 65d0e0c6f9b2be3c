// The Podman side of the test environment: private storage and config under
// the temp dir, a busybox image built locally, the API service on a unix
// socket, and the containers. Rootful Podman 4.3 with runc, cgroups v1 here.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  IMAGE,
  engineJson,
  engineRequest,
  podman,
  podmanArgs,
  podmanCwd,
  podmanEnv,
  waitFor,
  writeState,
} from "./lib.mjs";
import { runArgs } from "./shop.mjs";

/**
 * Own --root/--runroot/--tmpdir and CONTAINERS_CONF, so nothing of the host's
 * container storage, config or events is read or written. Not isolated (fixed
 * paths for rootful Podman 4.3): netavark's IPAM db /run/containers/networks/ipam.db,
 * runc's state /run/runc/<id> and netns files /run/netns/* while containers
 * exist, and Podman's SHM lock segment /dev/shm/libpod_lock.
 */
export function podmanPaths(tmpDir) {
  const p = {
    socket: join(tmpDir, "podman.sock"),
    root: join(tmpDir, "storage"),
    runroot: join(tmpDir, "run"),
    tmpdir: join(tmpDir, "libpod-tmp"),
    imageTmp: join(tmpDir, "tmp"),
    conf: join(tmpDir, "containers.conf"),
  };
  for (const d of [p.root, p.runroot, p.tmpdir, p.imageTmp]) mkdirSync(d, { recursive: true });
  return p;
}

/** containers.conf for both the CLI and the API service (CONTAINERS_CONF replaces the host's files). */
export function writeContainersConf(state) {
  const p = state.podman;
  writeFileSync(
    p.conf,
    `[containers]
# Podman's default RLIMIT_NOFILE (1048576) is above this sandbox's hard limit:
# runc then fails with "error setting rlimit type 7: operation not permitted".
# Set here too, so containers created through the API also start.
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
log_driver = "k8s-file"
[engine]
runtime = "runc"
events_logger = "file"
events_logfile_path = "${join(p.tmpdir, "events.log")}"
[network]
network_config_dir = "${join(state.tmpDir, "networks")}"
`,
  );
}

/** A busybox rootfs → tar → `podman import`; no registry is reachable here. */
export function buildImage(state) {
  const root = join(state.tmpDir, "rootfs");
  for (const d of ["bin", "etc", "tmp", "proc", "sys", "dev", "run"]) mkdirSync(join(root, d), { recursive: true });
  copyFileSync("/bin/busybox", join(root, "bin/busybox"));
  // Relative links: `busybox --install -s` would write absolute host paths.
  const applets = spawnSync("/bin/busybox", ["--list"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  for (const a of applets) if (a !== "busybox") symlinkSync("busybox", join(root, "bin", a));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\n");
  const tar = join(state.tmpDir, "bb.tar");
  const r = spawnSync("tar", ["-C", root, "-cf", tar, "."]);
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  podman(state, ["import", "--quiet", "--change", 'CMD ["sh"]', tar, IMAGE]);
}

/** `podman system service` detached (it outlives up.mjs), with the CLI's storage flags. */
export async function startService(state) {
  const logFd = openSync(join(state.tmpDir, "podman-service.log"), "a");
  const args = [...podmanArgs(state), "system", "service", "--time=0", state.engineUrl];
  const child = spawn("podman", args, {
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: podmanEnv(state),
    cwd: podmanCwd(state), // see podman() in lib.mjs: conmon's stray `oom` files land there
  });
  child.unref();
  state.pids.podman = child.pid;
  writeState(state);
  await waitFor(
    "the Podman API socket",
    async () => (await engineRequest(state.podman.socket, "/_ping")).status === 200,
  );
}

export function runContainer(state, spec) {
  const id = podman(state, runArgs(spec));
  state.containers = state.containers.filter((c) => c.name !== spec.name).concat({ name: spec.name, id });
  return { name: spec.name, id };
}

/** What the backfill needs to reproduce the exporter's labels for a container. */
export async function describeContainer(state, c) {
  const d = await engineJson(state.podman.socket, `/v4.0.0/libpod/containers/${c.id}/json`);
  return {
    name: c.name,
    id: c.id,
    cgroupPath: d.State.CgroupPath || `/libpod_parent/libpod-${c.id}`,
    image: d.Config.Image,
    labels: d.Config.Labels ?? {},
    memLimit: d.HostConfig.Memory ?? 0,
  };
}

/** Removes all containers and volumes of the private store (needs no API service). */
export function removeAll(state) {
  if (!state.podman || !existsSync(state.podman.conf)) return;
  // -t 0: the shells run as PID 1 and ignore SIGTERM, a graceful stop would wait 10 s each.
  podman(state, ["rm", "--all", "--force", "--time", "0"], { check: false });
  podman(state, ["volume", "rm", "--all", "--force"], { check: false });
}
