// The logs API's fast path in the request hook (lib/server/logs-early.ts, #15: ≥ 1,000 req/s):
// a kept answer is sent before Next.js, and it must be exactly what the framework path sends —
// same status, same headers in the same order, same body, same audit line — while everything
// the framework path refuses (no session, a container outside the caller's scope, a bad
// parameter, an answer not kept or no longer fresh) is left to it.
//
// "The framework" here is Next.js's path re-enacted with the real pieces: Next's compression
// middleware, proxy.ts, the NextResponse.next() request-header protocol, the route module, and
// the Vary Next puts on App Router answers (checked against `next start` of this build:
// `curl -D - …/api/containers/x/logs?…`). Two servers run it: `hooked` behind the request
// hook with the fast path, `plain` without the hook (the reference answer).
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import compression from "next/dist/compiled/compression";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDemoBackends } from "../../mocks/server/demo-backends.test-helper";
import { proxy } from "../../proxy";
import { resetConfigForTests } from "../config";
import { installHttpHook, setMaxInFlight } from "../observe/http-hook";
import { routeMatcher } from "../observe/routes";
import { logsAnswerCache, OPEN_TTL_MS } from "./logs-cache";
import { answerLogsEarly } from "./logs-early";

type Handler = (req: Request, ctx: { params: Promise<{ ref: string }> }) => Promise<Response>;

const SECRET = "s3cret-s3cret-s3cret";
const IN = "shop-cart-1";
const OUT = "shop-payments-1";
const rawEmit = http.Server.prototype.emit;
const compressLikeNext = compression();
let demo: Awaited<ReturnType<typeof useDemoBackends>>;
let hooked: http.Server;
let plain: http.Server;
/** How long the hooked server's framework takes to reach the route (ms). */
let frameworkLagMs = 0;
/** Requests the hooked server handed on to the framework. */
let framework: string[] = [];
const saved = { ...process.env };

/** Next.js's path for /api/containers/[ref]/logs, from the pieces Next runs. */
async function nextLike(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  compressLikeNext(req, res, () => {});
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const url = `http://${req.headers.host}${req.url}`;
  const mw = await proxy(new NextRequest(url, { headers }));
  const send = async (r: Response) => {
    res.statusCode = r.status;
    const body = r.body ? Buffer.from(await r.arrayBuffer()) : undefined;
    if (body?.length) res.write(body);
    res.end();
  };
  if (!mw.headers.get("x-middleware-next")) {
    mw.headers.forEach((v, k) => {
      res.appendHeader(k, v);
    });
    return send(mw);
  }
  const routeHeaders = new Headers();
  for (const k of mw.headers.get("x-middleware-override-headers")?.split(",") ?? [])
    routeHeaders.set(k, mw.headers.get(`x-middleware-request-${k}`) ?? "");
  const m = /^\/api\/containers\/([^/]+)\/logs$/.exec(new URL(url).pathname);
  const { GET } = (await import("../../app/api/containers/[ref]/logs/route")) as { GET: Handler };
  const out = await GET(new Request(url, { headers: routeHeaders }), {
    params: Promise.resolve({ ref: m?.[1] ?? "" }),
  });
  mw.headers.forEach((v, k) => {
    if (!k.startsWith("x-middleware-")) res.appendHeader(k, v);
  });
  res.appendHeader("vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch");
  out.headers.forEach((v, k) => {
    res.appendHeader(k, v);
  });
  return send(out);
}

function listen(s: http.Server): Promise<string> {
  return new Promise((r) => s.listen(0, "127.0.0.1", () => r(`127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

interface Got {
  status: number;
  /** Raw header lines as sent (name case and order), minus per-request ones. */
  headers: string[];
  /** The body, decoded when it was compressed (an error's requestId left out). */
  body: string;
}

function get(host: string, path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    http
      .get(`http://${host}${path}`, { headers: { host, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const lines: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i] ?? "";
            if (/^(date|x-request-id)$/i.test(name)) continue;
            lines.push(`${name}: ${(res.rawHeaders[i + 1] ?? "").replace(/'nonce-[^']+'/, "'nonce-…'")}`);
          }
          const gz = res.headers["content-encoding"] === "gzip";
          // An error body names the request's id (the hooked server's requests have one).
          const body = (gz ? gunzipSync(raw) : raw).toString("utf8").replace(/,"requestId":"[^"]*"/, "");
          resolve({ status: res.statusCode ?? 0, headers: lines, body });
        });
      })
      .on("error", reject);
  });
}

const as = (user: string, extra: Record<string, string> = {}) => ({
  "X-Sightline-Proxy-Secret": SECRET,
  "X-Forwarded-User": user,
  ...extra,
});

