// Every API route × an identity whose scope includes the container / excludes it. The route
// list is read from app/api: a new route without a row here fails the first test, so no
// route can ship without its scope check being exercised.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../../auth/selector";
import { useDemoBackends } from "../../../mocks/server/demo-backends.test-helper";
import { resetConfigForTests } from "../../config";
import { type Identity, stampIdentity } from "./identity";

const ROOT = join(__dirname, "../../..");

function files(dir: string, test: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p, test));
    else if (test(p)) out.push(relative(ROOT, p));
  }
  return out;
}

const IN = "shop-cart-1";
const OUT = "shop-payments-1";
const cartOnly: Scope = { allow: [{ service: "cart" }] };
const who = (scope: Scope, admin = false): Identity => ({ via: "proxy", id: "tester", groups: [], scope, admin });
const USER = who(cartOnly);
const now = Date.now();
const range = `from=${now - 15 * 60_000}&to=${now}`;

function request(path: string, id: Identity, signal?: AbortSignal): Request {
  const h = new Headers();
  stampIdentity(h, id);
  return new Request(`http://127.0.0.1:3000${path}`, { headers: h, signal });
}
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const load = async (file: string) => (await import(`../../../${file}`)) as { GET: Handler; POST: Handler };

interface Row {
  /** Status for an in-scope container (or the in-scope identity). */
  inScope(): Promise<void>;
  /** What an identity without the container gets. */
  outOfScope(): Promise<void>;
}

/** /api/containers/[ref]/… : in scope 200, out of scope 404 with no hint of the container. */
function containerRow(file: string, suffix: string, query = range, inStatus = 200): Row {
  const call = async (ref: string) => {
    const { GET } = await load(file);
    const ac = new AbortController();
    const res = await GET(request(`/api/containers/${ref}${suffix}?${query}`, USER, ac.signal), ctx({ ref }));
    const body = res.headers.get("content-type")?.includes("event-stream") ? "" : await res.text();
    ac.abort();
    await res.body?.cancel().catch(() => {});
    return { status: res.status, body };
  };
  return {
    async inScope() {
      expect((await call(IN)).status).toBe(inStatus);
    },
    async outOfScope() {
      const r = await call(OUT);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain("payments:");
      // By id prefix too: the hidden container is not a candidate either.
      const byName = await call("shop-");
      expect(byName.status).toBe(404);
      expect(byName.body).not.toContain(OUT);
    },
  };
}

/** A drawing the page kept for a container: its caller in scope gets it, out of scope a 404. */
function drawingRow(): Row {
  const file = "app/api/containers/[ref]/drawing/[id]/route.ts";
  const keepFor = async (ref: string) => {
    const { GET } = await load("app/api/containers/[ref]/route.ts");
    const res = await GET(request(`/api/containers/${ref}`, who({ all: true }, true)), ctx({ ref }));
    const { container } = (await res.json()) as { container: { id: string } };
    const { drawings } = await import("../drawings");
    return drawings.keep(container.id, `<svg>${ref}</svg>`);
  };
  const call = async (ref: string, id: string) => {
    const { GET } = await load(file);
    const res = await GET(request(`/api/containers/${ref}/drawing/${id}`, USER), ctx({ ref, id }));
    return { status: res.status, body: await res.text() };
  };
  return {
    async inScope() {
      const r = await call(IN, await keepFor(IN));
      expect(r.status).toBe(200);
      expect(r.body).toBe(`<svg>${IN}</svg>`);
    },
    async outOfScope() {
      const r = await call(OUT, await keepFor(OUT));
      expect(r.status).toBe(404);
      expect(r.body).not.toContain("<svg");
    },
  };
}

let traceId = "";
const stream = { compose_project: "shop", compose_service: "cart", container: IN, job: "podman" };
const outStream = { ...stream, compose_service: "payments", container: OUT };
const ns = `${now - 60_000}000000`;

async function mintFor(ref: string, id: Identity) {
  const { POST } = await load("app/api/links/route.ts");
  const h = new Headers({
    "content-type": "application/json",
    host: "127.0.0.1:3000",
    origin: "http://127.0.0.1:3000",
  });
  stampIdentity(h, id);
  const body = JSON.stringify({ container: ref, reach: "compose", ttlSeconds: 3600 });
  return POST(new Request("http://127.0.0.1:3000/api/links", { method: "POST", headers: h, body }), ctx({}));
}

