// The real mocks without the real environment: line formats, the Podman log stream (a fake
// engine on a unix socket), and the traces built from the IDs in the lines.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTraceRef } from "./line-parse";
import { PodmanLogStore } from "./log-store";
import { TraceIndex } from "./trace-index";

const T = "2c4d87704d15565aa38c99f600db6813";
const FE = `ts=2026-11-21T22:34:50Z level=info caller=http.go:88 msg="request completed" method=POST route=/api/checkout status=200 duration_ms=20 trace_id=${T} span_id=aaaaaaaaaaaaaaaa`;
const CART = `{"time":"2026-11-21T22:34:51Z","level":"info","service":"cart","msg":"request handled","method":"POST","route":"/api/cart/checkout","status":200,"duration_ms":12,"traceId":"${T}","spanId":"bbbbbbbbbbbbbbbb"}`;
const PAY = `2026-11-21T22:34:51.000Z ERROR 1 --- [payments] [nio-8080-exec-1] [${T}-cccccccccccccccc] c.s.payments.web.PaymentController      : POST /api/payments/charge failed status=502 duration=210ms`;
const WEB = `level=info msg="GET /cart" traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-dddddddddddddddd-01`;

function frame(text: string, stream = 1): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe("line formats", () => {
  it("reads trace, span, route, status and error from all four shop formats", () => {
    expect(parseTraceRef(FE)).toMatchObject({
      traceId: T,
      spanId: "aaaaaaaaaaaaaaaa",
      route: "/api/checkout",
      status: 200,
      durationMs: 20,
      error: false,
    });
    expect(parseTraceRef(CART)).toMatchObject({
      traceId: T,
      spanId: "bbbbbbbbbbbbbbbb",
      method: "POST",
      status: 200,
      error: false,
    });
    expect(parseTraceRef(PAY)).toMatchObject({
      traceId: T,
      spanId: "cccccccccccccccc",
      method: "POST",
      route: "/api/payments/charge",
      status: 502,
      durationMs: 210,
      error: true,
    });
    expect(parseTraceRef(WEB)).toMatchObject({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      method: "GET",
      route: "/cart",
      error: false,
    });
  });

  it("ignores lines without a trace ID", () => {
    expect(parseTraceRef("Terminated")).toBeUndefined();
    expect(
      parseTraceRef("\tat com.shop.payments.gateway.IssuerClient.authorize(IssuerClient.java:88)"),
    ).toBeUndefined();
    expect(parseTraceRef('{"level":"warn","msg":"redis latency above threshold"}')).toBeUndefined();
  });
});

describe("PodmanLogStore against a fake engine", () => {
  const dir = mkdtempSync(join(tmpdir(), "real-mocks-test-"));
  const sock = join(dir, "engine.sock");
  const ID = "f".repeat(64);
  let lines: string[] = [];
  const sinces: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://d");
    if (u.pathname === "/v1.41/containers/json") {
      const labels = { "com.docker.compose.project": "shop", "com.docker.compose.service": "frontend" };
      return res.end(JSON.stringify([{ Id: ID, Names: ["/shop-frontend-1"], Labels: labels }]));
    }
    if (u.pathname === `/v1.41/containers/${ID}/json`)
      return res.end(JSON.stringify({ Config: { Hostname: "frontend" } }));
    if (u.pathname === `/v1.41/containers/${ID}/logs`) {
      const since = Number(u.searchParams.get("since"));
      sinces.push(String(since));
      const out = lines.filter((l) => Date.parse(l.slice(0, l.indexOf(" "))) / 1000 >= since);
      return res.end(Buffer.concat(out.map((l) => frame(`${l}\n`))));
    }
    res.statusCode = 404;
    res.end();
  });
  beforeAll(() => new Promise<void>((r) => server.listen(sock, r)));
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("labels like Alloy, adds 1 ns per extra line of a second, and reads each line once", async () => {
    const store = new PodmanLogStore(sock);
    const seen: string[] = [];
    store.onLine((o, ns, line) => seen.push(`${o.service}/${o.hostname} ${ns} ${line}`));
    lines = ["2026-11-21T22:34:50Z one", "2026-11-21T22:34:50Z two"];
    await store.refresh();
    lines.push("2026-11-21T22:34:50Z three", "2026-11-21T22:34:51Z four");
    await store.refresh();
    expect(sinces).toEqual(["0", "1795300490"]);
    const [s] = store.streams();
    expect(s?.labels).toEqual({
      container: "shop-frontend-1",
      job: "podman",
      compose_service: "frontend",
      compose_project: "shop",
    });
    const got = s?.entriesIn(0n, 1795300492_000_000_000n).map((e) => [e.ns, e.line]);
    expect(got).toEqual([
      ["1795300490000000000", "one"],
      ["1795300490000000001", "two"],
      ["1795300490000000002", "three"],
      ["1795300491000000000", "four"],
    ]);
    expect(s?.countIn?.(1795300490_000_000_001n, 1795300491_000_000_000n)).toBe(2);
    expect(seen[0]).toBe("frontend/frontend 1795300490000000000 one");
    expect(seen).toHaveLength(4);
  });
});

describe("TraceIndex", () => {
  const origin = (service: string) => ({
    id: `${service[0]}`.repeat(64),
    name: `shop-${service}-1`,
    service,
    hostname: service,
  });

  it("builds frontend → cart → payments with container resources; callers enclose callees", () => {
    const idx = new TraceIndex();
    idx.add(origin("payments"), 1795300491_000_000_000n, PAY);
    idx.add(origin("frontend"), 1795300490_000_000_000n, FE);
    idx.add(origin("cart"), 1795300491_000_000_000n, CART);
    const spans = idx.trace(T.toUpperCase()) ?? [];
    expect(spans.map((s) => [s.resource.serviceName, s.spanId, s.parentSpanId])).toEqual([
      ["frontend", "aaaaaaaaaaaaaaaa", undefined],
      ["cart", "bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"],
      ["payments", "cccccccccccccccc", "bbbbbbbbbbbbbbbb"],
    ]);
    expect(spans[2]?.status).toBe("error");
    expect(spans[2]?.resource.attributes).toEqual({
      "service.name": "payments",
      "container.id": "p".repeat(64),
      "container.name": "shop-payments-1",
      "host.name": "payments",
    });
    for (let i = 0; i + 1 < spans.length; i++) {
      const [p, c] = [spans[i], spans[i + 1]];
      if (!p || !c) continue;
      expect(p.startUs).toBeLessThan(c.startUs);
      expect(p.startUs + p.durationUs).toBeGreaterThan(c.startUs + c.durationUs);
    }
    expect(idx.services()).toEqual(["cart", "frontend", "payments"]);
    const q = { service: "cart", startMinUs: 0, startMaxUs: Number.MAX_SAFE_INTEGER, limit: 10 };
    expect(idx.findTraces({ ...q, attributes: { "container.id": "c".repeat(64) } })).toHaveLength(1);
    expect(idx.findTraces({ ...q, attributes: { "container.id": "0".repeat(64) } })).toHaveLength(0);
  });
});
