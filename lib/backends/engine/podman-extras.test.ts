// Podman-only parts of the engine adapter against recorded 4.3 answers: `generate kube` (YAML
// sent as application/x-tar; unknown names are a 500) and a pod's infra container left out.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineBackend } from "./client";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");
const OPTS = { timeoutMs: 5000, maxBytes: 1_000_000 };
const PODMAN = { "Libpod-Api-Version": "4.3.1", "Api-Version": "1.41", Server: "Libpod/4.3.1 (linux)" };

let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { ...PODMAN, "Content-Type": "application/json" }).end(JSON.stringify(body));
    if (u.pathname === "/_ping") return res.writeHead(200, { ...PODMAN, "Content-Type": "text/plain" }).end("OK");
    if (u.pathname === "/v1.41/version") return json(200, { Version: "4.3.1", ApiVersion: "1.41" });
    if (u.pathname === "/v4.0.0/libpod/containers/json")
      return res
        .writeHead(200, { ...PODMAN, "Content-Type": "application/json" })
        .end(fixture("podman-4.3-libpod-list-pod.json"));
    if (u.pathname === "/v4.0.0/libpod/generate/kube") {
      if (u.searchParams.get("names") === "web1")
        return res
          .writeHead(200, { ...PODMAN, "Content-Type": "application/x-tar" })
          .end(fixture("podman-4.3-generate-kube-web1.yaml"));
      const cause = `name or ID "${u.searchParams.get("names")}" not found`;
      return json(500, { cause, message: `generating YAML: ${cause}`, response: 500 });
    }
    json(500, { cause: "boom", message: "boom", response: 500 });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe("Podman extras", () => {
  it("generate kube: the recorded YAML, whatever the Content-Type says", async () => {
    const e = createEngineBackend({ raw: base, baseUrl: base }, OPTS);
    const yaml = await e.generateKube?.("web1");
    expect(yaml).toMatch(/^# Save the output of this file/);
    expect(yaml).toContain("kind: Pod");
    expect(yaml).toContain("name: web1-pod");
  });

  it("generate kube: an unknown name (a 500 'not found' in 4.3) is undefined, not an error", async () => {
    const e = createEngineBackend({ raw: base, baseUrl: base }, OPTS);
    expect(await e.generateKube?.("nope")).toBeUndefined();
  });

  it("a pod's infra container is left out; its other container keeps the pod", async () => {
    const e = createEngineBackend({ raw: base, baseUrl: base }, OPTS);
    const list = await e.list();
    expect(list.map((c) => c.name)).not.toContain("3d1e1d8239e4-infra");
    expect(list.find((c) => c.name === "lc-pod-app")?.pod).toMatchObject({ name: "lc-pod" });
    expect(list).toHaveLength(5);
  });
});