const ROWS: Record<string, Row> = {
  "app/api/links/route.ts": {
    async inScope() {
      const res = await mintFor(IN, USER);
      expect(res.status).toBe(200);
      const { token, embedTemplate } = await res.json();
      expect(embedTemplate).toContain("from=$" + "{__from}");
      // The link's scope is the compose project *within* the minter's scope (cart only).
      const { verifyLink } = await import("../../auth/link-token");
      const { getConfig } = await import("../../config");
      const v = await verifyLink(getConfig().auth.linkKeys, token);
      expect(v.ok && v.claims.scope).toEqual({ allow: [{ compose: "shop" }], within: [[{ service: "cart" }]] });
    },
    async outOfScope() {
      expect((await mintFor(OUT, USER)).status).toBe(404);
      const linkId: Identity = { ...USER, via: "link", id: "link:x" };
      expect((await mintFor(IN, linkId)).status).toBe(403);
    },
  },
  "app/api/containers/[ref]/route.ts": containerRow("app/api/containers/[ref]/route.ts", ""),
  "app/api/containers/[ref]/logs/route.ts": containerRow("app/api/containers/[ref]/logs/route.ts", "/logs"),
  "app/api/containers/[ref]/logs/tail/route.ts": containerRow(
    "app/api/containers/[ref]/logs/tail/route.ts",
    "/logs/tail",
    "",
  ),
  "app/api/containers/[ref]/metrics/route.ts": containerRow("app/api/containers/[ref]/metrics/route.ts", "/metrics"),
  "app/api/containers/[ref]/traces/route.ts": containerRow("app/api/containers/[ref]/traces/route.ts", "/traces"),
  "app/api/containers/[ref]/lifecycle/route.ts": containerRow(
    "app/api/containers/[ref]/lifecycle/route.ts",
    "/lifecycle",
  ),
  "app/api/containers/[ref]/drawing/[id]/route.ts": drawingRow(),
  // The demo engine is Podman: the YAML comes back (200) for a container in scope.
  "app/api/containers/[ref]/kube/route.ts": containerRow("app/api/containers/[ref]/kube/route.ts", "/kube", ""),
  "app/api/lifecycle/recent/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/lifecycle/recent/route.ts");
      const all = await (await GET(request("/api/lifecycle/recent", who({ all: true }, true)), ctx({}))).json();
      // The demo worker is OOM-killed once an hour: an unscoped caller sees its badge.
      expect(Object.keys(all.byId).length + Object.keys(all.byName).length).toBeGreaterThan(0);
      const mine = await (await GET(request("/api/lifecycle/recent", USER), ctx({}))).json();
      const inv = await (
        await (await load("app/api/containers/route.ts")).GET(request("/api/containers", USER), ctx({}))
      ).json();
      const ids = inv.containers.map((c: { id: string }) => c.id);
      for (const id of Object.keys(mine.byId)) expect(ids).toContain(id);
      for (const name of Object.keys(mine.byName)) expect(name).toBe(IN);
    },
    async outOfScope() {
      const { GET } = await load("app/api/lifecycle/recent/route.ts");
      const body = await (await GET(request("/api/lifecycle/recent", who({ allow: [] })), ctx({}))).json();
      expect(body.byId).toEqual({});
      expect(body.byName).toEqual({});
    },
  },
  "app/api/containers/[ref]/logs/context/route.ts": {
    ...containerRow(
      "app/api/containers/[ref]/logs/context/route.ts",
      "/logs/context",
      `ts=${ns}&stream=${encodeURIComponent(JSON.stringify(stream))}`,
    ),
    async outOfScope() {
      await containerRow(
        "app/api/containers/[ref]/logs/context/route.ts",
        "/logs/context",
        `ts=${ns}&stream=${encodeURIComponent(JSON.stringify(outStream))}`,
      ).outOfScope();
      // The in-scope container in the path does not open another container's stream.
      const { GET } = await load("app/api/containers/[ref]/logs/context/route.ts");
      const q = `ts=${ns}&stream=${encodeURIComponent(JSON.stringify(outStream))}`;
      const res = await GET(request(`/api/containers/${IN}/logs/context?${q}`, USER), ctx({ ref: IN }));
      expect(res.status).toBe(404);
    },
  },
  "app/api/containers/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/containers/route.ts");
      const body = await (await GET(request("/api/containers", USER), ctx({}))).json();
      expect(body.containers.map((c: { name: string }) => c.name)).toEqual([IN]);
    },
    async outOfScope() {
      const { GET } = await load("app/api/containers/route.ts");
      const body = await (await GET(request("/api/containers", who({ allow: [] })), ctx({}))).json();
      expect(body.containers).toEqual([]);
    },
  },
  "app/api/sparklines/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/sparklines/route.ts");
      const body = await (await GET(request(`/api/sparklines?${range}`, USER), ctx({}))).json();
      expect(Object.keys(body.cpu)).toEqual([IN]);
    },
    async outOfScope() {
      const { GET } = await load("app/api/sparklines/route.ts");
      const body = await (await GET(request(`/api/sparklines?${range}`, who({ allow: [] })), ctx({}))).json();
      expect(Object.keys(body.cpu)).toEqual([]);
      expect(Object.keys(body.memory)).toEqual([]);
    },
  },
  "app/api/correlation/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/correlation/route.ts");
      expect((await GET(request(`/api/correlation?container=${IN}`, USER), ctx({}))).status).toBe(200);
      // The settings page's call (no container) is for admins.
      expect((await GET(request("/api/correlation", who({ all: true }, true)), ctx({}))).status).toBe(200);
    },
    async outOfScope() {
      const { GET } = await load("app/api/correlation/route.ts");
      expect((await GET(request(`/api/correlation?container=${OUT}`, USER), ctx({}))).status).toBe(404);
      expect((await GET(request("/api/correlation", USER), ctx({}))).status).toBe(403);
    },
  },
  "app/api/health/route.ts": {
    // No container data; any signed-in identity (the gate already refused the others).
    async inScope() {
      const { GET } = await load("app/api/health/route.ts");
      expect((await GET(request("/api/health", USER), ctx({}))).status).toBe(200);
    },
    async outOfScope() {
      const { GET } = await load("app/api/health/route.ts");
      const body = await (await GET(request("/api/health", who({ allow: [] })), ctx({}))).text();
      expect(body).not.toContain(OUT);
    },
  },
  "app/api/traces/[traceId]/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/traces/[traceId]/route.ts");
      const res = await GET(request(`/api/traces/${traceId}?${range}`, USER), ctx({ traceId }));
      expect(res.status).toBe(200);
      const body = await res.json();
      const hidden = body.trace.spans.filter((s: { redacted?: boolean }) => s.redacted);
      const shown = body.trace.spans.filter((s: { redacted?: boolean }) => !s.redacted);
      expect(hidden.length).toBeGreaterThan(0);
      expect(shown.length).toBeGreaterThan(0);
      for (const s of hidden) {
        expect(s.attributes).toEqual({});
        expect(s.resource).toEqual({});
        expect(s.links).toEqual([]);
        expect(s.events).toEqual([]);
      }
      expect(body.redacted.spans).toBe(hidden.length);
      expect(body.redacted.message).toMatch(/outside your scope/);
      expect(body.containers.map((c: { name: string }) => c.name)).toEqual([IN]);
      expect(JSON.stringify(body)).not.toContain(OUT);
    },
    async outOfScope() {
      const { GET } = await load("app/api/traces/[traceId]/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}?${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId }),
      );
      expect(res.status).toBe(404);
    },
  },
  "app/api/traces/[traceId]/columns/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/traces/[traceId]/columns/route.ts");
      const res = await GET(request(`/api/traces/${traceId}/columns?${range}`, USER), ctx({ traceId }));
      expect(res.status).toBe(200);
      const { decodeTrace } = await import("../../trace-wire/codec");
      const m = decodeTrace(await res.arrayBuffer());
      expect(m.redacted?.spans).toBeGreaterThan(0);
      expect(m.redacted?.message).toMatch(/outside your scope/);
      expect(JSON.stringify(m.containers)).not.toContain(OUT);
    },
    async outOfScope() {
      const { GET } = await load("app/api/traces/[traceId]/columns/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/columns?${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId }),
      );
      expect(res.status).toBe(404);
    },
  },
  "app/api/traces/[traceId]/spans/[spanId]/route.ts": {
    async inScope() {
      const json = await (await load("app/api/traces/[traceId]/route.ts")).GET(
        request(`/api/traces/${traceId}?${range}`, USER),
        ctx({ traceId }),
      );
      const spans = (await json.json()).trace.spans as { spanId: string; redacted?: boolean }[];
      const hiddenId = spans.find((x) => x.redacted)?.spanId ?? "";
      const shownId = spans.find((x) => !x.redacted)?.spanId ?? "";
      const { GET } = await load("app/api/traces/[traceId]/spans/[spanId]/route.ts");
      const get = async (spanId: string) =>
        (await GET(request(`/api/traces/${traceId}/spans/${spanId}?${range}`, USER), ctx({ traceId, spanId }))).json();
      const hidden = await get(hiddenId);
      expect(hidden.span.redacted).toBe(true);
      expect(hidden.span.attributes).toEqual({});
      expect(hidden.span.resource).toEqual({});
      const shown = await get(shownId);
      expect(shown.span.redacted).toBeUndefined();
      expect(Object.keys(shown.span.resource).length).toBeGreaterThan(0);
    },
    async outOfScope() {
      const { GET } = await load("app/api/traces/[traceId]/spans/[spanId]/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/spans/0000000000000001?${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId, spanId: "0000000000000001" }),
      );
      expect(res.status).toBe(404);
    },
  },
  "app/api/traces/[traceId]/spans/route.ts": {
    async inScope() {
      // The rows in view, in the caller's view: spans of containers outside the scope come
      // without their details, as one span's detail does.
      const cols = await (await load("app/api/traces/[traceId]/columns/route.ts")).GET(
        request(`/api/traces/${traceId}/columns?${range}`, USER),
        ctx({ traceId }),
      );
      const { decodeTrace } = await import("../../trace-wire/codec");
      const m = decodeTrace(await cols.arrayBuffer());
      const positions = Array.from({ length: m.n }, (_, i) => i);
      const { GET } = await load("app/api/traces/[traceId]/spans/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/spans?pos=${positions.join(",")}&v=${m.version}&${range}`, USER),
        ctx({ traceId }),
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        spans: { pos: number; span: { redacted?: boolean; attributes: object; resource: object } }[];
      };
      expect(body.spans.length).toBe(m.n);
      const hidden = body.spans.filter((x) => x.span.redacted);
      expect(hidden.length).toBeGreaterThan(0);
      for (const h of hidden) {
        expect(h.span.attributes).toEqual({});
        expect(h.span.resource).toEqual({});
      }
      expect(body.spans.some((x) => !x.span.redacted && Object.keys(x.span.resource).length > 0)).toBe(true);
    },
    async outOfScope() {
      const { GET } = await load("app/api/traces/[traceId]/spans/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/spans?pos=0&v=x&${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId }),
      );
      expect(res.status).toBe(404);
    },
  },
  "app/api/traces/[traceId]/window/route.ts": {
    async inScope() {
      // A window of the caller's view: the same stored copy, redacted, as the columns.
      const cols = await (await load("app/api/traces/[traceId]/columns/route.ts")).GET(
        request(`/api/traces/${traceId}/columns?${range}`, USER),
        ctx({ traceId }),
      );
      const { decodeTrace } = await import("../../trace-wire/codec");
      const version = decodeTrace(await cols.arrayBuffer()).version;
      const { GET } = await load("app/api/traces/[traceId]/window/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/window?v=${version}&first=0&count=50&q=payments&${range}`, USER),
        ctx({ traceId }),
      );
      expect(res.status).toBe(200);
      const m = decodeTrace(await res.arrayBuffer());
      expect(m.n).toBeGreaterThan(0);
      expect(m.redacted?.spans).toBeGreaterThan(0);
      expect(JSON.stringify(m.containers)).not.toContain(OUT);
      // Hidden spans' attributes are not searchable here either (as with …/search).
      const out = await GET(
        request(`/api/traces/${traceId}/window?v=${version}&q=${OUT}&only=1&${range}`, USER),
        ctx({ traceId }),
      );
      expect(decodeTrace(await out.arrayBuffer()).n).toBe(0);
    },
    async outOfScope() {
      const { GET } = await load("app/api/traces/[traceId]/window/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/window?v=x&${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId }),
      );
      expect(res.status).toBe(404);
    },
  },
  "app/api/traces/[traceId]/progress/route.ts": {
    async inScope() {
      // The caller's view of the trace is loaded already: no load runs, nothing to tell.
      const { GET } = await load("app/api/traces/[traceId]/progress/route.ts");
      const res = await GET(request(`/api/traces/${traceId}/progress?${range}`, USER), ctx({ traceId }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ loading: null });
    },
    async outOfScope() {
      // The same answer as for a trace that does not exist: it tells nothing.
      const { GET } = await load("app/api/traces/[traceId]/progress/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/progress?${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ loading: null });
    },
  },
  "app/api/traces/[traceId]/search/route.ts": {
    async inScope() {
      const { GET } = await load("app/api/traces/[traceId]/search/route.ts");
      const search = async (q: string, id: Identity) =>
        (
          await GET(request(`/api/traces/${traceId}/search?q=${encodeURIComponent(q)}&${range}`, id), ctx({ traceId }))
        ).json();
      // The payments spans' own attributes are not searchable for a caller who may not see them.
      const all = await search("payments", who({ all: true }, true));
      const mine = await search("payments", USER);
      expect(all.positions.length).toBeGreaterThan(0);
      expect(mine.positions.length).toBeLessThanOrEqual(all.positions.length);
      const attr = await search(OUT, USER);
      expect(attr.positions).toEqual([]);
    },
    async outOfScope() {
      const { GET } = await load("app/api/traces/[traceId]/search/route.ts");
      const res = await GET(
        request(`/api/traces/${traceId}/search?q=x&${range}`, who({ allow: [{ name: "legacy-*" }] })),
        ctx({ traceId }),
      );
      expect(res.status).toBe(404);
    },
  },
};

