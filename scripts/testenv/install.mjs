#!/usr/bin/env node
// Installs the Debian packages the real-backend test environment needs:
// Prometheus (+promtool), Podman with runc and its network backend (netavark + iptables), a static busybox (the only way to
// get an image here: no container registry is reachable) and Chromium (for
// Playwright, so one script prepares the whole machine).
//
// Idempotent and quiet: prints nothing when everything is already there.
// Usage: node scripts/testenv/install.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

// package -> a command that proves it is usable. dpkg -s alone is not enough
// (a half-removed package can still be "known"), a command alone is not enough
// either (busybox may exist as a dynamic build without the applets we need).
const PACKAGES = [
  { pkg: "prometheus", cmds: ["prometheus", "promtool"] },
  { pkg: "podman", cmds: ["podman"] },
  { pkg: "runc", cmds: ["runc"] },
  // Podman's network backend of the machine the fixtures were recorded on;
  // without it Podman 4.3 falls back to CNI (containernetworking-plugins).
  { pkg: "netavark", cmds: [] },
  // netavark 1.4 sets up each container's network with iptables (its default firewall
  // driver) and fails with "netavark: No such file or directory (os error 2)" without it.
  // iptables is not even a Recommends of netavark, so apt never brings it by itself.
  { pkg: "iptables", cmds: ["iptables"] },
  { pkg: "busybox-static", cmds: [], files: ["/bin/busybox"] },
  { pkg: "chromium", cmds: ["chromium"] },
];

function hasCommand(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function dpkgInstalled(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a dpkg-query format, not a JS template
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

export function missingPackages() {
  return PACKAGES.filter(
    ({ pkg, cmds, files = [] }) => !dpkgInstalled(pkg) || !cmds.every(hasCommand) || !files.every(existsSync),
  ).map((p) => p.pkg);
}

// The Debian prometheus package ships systemd units for prometheus and
// prometheus-node-exporter (ports 9090/9100). Without systemd their postinst
// usually fails to start them, but if one was started it would steal ports and
// scrape load, so stop whatever the package's init scripts started.
function stopPackagedServices() {
  for (const svc of ["prometheus", "prometheus-node-exporter"]) {
    spawnSync("sh", ["-c", `command -v service >/dev/null && service ${svc} stop`], {
      stdio: "ignore",
    });
  }
}

export function install({ quiet = true } = {}) {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  if (process.getuid && process.getuid() !== 0) {
    console.error(
      `testenv/install: missing packages: ${missing.join(" ")}\n` +
        `Run as root (or: sudo apt-get install -y --no-install-recommends ${missing.join(" ")}).`,
    );
    process.exit(2);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  console.error(`testenv/install: installing ${missing.join(" ")} …`);
  const io = quiet ? ["ignore", "ignore", "inherit"] : "inherit";
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: io, env });
    // runc is named explicitly: podman depends on "crun | runc" and apt would
    // take crun; the environment runs containers with runc, as the fixtures' machine did.
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: io, env });
  } catch (err) {
    console.error(`testenv/install: apt-get failed: ${err.message}`);
    process.exit(1);
  }
  stopPackagedServices();
  const still = missingPackages();
  if (still.length) {
    console.error(`testenv/install: still missing after apt-get: ${still.join(" ")}`);
    process.exit(1);
  }
  console.error("testenv/install: done");
  return missing;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  install({ quiet: !process.argv.includes("--verbose") });
}