/** The same request to the reference path and through the hook. */
async function both(path: string, headers: Record<string, string> = {}) {
  const before = framework.length;
  const viaHook = await get(hookedHost, path, headers);
  const reference = await get(plainHost, path, headers);
  return { reference, viaHook, handedOn: framework.length > before };
}

let plainHost = "";
let hookedHost = "";

beforeAll(async () => {
  demo = await useDemoBackends();
  const dir = mkdtempSync(join(tmpdir(), "logs-early-"));
  const policy = join(dir, "policy.json");
  writeFileSync(
    policy,
    JSON.stringify({ admins: { users: ["root"] }, rules: [{ users: ["ada"], allow: [{ service: "cart" }] }] }),
  );
  Object.assign(process.env, {
    SIGHTLINE_AUTH: "proxy",
    SIGHTLINE_AUTH_PROXY_SECRET: SECRET,
    SIGHTLINE_POLICY_FILE: policy,
    SIGHTLINE_AUDIT_LOG: "1",
  });
  resetConfigForTests();
  installHttpHook({ route: routeMatcher([]), write: () => {}, early: answerLogsEarly });
  hooked = http.createServer((req, res) => {
    framework.push(`${req.method} ${req.url}`);
    // Next's pipeline takes loop turns before the route runs (more of them under load).
    setTimeout(() => void nextLike(req, res), frameworkLagMs);
  });
  plain = http.createServer((req, res) => void nextLike(req, res));
  plain.emit = rawEmit; // no hook: the framework alone
  hookedHost = await listen(hooked);
  plainHost = await listen(plain);
});

afterAll(async () => {
  vi.useRealTimers();
  await new Promise((r) => hooked.close(r));
  await new Promise((r) => plain.close(r));
  await demo.restore();
  process.env = saved;
  resetConfigForTests();
});

beforeEach(() => {
  framework = [];
  logsAnswerCache().clear();
  vi.restoreAllMocks();
});

const now = Date.now();
const open = `from=${now - 3_600_000}&to=${now}&limit=100`;
const settled = `from=${now - 3_600_000}&to=${now - 120_000}&limit=100`;
const logs = (ref: string, query: string) => `/api/containers/${ref}/logs?${query}`;

describe("a kept logs answer, before Next.js", () => {
  it("is the framework's answer: status, headers in order, body — without the framework", async () => {
    const path = logs(IN, open);
    const first = await both(path, as("ada"));
    expect(first.reference.status).toBe(200);
    expect(first.handedOn).toBe(true); // not kept yet: the framework makes and keeps it
    const again = await both(path, as("ada"));
    expect(again.handedOn).toBe(false);
    expect(again.viaHook).toEqual(again.reference);
    expect(again.viaHook.headers).toContain("cache-control: no-store");
    expect(again.viaHook.headers).toContain("content-type: application/json");
    expect(again.viaHook.headers).toContain("x-content-type-options: nosniff");
    expect(JSON.parse(again.viaHook.body)).toMatchObject({ limit: 100 });
    expect(JSON.parse(again.viaHook.body).lines.length).toBeGreaterThan(0);
  });

  it("compressed for a client that accepts gzip, as Next's middleware does", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    const gz = await both(path, as("ada", { "Accept-Encoding": "gzip, deflate, br" }));
    expect(gz.handedOn).toBe(false);
    expect(gz.viaHook).toEqual(gz.reference);
    expect(gz.viaHook.headers).toContain("Content-Encoding: gzip");
    expect(gz.viaHook.headers).toContain(
      "Vary: rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding",
    );
  });

  it("a settled range: ETag and max-age, and 304 for a matching If-None-Match, as the route", async () => {
    const path = logs(IN, settled);
    await both(path, as("ada"));
    const hit = await both(path, as("ada"));
    expect(hit.handedOn).toBe(false);
    expect(hit.viaHook).toEqual(hit.reference);
    const etag = hit.viaHook.headers.find((h) => h.startsWith("etag: "))?.slice(6) ?? "";
    expect(etag).toMatch(/^"/);
    const notModified = await both(path, as("ada", { "If-None-Match": etag }));
    expect(notModified.reference.status).toBe(304);
    expect(notModified.handedOn).toBe(false);
    expect(notModified.viaHook).toEqual(notModified.reference);
  });

  it("identical requests while the answer is being made: one goes to the framework, the rest wait and take its answer", async () => {
    const path = logs(IN, open.replace("limit=100", "limit=50"));
    frameworkLagMs = 50;
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(hookedHost, path, as("ada")))).finally(
      () => (frameworkLagMs = 0),
    );
    expect(framework).toEqual([`GET ${path}`]);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(new Set(answers.map((a) => a.headers.join("\n"))).size).toBe(1);
  });

  it("one audit line per answer, the same as the route's", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    const audit = vi.spyOn(console, "log").mockImplementation(() => {});
    const r = await both(path, as("ada"));
    expect(r.handedOn).toBe(false);
    const lines = audit.mock.calls
      .map((c) => JSON.parse(String(c[0])) as Record<string, unknown>)
      .filter((l) => l.audit === "sightline")
      .map(({ at: _at, ...rest }) => rest);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual(lines[0]);
    expect(lines[0]).toMatchObject({ who: "ada", route: "/api/containers/[ref]/logs", container: IN, outcome: 200 });
  });
});