let demo: Awaited<ReturnType<typeof useDemoBackends>> | undefined;

beforeAll(async () => {
  // The demo world's mock servers in this process, Sightline pointed at them by its variables.
  demo = await useDemoBackends();
  process.env.SIGHTLINE_LINK_KEYS = "t1:0123456789abcdef0123456789abcdef";
  resetConfigForTests();
  // A trace through cart that also touches payments, found with an unscoped identity.
  const { GET } = await load("app/api/containers/[ref]/traces/route.ts");
  const wide = new Date(now - 6 * 3600_000).getTime();
  const res = await GET(
    request(`/api/containers/${IN}/traces?from=${wide}&to=${now}`, who({ all: true }, true)),
    ctx({ ref: IN }),
  );
  const body = (await res.json()) as { traces: { traceId: string; services: string[] }[] };
  traceId = body.traces.find((t) => t.services.includes("payments"))?.traceId ?? "";
  expect(traceId).not.toBe("");
}, 60_000);

afterAll(async () => {
  await demo?.restore();
});

describe("scope on every API route", () => {
  it("has a row for every route file under app/api", () => {
    const routes = files(join(ROOT, "app/api"), (f) => /route\.tsx?$/.test(f)).sort();
    expect(Object.keys(ROWS).sort()).toEqual(routes);
  });
  for (const [file, row] of Object.entries(ROWS)) {
    it(`${file}: in scope`, () => row.inScope(), 60_000);
    it(`${file}: out of scope`, () => row.outOfScope(), 60_000);
  }
});

describe("containers are reached only through the scoped access", () => {
  it("no page or route under app/ lists or resolves containers itself", () => {
    const offenders = files(join(ROOT, "app"), (f) => /\.tsx?$/.test(f)).filter((f) =>
      /\b(listContainers|resolveContainer)\b/.test(readFileSync(join(ROOT, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

describe("the logs API's shared answers stay behind the scope check", () => {
  it("an answer cached for a caller who sees the container is not served to one who does not", async () => {
    const { GET } = await load("app/api/containers/[ref]/logs/route.ts");
    const q = `/api/containers/${OUT}/logs?${range}&limit=5`;
    const wide = await GET(request(q, who({ all: true }, true)), ctx({ ref: OUT }));
    expect(wide.status).toBe(200);
    expect(await wide.text()).toContain(OUT);
    const narrow = await GET(request(q, USER), ctx({ ref: OUT }));
    expect(narrow.status).toBe(404);
    expect(await narrow.text()).not.toContain("payments:");
  }, 60_000);
});
