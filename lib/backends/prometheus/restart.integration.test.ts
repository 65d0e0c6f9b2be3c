// Prometheus goes away mid-run and comes back: the adapter must report "unreachable" while it
// is down and work again afterwards with the same instance (no cached connection, no restart
// of Sightline). Prometheus is restarted in afterAll whatever happens, for the files after this.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EnvControls,
  envControls,
  pollUntil,
  prometheusFor,
  settle,
  testEnv,
} from "../../../scripts/testenv/vitest-env";
import { BackendError } from "../../model/errors";
import { millis } from "../../model/time";

const env = testEnv();
const prom = prometheusFor(env.prometheusUrl, 3_000);
const CART_CPU = 'container_cpu_usage_seconds_total{name="shop-cart-1",cpu="total"}';

let controls: EnvControls;
let stoppedAt = 0;

beforeAll(async () => {
  controls = await envControls();
});

afterAll(async () => {
  // Idempotent: returns at once when Prometheus is already running. (No controls: beforeAll failed.)
  if (controls) await controls.startPrometheus();
});

describe("Prometheus stopped and restarted mid-run", () => {
  it("answers before the stop", async () => {
    const samples = await prom.query(CART_CPU, millis(Date.now()));
    expect(samples).toHaveLength(1);
  });

  it("is kind 'unreachable' while stopped", async () => {
    stoppedAt = Date.now();
    controls.stopPrometheus(); // SIGTERM and wait for the exit, so the port is closed now
    const r = await settle(prom.query(CART_CPU, millis(Date.now())));
    expect(r.ok).toBe(false);
    const err = r.ok ? undefined : r.error;
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ backend: "prometheus", kind: "unreachable" });
    // The first call may still go out on a kept-alive socket the server closed ("connection
    // reset"); the next one opens a new connection and is refused. Both are "unreachable".
    expect(String((err as Error).message)).toMatch(/connection (refused|reset)/);
    const again = await settle(prom.buildInfo());
    expect(again.ok ? undefined : again.error).toMatchObject({ kind: "unreachable" });
    expect(again.ok ? "" : String(again.error)).toContain("connection refused");
  });

  it("the same client instance recovers once it is back", async () => {
    expect(stoppedAt).toBeGreaterThan(0);
    await controls.startPrometheus(); // waits for /-/ready
    const r = await pollUntil(
      () => settle(prom.query(CART_CPU, millis(Date.now()))),
      (x) => x.ok,
      { timeoutMs: 20_000 },
    );
    expect(r.ok ? "ok" : String(r.error)).toBe("ok");
    expect((await prom.buildInfo()).version).toMatch(/^2\.42\./);
  });

  it("kept the samples scraped before the stop (same data dir)", async () => {
    const from = Date.parse(env.startedAt);
    const series = await prom.queryRange(CART_CPU, { from: millis(from), to: millis(stoppedAt) }, 2);
    expect(series).toHaveLength(1);
    expect(series[0]?.points.length).toBeGreaterThan(0);
  });

  it("scrapes new samples after the restart", async () => {
    // The first scrape comes about 5 s after start (target discovery); allow a few intervals more.
    const after = await pollUntil(
      async () => (await prom.query(`timestamp(${CART_CPU})`, millis(Date.now())))[0]?.value ?? 0,
      (ts) => ts * 1000 > stoppedAt,
      { timeoutMs: 30_000 },
    );
    expect(after * 1000).toBeGreaterThan(stoppedAt);
  });
});
