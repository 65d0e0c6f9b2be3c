// GET /api/health answered in the request hook, before Next.js (issue #13: under load the
// framework's pipeline made a lookup in memory take seconds). It must be the answer the
// framework path gives — the same access control (Host check, authentication), the same
// security headers and audit line, the same report — and leave to the framework whatever it
// does not answer itself (a refusal, another method, another path).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { proxy } from "../../proxy";
import { resetConfigForTests } from "../config";
import { installHttpHook } from "../observe/http-hook";
import { routeMatcher } from "../observe/routes";
import { answerHealthEarly } from "./health-early";
import { checkHealth } from "./health";

let prom: http.Server;
let app: http.Server;
let url = "";
/** Requests that went on to the framework (here: a stand-in that answers 299). */
let framework: string[] = [];
const saved = { ...process.env };

function setEnv(vars: Record<string, string>) {
  for (const k of Object.keys(process.env))
    if (k.startsWith("SIGHTLINE_AUTH") || k === "SIGHTLINE_AUDIT_LOG") delete process.env[k];
  Object.assign(process.env, vars);
  resetConfigForTests();
}

beforeAll(async () => {
  prom = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: "success", data: { version: "2.42.0" } }));
  });
  await new Promise<void>((r) => prom.listen(0, "127.0.0.1", r));
  process.env.PROMETHEUS_URL = `http://127.0.0.1:${(prom.address() as AddressInfo).port}`;
  for (const k of ["LOKI_URL", "JAEGER_URL", "TEMPO_URL", "ENGINE_URLS", "SIGHTLINE_DEMO"]) delete process.env[k];
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  installHttpHook({ route: routeMatcher([]), write: () => {}, early: answerHealthEarly });
  app = http.createServer((req, res) => {
    framework.push(`${req.method} ${req.url}`);
    res.writeHead(299);
    res.end("framework");
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.env = saved;
  resetConfigForTests();
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  await new Promise((r) => app.close(r));
  await new Promise((r) => prom.close(r));
});

beforeEach(() => {
  framework = [];
  setEnv({});
  vi.restoreAllMocks();
});

describe("/api/health before Next.js", () => {
  it("answers the shared report with the headers proxy.ts would set, without the framework", async () => {
    const r = await fetch(`${url}/api/health`);
    expect(r.status).toBe(200);
    expect(framework).toEqual([]);
    expect(await r.json()).toEqual(JSON.parse(JSON.stringify(await checkHealth())));
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("x-request-id")).toBeTruthy();
    // The security headers proxy.ts's access step puts on an API answer.
    const viaProxy = await proxy(new NextRequest(`${url}/api/health`, { headers: { host: new URL(url).host } }));
    for (const h of [
      "x-frame-options",
      "x-content-type-options",
      "referrer-policy",
      "cross-origin-opener-policy",
      "strict-transport-security",
    ])
      expect(r.headers.get(h), h).toBe(viaProxy.headers.get(h));
    const csp = (v: string | null) => v?.replace(/'nonce-[^']+'/, "'nonce-…'");
    expect(csp(r.headers.get("content-security-policy"))).toBe(csp(viaProxy.headers.get("content-security-policy")));
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
  });

  it("leaves a foreign Host to the framework (which answers 421)", async () => {
    const r = await new Promise<number>((resolve, reject) => {
      http
        .get(`${url}/api/health`, { headers: { host: "evil.example" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(r).toBe(299);
    expect(framework).toEqual(["GET /api/health"]);
  });

  it("leaves other methods and paths to the framework", async () => {
    expect((await fetch(`${url}/api/health`, { method: "POST" })).status).toBe(299);
    expect((await fetch(`${url}/api/healthz`)).status).toBe(299);
    expect((await fetch(`${url}/livez`)).status).toBe(299);
    expect(framework).toEqual(["POST /api/health", "GET /api/healthz", "GET /livez"]);
  });

  it("with authentication on: an unauthenticated caller goes on to the framework's 401, a signed-in one is answered and audited", async () => {
    setEnv({
      SIGHTLINE_AUTH: "proxy",
      SIGHTLINE_AUTH_PROXY_SECRET: "s3cret-s3cret-s3cret",
      SIGHTLINE_AUDIT_LOG: "1",
    });
    const audit = vi.spyOn(console, "log").mockImplementation(() => {});
    expect((await fetch(`${url}/api/health`)).status).toBe(299);
    expect((await fetch(`${url}/api/health`, { headers: { "X-Sightline-Proxy-Secret": "wrong" } })).status).toBe(299);
    expect(framework).toEqual(["GET /api/health", "GET /api/health"]);
    const ok = await fetch(`${url}/api/health`, {
      headers: { "X-Sightline-Proxy-Secret": "s3cret-s3cret-s3cret", "X-Forwarded-User": "ada" },
    });
    expect(ok.status).toBe(200);
    expect(framework).toHaveLength(2);
    const lines = audit.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ audit: "sightline", who: "ada", via: "proxy", route: "/api/health", outcome: 200 }),
    ]);
  });
});
