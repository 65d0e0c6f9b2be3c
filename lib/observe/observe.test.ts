import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../backends/http";
import { installHttpHook } from "./http-hook";
import { operationOf, outcomeOf, selfMetrics } from "./metrics";
import { currentRequestId, requestIdFrom, requestStorage } from "./request-context";
import { routeMatcher } from "./routes";

describe("routeMatcher", () => {
  const match = routeMatcher([
    "/api/containers/[ref]",
    "/api/containers/[ref]/logs",
    "/api/containers/[ref]/logs/tail",
    "/api/containers",
    "/containers/[ref]",
    "/traces/[traceId]",
    "/",
    "/_not-found",
  ]);
  it("maps paths to their route patterns, static segments first", () => {
    expect(match("/api/containers")).toBe("/api/containers");
    expect(match("/api/containers/shop-cart-1")).toBe("/api/containers/[ref]");
    expect(match("/api/containers/shop-cart-1/logs")).toBe("/api/containers/[ref]/logs");
    expect(match("/api/containers/a%2Fb/logs/tail")).toBe("/api/containers/[ref]/logs/tail");
    expect(match("/traces/abc/")).toBe("/traces/[traceId]");
    expect(match("/")).toBe("/");
  });
  it("keeps labels bounded: unknown paths are 'other', assets one label", () => {
    expect(match("/api/containers/x/y/z/w")).toBe("other");
    expect(match(`/${"a".repeat(5000)}`)).toBe("other");
    expect(match("/_next/static/chunks/abc.js")).toBe("/_next/static");
  });
});

describe("operationOf / outcomeOf", () => {
  it("names an operation from the path's fixed words only", () => {
    expect(operationOf("/api/v1/query_range")).toBe("query_range");
    expect(operationOf("/api/v1/label/job/values")).toBe("label_values");
    expect(operationOf("/api/v1/label/values/values")).toBe("label_values_values");
    expect(operationOf("/loki/api/v1/query_range?query=x")).toBe("query_range");
    expect(operationOf("/api/v3/traces/0af7651916cd43dd8448eb211c80319c")).toBe("traces");
    expect(operationOf("/v1.41/containers/abc123/json")).toBe("containers_json");
    expect(operationOf("/some/user/supplied/path")).toBe("other");
  });
  it("classifies outcomes", () => {
    expect(outcomeOf(200)).toBe("ok");
    expect(outcomeOf(404)).toBe("http_4xx");
    expect(outcomeOf(502)).toBe("http_5xx");
    expect(outcomeOf(undefined, "timeout")).toBe("timeout");
  });
});

describe("requestIdFrom", () => {
  it("keeps a plain caller id and replaces anything else", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
    expect(requestIdFrom("bad id\nwith newline")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom("x".repeat(65))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the HTTP hook and the transport", () => {
  const lines: string[] = [];
  let backendSaw: string | undefined;
  let backend: http.Server;
  let app: http.Server;
  let appUrl = "";
  let backendUrl = "";

  beforeAll(async () => {
    installHttpHook({ route: routeMatcher(["/api/thing/[id]"]), write: (l) => lines.push(l) });
    backend = http.createServer((req, res) => {
      // rawHeaders: what the client sent (the hook also runs on this server and adds an id).
      const i = req.rawHeaders.findIndex((h) => h.toLowerCase() === "x-request-id");
      backendSaw = i >= 0 ? req.rawHeaders[i + 1] : undefined;
      res.setHeader("Content-Type", "application/json");
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    // The "app": answers after calling the backend, like a route handler would.
    app = http.createServer(async (req, res) => {
      await new Promise((r) => setTimeout(r, 5));
      const r = await request(
        { backend: "loki", baseUrl: backendUrl, timeoutMs: 2000, maxBytes: 1024 },
        { path: "/loki/api/v1/query_range" },
      );
      res.statusCode = req.url?.includes("fail") ? 502 : 200;
      res.end(JSON.stringify({ id: currentRequestId(), backend: r.status }));
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => app.close(r));
    await new Promise((r) => backend.close(r));
  });

  it("gives each request an id, carries it across awaits to the backend, echoes and logs it", async () => {
    const res = await fetch(`${appUrl}/api/thing/42`, { headers: { "X-Request-Id": "req-abc" } });
    const body = (await res.json()) as { id: string };
    expect(res.headers.get("x-request-id")).toBe("req-abc");
    expect(body.id).toBe("req-abc");
    expect(backendSaw).toBe("req-abc");
    await new Promise((r) => setTimeout(r, 20));
    // The backend here is an http.Server in this process too: it logs the same id (what an
    // operator greps for), under its own path.
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === "req-abc" && l.path === "/api/thing/42");
    expect(line).toMatchObject({ msg: "request", method: "GET", route: "/api/thing/[id]", status: 200 });
    expect(typeof line.durationMs).toBe("number");
  });

  it("counts requests by route and status and backend calls by operation", async () => {
    await fetch(`${appUrl}/api/thing/7?fail=1`);
    await new Promise((r) => setTimeout(r, 20));
    const text = await selfMetrics().registry.metrics();
    expect(text).toMatch(/sightline_http_requests_total\{route="\/api\/thing\/\[id\]",method="GET",status="502"\} 1/);
    expect(text).toMatch(
      /sightline_backend_request_duration_seconds_count\{backend="loki",operation="query_range",outcome="ok"\} [1-9]/,
    );
    const errLine = lines.map((l) => JSON.parse(l)).find((l) => l.status === 502);
    expect(errLine.level).toBe("error");
  });

  it("requests outside any HTTP request carry no id", async () => {
    expect(currentRequestId()).toBeUndefined();
    backendSaw = "unset";
    await request(
      { backend: "loki", baseUrl: backendUrl, timeoutMs: 2000, maxBytes: 1024 },
      { path: "/loki/api/v1/labels" },
    );
    expect(backendSaw).toBeUndefined();
    const inside = await requestStorage().run({ requestId: "outer" }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentRequestId();
    });
    expect(inside).toBe("outer");
  });
});

describe("the registry", () => {
  it("has process metrics and no gauge named like a counter (promtool's rule)", async () => {
    const metrics = await selfMetrics().registry.getMetricsAsJSON();
    const names = metrics.map((m) => m.name);
    expect(names).toContain("process_cpu_seconds_total");
    expect(names).toContain("nodejs_active_handles");
    for (const m of metrics) if (m.name.endsWith("_total")) expect(m.type, m.name).toBe("counter");
  });
});
