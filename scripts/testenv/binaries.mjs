// Where the test environment finds Grafana Loki and Tempo (neither is packaged by Debian or npm):
//   1. the variable LOKI_BIN / TEMPO_BIN (a path to the executable),
//   2. `loki` / `tempo` on PATH,
//   3. ../shared/bin beside the repository (every developer machine and CI have it; for a git
//      worktree also beside the main checkout),
//   4. the official GitHub release for this platform, downloaded once into a cache dir
//      ($XDG_CACHE_HOME or ~/.cache)/sightline/bin, checked against the release's checksum file.
// It says which one it used. If none works it throws an error that says how to provide them:
// the tests that need them fail, they are never skipped.
// Node built-ins only (runs right after `npm ci`).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { HERE } from "./lib.mjs";

export const REPO_ROOT = resolve(HERE, "..", "..");

const GOOS = { linux: "linux", darwin: "darwin", win32: "windows" };
const GOARCH = { x64: "amd64", arm64: "arm64" };

/** The two servers: version the suite is written against, and their release assets. */
export const BINARIES = {
  loki: {
    version: "2.9.1",
    envVar: "LOKI_BIN",
    release(os, arch) {
      const base = `https://github.com/grafana/loki/releases/download/v${this.version}`;
      const exe = `loki-${os}-${arch}${os === "windows" ? ".exe" : ""}`;
      return { url: `${base}/${exe}.zip`, sums: `${base}/SHA256SUMS`, asset: `${exe}.zip`, kind: "zip", member: exe };
    },
  },
  tempo: {
    version: "2.0.1",
    envVar: "TEMPO_BIN",
    release(os, arch) {
      const v = this.version;
      const base = `https://github.com/grafana/tempo/releases/download/v${v}`;
      const asset = `tempo_${v}_${os}_${arch}.tar.gz`;
      const member = os === "windows" ? "tempo.exe" : "tempo";
      return { url: `${base}/${asset}`, sums: `${base}/tempo_${v}_checksums.txt`, asset, kind: "tar.gz", member };
    },
  },
};

function isExecutable(p) {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name, pathVar) {
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

/**
 * `../shared/bin` of the repository root, and — when the root is a git worktree (its `.git` is a
 * file "gitdir: <main>/.git/worktrees/<name>") — of the main checkout too.
 */
export function sharedBinDirs(root = REPO_ROOT) {
  const dirs = [resolve(root, "..", "shared", "bin")];
  try {
    const dotGit = join(root, ".git");
    if (statSync(dotGit).isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"));
      if (m) {
        const gitDir = resolve(root, m[1].trim());
        const common = existsSync(join(gitDir, "commondir"))
          ? resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim())
          : gitDir;
        const mainRoot = dirname(common);
        const d = resolve(mainRoot, "..", "shared", "bin");
        if (!dirs.includes(d)) dirs.push(d);
      }
    }
  } catch {
    // not a checkout: only the first candidate
  }
  return dirs;
}

export function cacheDir(env = process.env) {
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "sightline", "bin");
}

