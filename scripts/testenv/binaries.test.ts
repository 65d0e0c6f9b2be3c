// Binary discovery of the test environment: variable → PATH → ../shared/bin → official release.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

interface Found {
  path: string;
  source: string;
}
interface BinariesModule {
  findBinary(
    name: "loki" | "tempo",
    opts: {
      env: Record<string, string | undefined>;
      root: string;
      fetchImpl: (url: string) => Promise<Response>;
      platform?: string;
      arch?: string;
    },
  ): Promise<Found>;
  sharedBinDirs(root: string): string[];
  unzipMember(buf: Buffer, member: string): Buffer;
}

const mod = (await import(/* @vite-ignore */ new URL("./binaries.mjs", import.meta.url).href)) as BinariesModule;

let dir: string;
const noNet = async (url: string): Promise<Response> => {
  throw new Error(`getaddrinfo ENOTFOUND ${new URL(url).host}`);
};

function exe(path: string, body = "#!/bin/sh\necho fake\n"): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, body);
  chmodSync(path, 0o755);
  return path;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sightline-binaries-"));
  mkdirSync(join(dir, "repo"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ({ root: join(dir, "repo"), fetchImpl: noNet, env: { PATH: "", XDG_CACHE_HOME: join(dir, "c") } });

describe("findBinary", () => {
  it("takes the variable first, even when PATH and ../shared/bin have one", async () => {
    const mine = exe(join(dir, "mine", "loki"));
    exe(join(dir, "onpath", "loki"));
    exe(join(dir, "shared", "bin", "loki"));
    const o = base();
    const found = await mod.findBinary("loki", { ...o, env: { ...o.env, LOKI_BIN: mine, PATH: join(dir, "onpath") } });
    expect(found).toEqual({ path: mine, source: "LOKI_BIN" });
  });

  it("refuses a variable that names no executable instead of looking elsewhere", async () => {
    exe(join(dir, "shared", "bin", "tempo"));
    const o = base();
    await expect(mod.findBinary("tempo", { ...o, env: { ...o.env, TEMPO_BIN: join(dir, "nope") } })).rejects.toThrow(
      /TEMPO_BIN=.*nope: not an executable file/,
    );
  });

  it("then PATH, then ../shared/bin", async () => {
    const shared = exe(join(dir, "shared", "bin", "tempo"));
    const onPath = exe(join(dir, "onpath", "tempo"));
    const o = base();
    expect(await mod.findBinary("tempo", { ...o, env: { ...o.env, PATH: join(dir, "onpath") } })).toEqual({
      path: onPath,
      source: "PATH",
    });
    expect(await mod.findBinary("tempo", o)).toEqual({ path: shared, source: "../shared/bin" });
  });

  it("finds ../shared/bin beside the main checkout when the root is a git worktree", async () => {
    const main = join(dir, "x", "main");
    mkdirSync(join(main, ".git", "worktrees", "wt1"), { recursive: true });
    writeFileSync(join(main, ".git", "worktrees", "wt1", "commondir"), "../..\n");
    const wt = join(dir, "x", "wt", "wt1");
    mkdirSync(wt, { recursive: true });
    writeFileSync(join(wt, ".git"), `gitdir: ${join(main, ".git", "worktrees", "wt1")}\n`);
    expect(mod.sharedBinDirs(wt)).toEqual([join(dir, "x", "wt", "shared", "bin"), join(dir, "x", "shared", "bin")]);
  });

  it("fails with how to provide it when nothing works (no network here)", async () => {
    const err = await mod.findBinary("loki", base()).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/cannot find Grafana Loki 2\.9\.1/);
    expect(err?.message).toMatch(/download: getaddrinfo ENOTFOUND github\.com/);
    expect(err?.message).toMatch(/LOKI_BIN=\/path\/to\/loki, put `loki` on PATH, or place it in \.\.\/shared\/bin/);
  });

  it("downloads the official Tempo release (tar.gz), checks its sha256 and caches it", async () => {
    const stage = join(dir, "stage");
    exe(join(stage, "tempo"), "#!/bin/sh\necho tempo-from-release\n");
    const tgz = join(dir, "tempo_2.0.1_linux_amd64.tar.gz");
    expect(spawnSync("tar", ["-czf", tgz, "-C", stage, "tempo"]).status).toBe(0);
    const archive = readFileSync(tgz);
    const sum = createHash("sha256").update(archive).digest("hex");
    const urls: string[] = [];
    const fetchImpl = async (url: string) => {
      urls.push(url);
      if (url.endsWith("/tempo_2.0.1_linux_amd64.tar.gz")) return new Response(archive);
      if (url.endsWith("/tempo_2.0.1_checksums.txt")) return new Response(`${sum}  tempo_2.0.1_linux_amd64.tar.gz\n`);
      return new Response("no", { status: 404 });
    };
    const o = { ...base(), fetchImpl, platform: "linux", arch: "x64" };
    const found = await mod.findBinary("tempo", o);
    expect(found.source).toBe("download");
    expect(found.path).toBe(join(dir, "c", "sightline", "bin", "tempo-2.0.1-linux-amd64", "tempo"));
    expect(spawnSync(found.path, { encoding: "utf8" }).stdout).toBe("tempo-from-release\n");
    expect(urls.sort()).toEqual([
      "https://github.com/grafana/tempo/releases/download/v2.0.1/tempo_2.0.1_checksums.txt",
      "https://github.com/grafana/tempo/releases/download/v2.0.1/tempo_2.0.1_linux_amd64.tar.gz",
    ]);
    // Second time: from the cache, no network.
    expect(await mod.findBinary("tempo", { ...o, fetchImpl: noNet })).toEqual(found);
  });

  it("rejects a downloaded archive whose checksum does not match", async () => {
    const fetchImpl = async (url: string) =>
      url.endsWith("SHA256SUMS")
        ? new Response(`${"0".repeat(64)}  loki-linux-arm64.zip\n`)
        : new Response(Buffer.from("PK not really"));
    const err = await mod.findBinary("loki", { ...base(), fetchImpl, platform: "linux", arch: "arm64" }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/loki-linux-arm64\.zip: sha256 [0-9a-f]{64}, but the release says 0{64}/);
  });
});

/** A one-member zip with a deflated entry, as `zip` writes it (local header, data, central dir, end). */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + n.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

describe("unzipMember", () => {
  it("extracts a deflated member through the central directory", () => {
    const content = Buffer.from(`#!/bin/sh\n${"echo loki\n".repeat(50)}`);
    const zip = zipOf("loki-linux-amd64", content);
    expect(zip.length).toBeLessThan(content.length); // it really is deflated
    expect(mod.unzipMember(zip, "loki-linux-amd64").equals(content)).toBe(true);
    expect(() => mod.unzipMember(zip, "tempo")).toThrow("zip: no tempo in the archive");
    expect(() => mod.unzipMember(Buffer.from("not a zip at all, really not"), "x")).toThrow(/not a zip archive/);
  });
});
