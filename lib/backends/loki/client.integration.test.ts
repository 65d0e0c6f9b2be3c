// Sightline's Loki client against the real Loki 2.9.1 of scripts/testenv (multi-tenant), fed by
// the shipper with the real Podman containers' logs. Run with the environment up:
//   node scripts/testenv/up.mjs && npx vitest run -c vitest.integration.config.mts lib/backends/loki
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  lokiFor,
  lokiPush,
  pollUntil,
  SHOP_NAMES,
  settle,
  type TestEnvState,
  testEnv,
} from "../../../scripts/testenv/vitest-env";
import { lineFilter, matcher, quote, selector } from "../../correlation/quote";
import { testLokiSource } from "../../../mocks/handlers/loki-test-source";
import { startMockServers } from "../../../mocks/server/start";
import { BackendError } from "../../model/errors";
import { traceFocusLines } from "../../server/trace-focus";
import type { LogTailFrame } from "../../model/logs";
import { millis, type TimeRange } from "../../model/time";

let env: TestEnvState;
const MIN = 60_000;

beforeAll(() => {
  env = testEnv();
  console.log(`[loki] ${env.lokiUrl}: Loki ${env.versions?.loki ?? "?"} (${env.loki.bin}, via ${env.loki.source})`);
});

const span = (from: number, to: number): TimeRange => ({ from: millis(from), to: millis(to) });
const recent = () => span(Date.now() - 15 * MIN, Date.now());

/** A tenant of its own per test run: the lines a test pushes are all that tenant holds. */
const tenant = (what: string) => `it-${what}-${randomBytes(4).toString("hex")}`;