/** The one member of a zip archive (stored or deflated), found through the central directory. */
export function unzipMember(buf, member) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip archive (no end of central directory)");
  const entries = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(off) !== 0x02014b50) throw new Error("zip: bad central directory");
    const method = buf.readUInt16LE(off + 10);
    const size = buf.readUInt32LE(off + 20);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    const local = buf.readUInt32LE(off + 42);
    const name = buf.subarray(off + 46, off + 46 + nameLen).toString("utf8");
    if (name === member || name.endsWith(`/${member}`)) {
      const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(dataAt, dataAt + size);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip: ${name} uses compression method ${method}`);
    }
    off += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`zip: no ${member} in the archive`);
}

function untarMember(archivePath, member, outDir) {
  const r = spawnSync("tar", ["-xzf", archivePath, "-C", outDir, member], { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(`tar -xzf ${archivePath} ${member}: ${(r.stderr || r.error?.message || "").trim()}`);
  return join(outDir, member);
}

async function fetchBuffer(url, fetchImpl) {
  const r = await fetchImpl(url, { redirect: "follow", signal: AbortSignal.timeout(300_000) });
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

/** Downloads (or reuses the cached copy of) the official release; returns the executable's path. */
async function download(name, spec, { env, fetchImpl, platform, arch, log }) {
  const os = GOOS[platform];
  const goarch = GOARCH[arch];
  if (!os || !goarch) throw new Error(`no official ${name} release for ${platform}/${arch}`);
  const rel = spec.release(os, goarch);
  const dir = join(cacheDir(env), `${name}-${spec.version}-${os}-${goarch}`);
  const exe = join(dir, rel.member);
  if (isExecutable(exe)) return exe;
  log(`${name}: downloading the official release ${rel.url}`);
  const [archive, sums] = await Promise.all([fetchBuffer(rel.url, fetchImpl), fetchBuffer(rel.sums, fetchImpl)]);
  const want = sums
    .toString("utf8")
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find(([, file]) => file?.replace(/^\*/, "") === rel.asset)?.[0];
  const got = createHash("sha256").update(archive).digest("hex");
  if (!want) throw new Error(`${rel.sums} lists no checksum for ${rel.asset}`);
  if (want !== got) throw new Error(`${rel.asset}: sha256 ${got}, but the release says ${want}`);
  mkdirSync(dir, { recursive: true });
  if (rel.kind === "zip") {
    const tmp = `${exe}.${process.pid}.tmp`;
    writeFileSync(tmp, unzipMember(archive, rel.member));
    chmodSync(tmp, 0o755);
    renameSync(tmp, exe);
  } else {
    const archivePath = join(dir, rel.asset);
    writeFileSync(archivePath, archive);
    untarMember(archivePath, rel.member, dir);
    chmodSync(exe, 0o755);
  }
  return exe;
}

/**
 * Finds one server's executable. Resolves { path, source } where source is the variable's name,
 * "PATH", "../shared/bin" or "download"; throws an error saying how to provide it otherwise.
 */
export async function findBinary(name, opts = {}) {
  const spec = BINARIES[name];
  if (!spec) throw new Error(`unknown binary ${name}`);
  const {
    env = process.env,
    root = REPO_ROOT,
    fetchImpl = globalThis.fetch,
    platform = process.platform,
    arch = process.arch,
    log = () => {},
  } = opts;
  const tried = [];
  const fromVar = env[spec.envVar];
  if (fromVar) {
    const p = isAbsolute(fromVar) ? fromVar : resolve(root, fromVar);
    if (isExecutable(p)) return { path: p, source: spec.envVar };
    // An explicit choice that does not work is an error, not a reason to look elsewhere.
    throw new Error(`${spec.envVar}=${fromVar}: not an executable file`);
  }
  tried.push(`${spec.envVar} (unset)`);
  const exeName = platform === "win32" ? `${name}.exe` : name;
  const fromPath = onPath(exeName, env.PATH);
  if (fromPath) return { path: fromPath, source: "PATH" };
  tried.push(`PATH (no ${exeName})`);
  for (const dir of sharedBinDirs(root)) {
    const p = join(dir, exeName);
    if (isExecutable(p)) return { path: p, source: "../shared/bin" };
    tried.push(p);
  }
  try {
    return { path: await download(name, spec, { env, fetchImpl, platform, arch, log }), source: "download" };
  } catch (err) {
    tried.push(`download: ${err.message}`);
  }
  throw new Error(
    `testenv: cannot find Grafana ${name[0].toUpperCase()}${name.slice(1)} ${spec.version}. Tried: ${tried.join("; ")}. ` +
      `Provide it with ${spec.envVar}=/path/to/${exeName}, put \`${exeName}\` on PATH, or place it in ../shared/bin ` +
      `beside the repository (releases: https://github.com/grafana/${name}/releases/tag/v${spec.version}).`,
  );
}
