// Secrets never leave the server: configure every kind of credential, let every backend fail
// in the most talkative way (a proxy echoing the request's headers in its error page), and
// scan what the API answers for any of them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig, resetConfigForTests } from "../config";
import { setSecrets } from "../model/redact";

const SECRETS = {
  basicPass: "basic-Pass-9f2k",
  urlPass: "url-Pass-7d1q",
  bearer: "bearer-Tok-4h8z",
  header: "hdr-Key-2m6w",
};
const ALL = [...Object.values(SECRETS), Buffer.from(`bob:${SECRETS.urlPass}`).toString("base64")];

let server: http.Server;
let base = "";
const saved = { ...process.env };

beforeAll(async () => {
  // Answers 500 with everything it was sent: URL, Authorization and every other header.
  server = http.createServer((req, res) => {
    res.writeHead(500, { "Content-Type": "text/plain" });
    res.end(
      `upstream failed for http://bob:${SECRETS.urlPass}@${req.headers.host}${req.url} ${JSON.stringify(req.headers)}`,
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://bob:${SECRETS.urlPass}@${base}/prom`,
    LOKI_URL: `http://${base}/loki`,
    LOKI_BEARER_TOKEN: SECRETS.bearer,
    LOKI_HEADERS: `X-Api-Key=${SECRETS.header}`,
    JAEGER_URL: `http://${base}/jaeger`,
    JAEGER_BASIC_AUTH: `bob:${SECRETS.basicPass}`,
    ENGINE_URLS: `http://eve:${SECRETS.urlPass}@127.0.0.1:9`,
  });
  resetConfigForTests();
});

afterAll(async () => {
  process.env = saved;
  resetConfigForTests();
  setSecrets([]);
  (globalThis as { __sightlineBackends?: unknown }).__sightlineBackends = undefined;
  await new Promise((r) => server.close(r));
});

function expectNoSecret(text: string) {
  for (const s of ALL) expect(text, `leaked ${s}`).not.toContain(s);
}

describe("secrets in API responses", () => {
  it("/api/health names each failure without any credential", async () => {
    const { GET } = await import("../../app/api/health/route");
    const res = await GET(new Request("http://sightline/api/health"));
    const body = await res.text();
    expect(body).toMatch(/prometheus/);
    expect(JSON.parse(body).backends.some((b: { ok: boolean }) => !b.ok)).toBe(true);
    expectNoSecret(body);
  });

  it("/api/traces/{id} error text is redacted", async () => {
    const { GET } = await import("../../app/api/traces/[traceId]/route");
    const res = await GET(new Request("http://sightline/api/traces/4bf92f3577b34da6a3ce929d0e0e4736"), {
      params: Promise.resolve({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736" }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectNoSecret(await res.text());
  });
});

describe("credentials in URLs at start-up", () => {
  it("a backend URL's user:password@ moves into basic auth and out of the URL", () => {
    const cfg = parseConfig({ LOKI_URL: "https://al%40ice:p%3Ass@loki.example:3100/x/" });
    expect(cfg.loki?.url).toBe("https://loki.example:3100/x");
    expect(cfg.loki?.auth.basicAuth).toEqual({ user: "al@ice", password: "p:ss" });
  });
  it("JAEGER_UI_URL no longer inherits JAEGER_URL's credentials", () => {
    const cfg = parseConfig({ JAEGER_URL: "http://u:secret@jaeger:16686" });
    expect(cfg.jaegerUiUrl).toBe("http://jaeger:16686");
  });
  it("links shown to users with credentials, or two kinds of credentials, stop start-up", () => {
    expect(() => parseConfig({ JAEGER_UI_URL: "http://u:p@jaeger" })).toThrow(ConfigError);
    expect(() => parseConfig({ GRAFANA_URL: "http://u:p@grafana" })).toThrow(ConfigError);
    expect(() => parseConfig({ LOKI_URL: "http://u:p@loki", LOKI_BEARER_TOKEN: "t" })).toThrow(/keep one/);
  });
});