describe("query_range on the shipped container logs", () => {
  it("backward gives the newest lines first, forward the oldest, both exactly `limit` long and truncated", async () => {
    const loki = lokiFor(env);
    const q = '{container="shop-frontend-1"}';
    // The environment waits only until Loki holds *some* lines of each container; early in a
    // CI run the frontend had written 19, and Loki rightly answered 19 "not truncated". Wait
    // (bounded) until it holds more than the page asks for, so the page is a full one.
    const started = Date.parse(env.startedAt) - MIN;
    for (let i = 0; i < 100; i++) {
      const probe = await loki.queryRange({
        query: q,
        range: span(started, Date.now()),
        limit: 25,
        direction: "forward",
      });
      if (probe.lines.length >= 25) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    // From before the containers started, so forward begins at the frontend's first line.
    const range = span(started, Date.now());
    const back = await loki.queryRange({ query: q, range, limit: 20, direction: "backward" });
    const fwd = await loki.queryRange({ query: q, range, limit: 20, direction: "forward" });
    expect(back.lines).toHaveLength(20);
    expect(back.truncated).toBe(true);
    expect(fwd.lines).toHaveLength(20);
    const ts = (ls: { ts: string }[]) => ls.map((l) => BigInt(l.ts));
    const b = ts(back.lines);
    const f = ts(fwd.lines);
    for (let i = 1; i < b.length; i++) expect(b[i - 1]).toBeGreaterThan(b[i] ?? 0n);
    for (let i = 1; i < f.length; i++) expect(f[i - 1]).toBeLessThan(f[i] ?? 0n);
    // The first forward line is the container's first line ever ("starting frontend").
    expect(fwd.lines[0]?.line).toContain('msg="starting frontend"');
    for (const l of back.lines) {
      expect(l.stream).toEqual({
        container: "shop-frontend-1",
        compose_service: "frontend",
        compose_project: "shop",
        job: "podman",
      });
      expect(l.traceId ?? "").toMatch(/^([0-9a-f]{32})?$/);
    }
  });

  it("at the limit: 5000 is accepted, 5001 is Loki's own 400 text", async () => {
    const loki = lokiFor(env);
    const ok = await loki.queryRange({ query: '{job="podman"}', range: recent(), limit: 5000, direction: "backward" });
    expect(ok.limit).toBe(5000);
    // The client clamps, so the raw request shows what Loki says above the limit.
    const r = await fetch(
      `${env.lokiUrl}/loki/api/v1/query_range?${new URLSearchParams({ query: '{job="podman"}', limit: "5001" })}`,
      { headers: { "X-Scope-OrgID": env.loki.tenant } },
    );
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await r.text()).toBe("max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)");
  });

  it("labels, label values and series are the shipper's Alloy labels", async () => {
    const loki = lokiFor(env);
    const labels = await loki.labels(recent());
    expect(labels).toEqual(expect.arrayContaining(["compose_project", "compose_service", "container", "job"]));
    // Structured metadata is not a label: /labels never lists it.
    expect(labels).not.toContain("trace_id");
    const containers = await loki.labelValues("container", recent());
    expect(containers).toEqual(expect.arrayContaining([...SHOP_NAMES]));
    const series = await loki.series(['{compose_service="cart"}'], recent());
    expect(series).toEqual([
      { container: "shop-cart-1", compose_service: "cart", compose_project: "shop", job: "podman" },
    ]);
  });

  it("cart's trace IDs are only in structured metadata, merged into the stream labels of the result", async () => {
    const loki = lokiFor(env);
    const res = await pollUntil(
      () =>
        loki.queryRange({
          query: '{container="shop-cart-1"} |= "request handled"',
          range: recent(),
          limit: 50,
          direction: "backward",
        }),
      (r) => r.lines.length > 0,
    );
    expect(res.lines.length).toBeGreaterThan(0);
    const line = res.lines[0];
    expect(line?.line).not.toContain("traceId");
    expect(line?.stream.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(line?.stream.span_id).toMatch(/^[0-9a-f]{16}$/);
    // Sightline still finds the IDs there.
    expect(line?.traceId).toBe(line?.stream.trace_id);
    expect(line?.spanId).toBe(line?.stream.span_id);
    // And a metadata filter finds exactly that trace's lines, a line filter does not.
    const id = line?.stream.trace_id ?? "";
    const byMeta = await loki.queryRange({
      query: `{container="shop-cart-1"} | trace_id=${quote(id)}`,
      range: recent(),
      limit: 50,
      direction: "backward",
    });
    expect(byMeta.lines.length).toBeGreaterThan(0);
    for (const l of byMeta.lines) expect(l.traceId).toBe(id);
    const byLine = await loki.queryRange({
      query: `{container="shop-cart-1"} |= ${quote(id)}`,
      range: recent(),
      limit: 50,
      direction: "backward",
    });
    expect(byLine.lines).toEqual([]);
    // Span → logs (lib/server/trace-focus) finds them through the metadata query.
    const focus = await traceFocusLines(
      loki,
      { label: "container", key: "name" },
      { name: "shop-cart-1" },
      id,
      recent(),
    );
    expect(focus?.length).toBe(byMeta.lines.length);
    for (const l of focus ?? []) expect(l.traceId).toBe(id);
  });
});

describe("LogQL line filters with hostile text", () => {
  const HOSTILE = [
    'say "hi" \\ to C:\\new\\table',
    "regex chars .*+?()[]{}|^$ and `backticks`",
    "unicode ✓ ünïcödé 日本語 🚀 and a tab\tinside",
    'LogQL in a line: {job="x"} |= "y" | json | line_format "{{.z}}"',
    "nul-ish \\u0000 and percent %00 %zz and & = ? #",
  ];
  let t: string;
  const base = Date.now() - 10 * MIN;
  beforeAll(async () => {
    t = tenant("hostile");
    await lokiPush(
      env,
      t,
      { job: "hostile", container: "hostile-1" },
      HOSTILE.map((line, i) => [`${BigInt(base + i * 1000) * 1_000_000n}`, line]),
    );
  });

  it.each(HOSTILE.map((h, i) => [i, h]))("substring filter %i finds exactly its line", async (i, text) => {
    const loki = lokiFor(env, t);
    const sel = selector([matcher("container", "=", "hostile-1")]);
    const f = lineFilter(text, "substring");
    if (!f.ok) throw new Error(f.error);
    const res = await pollUntil(
      () =>
        loki.queryRange({
          query: `${sel} ${f.filter}`,
          range: span(base - MIN, Date.now()),
          limit: 10,
          direction: "forward",
        }),
      (r) => r.lines.length > 0,
    );
    expect(res.lines.map((l) => l.line)).toEqual([text]);
    expect(res.lines[0]?.stream).toEqual({ job: "hostile", container: "hostile-1" });
    expect(i).toBeGreaterThanOrEqual(0);
  });

  it('a label value with " and \\ pushed as JSON is stored escaped: the escaped text is what matches', async () => {
    const t2 = tenant("label");
    await lokiPush(env, t2, { job: "weird", container: 'we"ird\\name' }, [[`${BigInt(base) * 1_000_000n}`, "x"]]);
    const loki = lokiFor(env, t2);
    const range = span(base - MIN, Date.now());
    const all = await pollUntil(
      () => loki.queryRange({ query: '{job="weird"}', range, limit: 10, direction: "forward" }),
      (r) => r.lines.length > 0,
    );
    expect(all.lines[0]?.stream.container).toBe('we\\"ird\\\\name');
    const verbatim = selector([matcher("container", "=", 'we"ird\\name')]);
    expect((await loki.queryRange({ query: verbatim, range, limit: 10, direction: "forward" })).lines).toEqual([]);
    const escaped = selector([matcher("container", "=", 'we\\"ird\\\\name')]);
    expect((await loki.queryRange({ query: escaped, range, limit: 10, direction: "forward" })).lines).toHaveLength(1);
  });

  it("a regex filter with RE2 syntax finds the regex-character line", async () => {
    const loki = lokiFor(env, t);
    const f = lineFilter("(?i)REGEX chars \\.\\*", "regex");
    if (!f.ok) throw new Error(f.error);
    const res = await loki.queryRange({
      query: `{job="hostile"} ${f.filter}`,
      range: span(base - MIN, Date.now()),
      limit: 10,
      direction: "forward",
    });
    expect(res.lines.map((l) => l.line)).toEqual([HOSTILE[1]]);
  });
});

describe("error bodies exactly as Loki 2.9.1 writes them", () => {
  async function raw(path: string, params: Record<string, string>, tenantId: string | null = env.loki.tenant) {
    const r = await fetch(`${env.lokiUrl}${path}?${new URLSearchParams(params)}`, {
      headers: tenantId === null ? {} : { "X-Scope-OrgID": tenantId },
    });
    return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
  }

  it("a parse error: 400, plain text with a newline, and the client keeps it verbatim", async () => {
    const got = await raw("/loki/api/v1/query_range", { query: '{job="podman"' });
    expect(got).toEqual({
      status: 400,
      type: "text/plain; charset=utf-8",
      body: "parse error at line 1, col 14: syntax error: unexpected $end, expecting } or ,",
    });
    const res = await settle(
      lokiFor(env).queryRange({ query: '{job="podman"', range: recent(), limit: 1, direction: "backward" }),
    );
    expect(res.ok).toBe(false);
    const err = res.ok ? undefined : res.error;
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toBe(
      "loki: query_range: parse error at line 1, col 14: syntax error: unexpected $end, expecting } or ,",
    );
  });

  it("an invalid regex (a 500 from the querier, with a newline), an empty selector, a too-small step", async () => {
    expect(await raw("/loki/api/v1/query_range", { query: '{job="podman"} |~ "(unclosed"' })).toEqual({
      status: 500,
      type: "text/plain; charset=utf-8",
      body: "rpc error: code = Unknown desc = parse error : stage '|~ \"(unclosed\"' : error parsing regexp: missing closing ): `(unclosed`\n",
    });
    expect((await raw("/loki/api/v1/query_range", { query: '{job="podman"} | json | foo > "x"' })).body).toBe(
      "parse error at line 1, col 31: syntax error: unexpected STRING, expecting BYTES or NUMBER or DURATION",
    );
    expect((await raw("/loki/api/v1/query_range", { query: "{}" })).body).toBe(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
    const now = Date.now();
    const step = await raw("/loki/api/v1/query_range", {
      query: 'count_over_time({job="podman"}[1m])',
      start: `${(now - 24 * 60 * MIN) * 1e6}`,
      end: `${now * 1e6}`,
      step: "1",
    });
    expect(step.status).toBe(400);
    expect(step.body).toBe(
      "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter",
    );
  });
});

describe("multi-tenancy (auth_enabled: true)", () => {
  it("without X-Scope-OrgID Loki answers 401 'no org id'; the client turns it into a readable error", async () => {
    const r = await fetch(`${env.lokiUrl}/loki/api/v1/labels`);
    expect(r.status).toBe(401);
    expect(await r.text()).toBe("no org id\n"); // the auth middleware's http.Error: with a newline
    const res = await settle(lokiFor(env, null).labels(recent()));
    expect(res.ok).toBe(false);
    const err = res.ok ? undefined : (res.error as BackendError);
    expect(err).toBeInstanceOf(BackendError);
    expect(err?.message).toBe("loki: labels: no org id");
    expect(err?.status).toBe(401);
  });

  it("each tenant sees only its own streams", async () => {
    const other = tenant("other");
    await lokiPush(env, other, { job: "podman", container: "shop-frontend-1" }, [
      [`${BigInt(Date.now() - MIN) * 1_000_000n}`, "only in the other tenant"],
    ]);
    const theirs = await lokiFor(env, other).queryRange({
      query: '{container="shop-frontend-1"}',
      range: recent(),
      limit: 100,
      direction: "backward",
    });
    expect(theirs.lines.map((l) => l.line)).toEqual(["only in the other tenant"]);
    const ours = await lokiFor(env).queryRange({
      query: '{container="shop-frontend-1"} |= "only in the other tenant"',
      range: recent(),
      limit: 100,
      direction: "backward",
    });
    expect(ours.lines).toEqual([]);
    expect(await lokiFor(env, tenant("empty")).labels(recent())).toEqual([]);
  });
});

describe("the tail WebSocket", () => {
  it("streams web1's new lines live, oldest first, with the shipper's labels", async () => {
    const loki = lokiFor(env);
    const frames: LogTailFrame[] = [];
    const errors: Error[] = [];
    const tail = loki.tail('{container="web1"}', millis(Date.now() - 5000), 100, {
      onFrame: (f) => frames.push(f),
      onError: (e) => errors.push(e),
      onClose: () => undefined,
    });
    try {
      await pollUntil(
        async () => frames.flatMap((f) => f.lines).length,
        (n) => n >= 3,
        { timeoutMs: 20_000, intervalMs: 200 },
      );
    } finally {
      tail.close();
    }
    expect(errors).toEqual([]);
    const lines = frames.flatMap((f) => f.lines);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) {
      expect(l.stream).toEqual({ container: "web1", compose_service: "web", compose_project: "shop", job: "podman" });
      expect(l.line).toMatch(
        /^level=info msg="GET \/cart" traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/,
      );
      expect(l.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    for (const f of frames) expect(f.dropped).toEqual([]);
  });

  it("without a tenant the tail is refused with Loki's reason", async () => {
    const errors: Error[] = [];
    let closed = false;
    const tail = lokiFor(env, null).tail('{container="web1"}', millis(Date.now()), 10, {
      onFrame: () => undefined,
      onError: (e) => errors.push(e),
      onClose: () => {
        closed = true;
      },
    });
    await pollUntil(
      async () => errors.length + (closed ? 1 : 0),
      (n) => n > 0,
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    tail.close();
    expect(errors[0]?.message).toMatch(/no org id/);
  });
});

describe("the Loki stand-in (mocks/handlers/loki) answers errors exactly like the real Loki", () => {
  const CASES: [string, Record<string, string>][] = [
    ["unclosed selector", { query: '{job="podman"' }],
    ["empty selector", { query: "{}" }],
    ["limit above max", { query: '{job="podman"}', limit: "5001" }],
    ["bad comparison", { query: '{job="podman"} | json | foo > "x"' }],
    ["invalid regex line filter", { query: '{job="podman"} |~ "(unclosed"' }],
  ];

  it.each(CASES)("%s: same status, content type and body", async (_name, params) => {
    const { src } = testLokiSource();
    const mock = await startMockServers({ loki: src });
    try {
      const ask = async (base: string, headers: Record<string, string>) => {
        const r = await fetch(`${base}/loki/api/v1/query_range?${new URLSearchParams(params)}`, { headers });
        return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
      };
      const real = await ask(env.lokiUrl, { "X-Scope-OrgID": env.loki.tenant });
      const standIn = await ask(mock.urls.loki ?? "", {});
      if (_name === "bad comparison") {
        // Known difference: Go yacc lists the expected tokens, the stand-in (lezer) stops after
        // "unexpected …" (real: "…unexpected STRING, expecting BYTES or NUMBER or DURATION").
        expect({ ...standIn, body: "" }).toEqual({ ...real, body: "" });
        expect(real.body.startsWith(`${standIn.body}, expecting `)).toBe(true);
      } else if (_name === "invalid regex line filter") {
        // Same status, type and wrapping; the regex engine's own wording differs (Go vs JS).
        expect({ ...standIn, body: "" }).toEqual({ ...real, body: "" });
        const prefix =
          "rpc error: code = Unknown desc = parse error : stage '|~ \"(unclosed\"' : error parsing regexp: ";
        expect(real.body.startsWith(prefix) && standIn.body.startsWith(prefix)).toBe(true);
      } else {
        expect(standIn).toEqual(real);
      }
    } finally {
      await mock.close();
    }
  });
});
