import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, traceBackendLabel } from "./config";

describe("parseConfig", () => {
  it("runs the demo world when nothing is configured", () => {
    const c = parseConfig({});
    expect(c.demo).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.frameAncestors).toBe("'self'");
  });
  it("reads every backend, auth, headers, tenant and timeouts", () => {
    const c = parseConfig({
      PROMETHEUS_URL: "http://prom:9090/",
      PROMETHEUS_BEARER_TOKEN: "t0k",
      LOKI_URL: "https://loki.example/base",
      LOKI_BASIC_AUTH: "user:pa:ss",
      LOKI_TENANT: "team-a",
      LOKI_HEADERS: "X-Extra=1, X-Other=two",
      JAEGER_URL: "http://jaeger:16686",
      JAEGER_HEADERS: '{"X-Json":"yes"}',
      JAEGER_TIMEOUT_MS: "2500",
      ENGINE_URLS: "unix:///run/podman/podman.sock, http://docker:2375",
      PORT: "8080",
    });
    expect(c.demo).toBe(false);
    expect(c.prometheus).toEqual({
      url: "http://prom:9090",
      timeoutMs: 15000,
      auth: { bearerToken: "t0k", basicAuth: undefined, headers: {} },
    });
    expect(c.loki?.auth.basicAuth).toEqual({ user: "user", password: "pa:ss" });
    expect(c.loki?.auth.headers).toEqual({ "X-Extra": "1", "X-Other": "two", "X-Scope-OrgID": "team-a" });
    expect(c.jaeger?.timeoutMs).toBe(2500);
    expect(c.jaeger?.auth.headers).toEqual({ "X-Json": "yes" });
    expect(c.engines).toEqual([
      { raw: "unix:///run/podman/podman.sock", socketPath: "/run/podman/podman.sock" },
      { raw: "http://docker:2375", baseUrl: "http://docker:2375" },
    ]);
    expect(c.port).toBe(8080);
  });
  it("treats empty strings as unset", () => {
    expect(parseConfig({ PROMETHEUS_URL: "", ENGINE_URLS: "" }).demo).toBe(true);
  });
  it.each([
    [{ PROMETHEUS_URL: "prometheus:9090" }, "PROMETHEUS_URL"],
    [{ LOKI_URL: "ftp://loki" }, "LOKI_URL"],
    [{ ENGINE_URLS: "tcp://docker:2375" }, "ENGINE_URLS"],
    [{ ENGINE_URLS: "unix://relative.sock" }, "ENGINE_URLS"],
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ JAEGER_TIMEOUT_MS: "0" }, "JAEGER_TIMEOUT_MS"],
    [{ LOKI_BASIC_AUTH: "nocolon" }, "LOKI_BASIC_AUTH"],
    [{ PROMETHEUS_HEADERS: "novalue" }, "PROMETHEUS_HEADERS"],
  ])("rejects %j naming %s", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(name);
  });
  it("lists every bad variable at once", () => {
    try {
      parseConfig({ PORT: "x", LOKI_URL: "nope" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/LOKI_URL/);
    }
  });
  it("reads HOST, the request log switch and the readiness requirements", () => {
    const d = parseConfig({});
    expect(d.host).toBe("127.0.0.1");
    expect(d.requestLog).toBe(true);
    expect(d.readyRequires).toEqual([]);
    const c = parseConfig({
      HOST: "0.0.0.0",
      SIGHTLINE_REQUEST_LOG: "off",
      SIGHTLINE_READY_REQUIRES: "prometheus, loki",
    });
    expect(c.host).toBe("0.0.0.0");
    expect(c.requestLog).toBe(false);
    expect(c.readyRequires).toEqual(["prometheus", "loki"]);
  });
  it.each([
    ["HOST", "bad host name!"],
    ["SIGHTLINE_REQUEST_LOG", "maybe"],
    ["SIGHTLINE_READY_REQUIRES", "prometheus,elastic"],
  ])("refuses a bad %s naming it", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});

describe("ENGINE_URLS kubernetes", () => {
  it("accepts in-cluster, kubeconfig contexts and API URLs, each a named cluster", () => {
    const c = parseConfig({
      ENGINE_URLS:
        "kubernetes://in-cluster,kubernetes://kind-shop?namespace=shop&namespace=db,kubernetes+https://10.0.0.1:6443?cluster=edge,unix:///run/podman/podman.sock",
    });
    expect(c.engines.map((e) => e.kubernetes)).toEqual([
      { mode: "in-cluster", cluster: "in-cluster", namespaces: [] },
      { mode: "context", context: "kind-shop", cluster: "kind-shop", namespaces: ["shop", "db"] },
      { mode: "url", url: "https://10.0.0.1:6443", cluster: "edge", namespaces: [] },
      undefined,
    ]);
  });

  it("refuses two clusters with one name and unknown parameters", () => {
    expect(() => parseConfig({ ENGINE_URLS: "kubernetes://a?cluster=x,kubernetes://b?cluster=x" })).toThrow(
      /two clusters named x/,
    );
    expect(() => parseConfig({ ENGINE_URLS: "kubernetes://a?token=secret" })).toThrow(/unknown parameter token/);
    expect(() => parseConfig({ ENGINE_URLS: "kubernetes://" })).toThrow(/names no context/);
  });
});

describe("TEMPO_*", () => {
  it("configures Tempo with the same auth options as the others, plus TEMPO_TENANT", () => {
    const c = parseConfig({
      TEMPO_URL: "http://tempo:3200",
      TEMPO_BASIC_AUTH: "u:p:w",
      TEMPO_BEARER_TOKEN: "tok",
      TEMPO_HEADERS: "X-A=1",
      TEMPO_TENANT: "team-a",
      TEMPO_TIMEOUT_MS: "2500",
    });
    expect(c.demo).toBe(false);
    expect(c.jaeger).toBeUndefined();
    expect(c.tempo).toEqual({
      url: "http://tempo:3200",
      timeoutMs: 2500,
      auth: {
        bearerToken: "tok",
        basicAuth: { user: "u", password: "p:w" },
        headers: { "X-A": "1", "X-Scope-OrgID": "team-a" },
      },
    });
  });
  it("Jaeger and Tempo together; a bad TEMPO_URL is named", () => {
    const c = parseConfig({ JAEGER_URL: "http://j:16686", TEMPO_URL: "http://t:3200" });
    expect([c.jaeger?.url, c.tempo?.url]).toEqual(["http://j:16686", "http://t:3200"]);
    expect(() => parseConfig({ TEMPO_URL: "tempo:3200" })).toThrow("TEMPO_URL");
  });
  it("names the trace store in the UI after what is configured, never Jaeger for a Tempo", () => {
    expect(traceBackendLabel(parseConfig({ TEMPO_URL: "http://t:3200" }))).toBe("Tempo");
    expect(traceBackendLabel(parseConfig({ JAEGER_URL: "http://j:16686" }))).toBe("Jaeger");
    expect(traceBackendLabel(parseConfig({ JAEGER_URL: "http://j:16686", TEMPO_URL: "http://t:3200" }))).toBe(
      "Jaeger + Tempo",
    );
  });
});
