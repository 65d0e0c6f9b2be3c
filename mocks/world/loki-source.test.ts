import { describe, expect, it } from "vitest";
import type { LokiEntry, LokiStreamSource, LokiStreamWalker } from "../sources";
import { hash } from "./prng";
import { createWorld } from "./world";

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const HOUR = 3_600_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const world = createWorld({ now: () => NOW });
const streams = world.lokiSource().streams();
type Full = LokiStreamSource & LokiStreamWalker & { countIn(fromNs: bigint, toNs: bigint): number };
const isFull = (s: LokiStreamSource): s is Full => "walk" in s && typeof s.countIn === "function";
const byName = (n: string): Full => {
  const s = streams.find((x) => x.labels.container === n);
  if (!s || !isFull(s)) throw new Error(`no stream ${n}`);
  return s;
};

function ordered(es: LokiEntry[]): boolean {
  for (let i = 1; i < es.length; i++) if (BigInt(es[i]?.ns ?? 0) < BigInt(es[i - 1]?.ns ?? 0)) return false;
  return true;
}

describe("loki streams", () => {
  it("carry Alloy-style labels like the fixtures", () => {
    expect(streams.map((s) => s.labels.container).sort()).toEqual([
      "shop-cart-1",
      "shop-db-1",
      "shop-frontend-1",
      "shop-migrate-1",
      "shop-payments-1",
      "shop-queue-1",
      "shop-worker-1",
    ]);
    expect(byName("shop-cart-1").labels).toEqual({
      compose_project: "shop",
      compose_service: "cart",
      container: "shop-cart-1",
      job: "podman",
    });
  });

  it("returns entries oldest first, half-open [from, to), nothing after now", () => {
    for (const s of streams) {
      const es = s.entriesIn(ns(NOW - HOUR), ns(NOW + HOUR));
      expect(ordered(es)).toBe(true);
      for (const e of es) expect(BigInt(e.ns) <= ns(NOW)).toBe(true);
    }
    const fe = byName("shop-frontend-1");
    const es = fe.entriesIn(ns(NOW - 60_000), ns(NOW));
    const e = es[5];
    if (!e) throw new Error("too few entries");
    const at = BigInt(e.ns);
    expect(fe.entriesIn(at, at + 1n)).toEqual([e]);
    expect(fe.entriesIn(at + 1n, ns(NOW)).includes(e)).toBe(false);
    expect(fe.entriesIn(at + 1n, ns(NOW))[0]).toEqual(es[6]);
    expect(fe.entriesIn(ns(NOW - 60_000), at).at(-1)).toEqual(es[4]);
    expect(fe.entriesIn(at, at)).toEqual([]);
  });

  it("keeps the stack trace lines of one error in order, 1 ns apart", () => {
    const pay = byName("shop-payments-1").entriesIn(ns(NOW - HOUR), ns(NOW));
    const i = pay.findIndex((e) => e.line.includes(" ERROR 1 --- "));
    const head = pay[i];
    if (!head) throw new Error("no ERROR line in the last hour");
    for (let k = 1; k <= 8; k++) expect(BigInt(pay[i + k]?.ns ?? 0) - BigInt(head.ns)).toBe(BigInt(k));
  });

  it("countIn equals entriesIn().length, including ranges cut inside a slot", () => {
    for (const s of streams) {
      for (let r = 0; r < 12; r++) {
        const from = ns(NOW - HOUR) + BigInt(hash(3, r, 1) % 3_000_000) * 1000n + BigInt(hash(3, r, 2) % 1000);
        const to = from + BigInt(hash(3, r, 3) % 600_000) * 1_000_000n + BigInt(hash(3, r, 4) % 999);
        expect(s.countIn?.(from, to)).toBe(s.entriesIn(from, to).length);
      }
    }
  });

  it("walks forward and backward exactly like entriesIn", () => {
    const s = byName("shop-payments-1");
    const from = ns(NOW - 17 * 60_000) + 123_456n;
    const to = ns(NOW - 60_000) - 7n;
    const es = s.entriesIn(from, to);
    expect([...s.walk(from, to, "forward")]).toEqual(es);
    expect([...s.walk(from, to, "backward")]).toEqual([...es].reverse());
    const first = s
      .walk(ns(NOW - 7 * 24 * HOUR), ns(NOW), "backward")
      [Symbol.iterator]()
      .next().value;
    expect(first).toEqual(s.entriesIn(ns(NOW - 60_000), ns(NOW)).at(-1));
  });

  it("counts a 7-day range without generating it", () => {
    const t0 = performance.now();
    const n = byName("shop-frontend-1").countIn(ns(NOW - 7 * 24 * HOUR), ns(NOW));
    expect(n).toBeGreaterThan(7 * 24 * 3600 * 0.9);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it("generates a day of the busiest stream in reasonable time", () => {
    const t0 = performance.now();
    const es = byName("shop-frontend-1").entriesIn(ns(NOW - 24 * HOUR), ns(NOW));
    expect(es.length).toBeGreaterThan(80_000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("formats lines like the recorded containers", () => {
    const get = (n: string) =>
      byName(n)
        .entriesIn(ns(NOW - HOUR), ns(NOW))
        .map((e) => e.line);
    const logfmt =
      /^ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ level=(info|warn|error) caller=\S+ msg="[^"]+" .*trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}$/;
    expect(get("shop-frontend-1").every((l) => logfmt.test(l))).toBe(true);
    const cart = get("shop-cart-1");
    expect(cart).toContain("Terminated");
    const json = cart.filter((l) => l !== "Terminated").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.some((j) => typeof j.traceId === "string" && j.route === "/api/cart/checkout")).toBe(true);
    expect(json.some((j) => j.level === "warn" && j.traceId === undefined)).toBe(true);
    expect(
      get("shop-payments-1").some((l) =>
        /^\S+Z {2}INFO 1 --- \[payments\] \[nio-8080-exec-\d+\] \[[0-9a-f]{32}-[0-9a-f]{16}\] c\.s\.payments\.web\.PaymentController {6}: POST \/api\/payments\/charge completed status=200 duration=\d+ms$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(get("shop-worker-1").some((l) => / traceparent=00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(l))).toBe(true);
    expect(get("shop-db-1").some((l) => / UTC \[\d+\] LOG: {2}checkpoint starting: time$/.test(l))).toBe(true);
    expect(get("shop-queue-1").some((l) => /^1:M .* \* Background saving terminated with success$/.test(l))).toBe(true);
  });
});

describe("loki label conventions", () => {
  it("docker-driver: one stream per container incarnation with the driver's labels", () => {
    const w = createWorld({ now: () => NOW, lokiLabels: "docker-driver" });
    const ss = w.lokiSource().streams();
    const pay = w.containers().find((c) => c.name === "shop-payments-1");
    const s = ss.find((x) => x.labels.filename?.includes(pay?.id ?? "?"));
    expect(s?.labels).toEqual({
      compose_project: "shop",
      compose_service: "payments",
      container_name: "shop-payments-1",
      filename: `/var/lib/docker/containers/${pay?.id}/${pay?.id}-json.log`,
      host: "demo-host",
    });
    expect(s?.entriesIn(ns(NOW - HOUR), ns(NOW)).length).toBeGreaterThan(100);
    // Before this container started, its stream is empty (the previous one has its own).
    const started = pay?.startedMs ?? NOW;
    expect(s?.entriesIn(ns(started - HOUR), ns(started))).toEqual([]);
  });

  it("custom: only ctr_name and job", () => {
    const w = createWorld({ now: () => NOW, lokiLabels: "custom" });
    for (const s of w.lokiSource().streams()) expect(Object.keys(s.labels).sort()).toEqual(["ctr_name", "job"]);
  });

  it("custom: the frontend's trace field is request_trace=, which no built-in rule reads", () => {
    const w = createWorld({ now: () => NOW, lokiLabels: "custom" });
    const fe = w
      .lokiSource()
      .streams()
      .find((s) => s.labels.ctr_name === "shop-frontend-1");
    const lines = (fe as Full).entriesIn(ns(NOW - HOUR), ns(NOW)).map((e) => e.line);
    expect(lines.some((l) => /request_trace=[0-9a-f]{32}/.test(l))).toBe(true);
    expect(lines.some((l) => /\btrace_id=/.test(l))).toBe(false);
    // The default world keeps trace_id=.
    expect(
      byName("shop-frontend-1")
        .entriesIn(ns(NOW - HOUR), ns(NOW))
        .some((e) => /\btrace_id=/.test(e.line)),
    ).toBe(true);
  });
});
