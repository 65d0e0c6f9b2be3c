import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("mock server CLI", () => {
  it("prints its URLs, writes the ports file, honours options and exits cleanly on SIGTERM", async () => {
    const portsFile = join(mkdtempSync(join(tmpdir(), "sightline-mocks-")), "ports.json");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "mocks/server/cli.ts",
        "--seed",
        "3",
        "--ports-file",
        portsFile,
        "--loki-labels",
        "custom",
        "--jaeger-api",
        "v1",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const nl = out.indexOf("\n");
          if (nl >= 0) resolve(out.slice(0, nl));
        });
        child.stderr.on("data", (d: Buffer) => reject(new Error(d.toString())));
        setTimeout(() => reject(new Error("no output within 20 s")), 20_000);
      });
      const info = JSON.parse(line) as { urls: Record<string, string>; control: string };
      expect(readFileSync(portsFile, "utf8").trim()).toBe(line);
      expect(Object.keys(info.urls).sort()).toEqual(["engine", "jaeger", "kubernetes", "loki", "prometheus", "tempo"]);
      const pods = (await (await fetch(`${info.urls.kubernetes}/api/v1/pods?limit=2`)).json()) as {
        items: { metadata: { namespace: string } }[];
        metadata: { continue?: string };
      };
      expect(pods.items.map((p) => p.metadata.namespace)).toEqual(["shop", "shop"]);
      expect(pods.metadata.continue).toBeTruthy();
      expect((await fetch(`${info.urls.jaeger}/api/v3/services`)).status).toBe(404);
      expect((await fetch(`${info.urls.jaeger}/api/services`)).status).toBe(200);
      const labels = (await (await fetch(`${info.urls.loki}/loki/api/v1/labels`)).json()) as { data: string[] };
      expect(labels.data).toContain("ctr_name");
      expect((await fetch(`${info.control}/faults`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