describe("load shedding", () => {
  it("never refuses a kept answer: it is sent before admission; a request for the framework is refused", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    setMaxInFlight(0); // every request admitted to the framework is refused (as when the loop runs late)
    try {
      const hit = await get(hookedHost, path, as("ada"));
      expect(hit.status).toBe(200);
      expect(JSON.parse(hit.body).lines.length).toBeGreaterThan(0);
      const miss = await get(hookedHost, logs(IN, open.replace("limit=100", "limit=99")), as("ada"));
      expect(miss.status).toBe(503);
    } finally {
      setMaxInFlight(Number.POSITIVE_INFINITY);
    }
  });
});

describe("what the route refuses goes to the framework, which refuses it", () => {
  it("no session (no proxy secret, a wrong one): the framework's 401", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    for (const h of [{ "X-Forwarded-User": "ada" }, as("ada", { "X-Sightline-Proxy-Secret": "wrong" })]) {
      const r = await both(path, h);
      expect(r.reference.status).toBe(401);
      expect(r.handedOn).toBe(true);
      expect(r.viaHook).toEqual(r.reference);
    }
  });

  it("a container outside the caller's scope is not found, even with its answer kept for someone who sees it", async () => {
    const path = logs(OUT, open);
    const admin = await both(path, as("root"));
    expect(admin.reference.status).toBe(200);
    expect((await both(path, as("root"))).handedOn).toBe(false); // kept, and served to root
    const r = await both(path, as("ada"));
    expect(r.reference.status).toBe(404);
    expect(r.handedOn).toBe(true);
    expect(r.viaHook).toEqual(r.reference);
    expect(r.viaHook.body).not.toContain('"lines"');
    // Someone the policy names nowhere sees nothing.
    const nobody = await both(path, as("mallory"));
    expect(nobody.reference.status).toBe(404);
    expect(nobody.handedOn).toBe(true);
  });

  it("bad or unknown parameters, another method, an encoded ref: the framework's answer", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    for (const q of [
      `${open.replace("limit=100", "limit=0")}`,
      `from=${now}&to=${now - 1000}&limit=100`,
      `from=x&to=${now}`,
      `${open}&traceId=zz`,
      `${open}&extra=1`,
    ]) {
      const r = await both(logs(IN, q), as("ada"));
      expect(r.handedOn, q).toBe(true);
      expect(r.viaHook, q).toEqual(r.reference);
    }
    expect((await both(logs(IN, `${open}&extra=1`), as("ada"))).reference.status).toBe(200);
    expect((await both(logs(IN, `${open.replace("limit=100", "limit=0")}`), as("ada"))).reference.status).toBe(400);
    const encoded = await both(logs("shop%2Dcart-1", open), as("ada"));
    expect(encoded.handedOn).toBe(true);
    const rsc = await both(path, as("ada", { RSC: "1" }));
    expect(rsc.handedOn).toBe(true);
    const before = framework.length;
    const head = await new Promise<number>((resolve, reject) => {
      http
        .request(
          `http://${hookedHost}${path}`,
          { method: "HEAD", headers: { host: hookedHost, ...as("ada") } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on("error", reject)
        .end();
    });
    expect(head).toBe(200);
    expect(framework.length).toBe(before + 1);
  });

  it("an answer no longer fresh is not served: the framework makes a new one", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    expect((await both(path, as("ada"))).handedOn).toBe(false);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + OPEN_TTL_MS + 1 });
    try {
      const before = framework.length;
      await get(hookedHost, path, as("ada"));
      expect(framework.length).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a Host the gate refuses goes to the framework (421)", async () => {
    const path = logs(IN, open);
    await both(path, as("ada"));
    const before = framework.length;
    const r = await new Promise<number>((resolve, reject) => {
      http
        .get(`http://${hookedHost}${path}`, { headers: { ...as("ada"), host: "evil.example" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(r).toBe(421);
    expect(framework.length).toBe(before + 1);
  });
});
