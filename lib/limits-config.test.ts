// Load limits from the environment (issue #13): defaults unchanged, values applied to the live-tail
// hub and the backend governors, a bad value stops start-up with a message naming the variable.
import { afterEach, describe, expect, it } from "vitest";
import { createBackends } from "./backends/factory";
import { DEFAULT_GOVERNOR_LIMITS, governorFor, setGovernorLimits } from "./backends/governor";
import { ConfigError, parseConfig, resetConfigForTests } from "./config";
import { DEFAULT_LIMITS, parseLimitsConfig } from "./limits-config";
import { DEFAULT_TAIL_LIMITS, tailHub } from "./server/tail-hub";

const g = globalThis as { __sightlineTailHub?: unknown };
const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  resetConfigForTests();
  g.__sightlineTailHub = undefined;
  setGovernorLimits(DEFAULT_GOVERNOR_LIMITS);
});

describe("load limits configuration", () => {
  it("defaults are the hub's and the governor's own", () => {
    const c = parseConfig({}).limits;
    expect(c).toEqual(DEFAULT_LIMITS);
    expect(c.governor).toEqual(DEFAULT_GOVERNOR_LIMITS);
    const t = DEFAULT_TAIL_LIMITS;
    expect(c.tail).toEqual({
      maxPerClient: t.maxPerClient,
      maxSubscribers: t.maxSubscribers,
      maxTails: t.maxTails,
      queueLines: t.queueLines,
    });
    expect(c.trustedProxies).toEqual([]);
    expect(c.maxConcurrentRequests).toBe(64);
    expect(c.maxLoopDelayMs).toBe(50);
    expect(c.pages).toEqual({ concurrency: 4, queue: 32, queueTimeoutMs: 5000 });
  });

  it("reads every variable", () => {
    const c = parseLimitsConfig({
      SIGHTLINE_TAIL_PER_CLIENT: "3",
      SIGHTLINE_TAIL_MAX_VIEWERS: "40",
      SIGHTLINE_TAIL_MAX_TAILS: "5",
      SIGHTLINE_TAIL_BUFFER_LINES: "500",
      SIGHTLINE_BACKEND_CONCURRENCY: "2",
      SIGHTLINE_BACKEND_QUEUE: "0",
      SIGHTLINE_BACKEND_QUEUE_TIMEOUT_MS: "2500",
      SIGHTLINE_TRUSTED_PROXIES: "10.0.0.0/8, ::1",
      SIGHTLINE_MAX_CONCURRENT_REQUESTS: "16",
      SIGHTLINE_MAX_LOOP_DELAY_MS: "0",
      SIGHTLINE_MAX_CONCURRENT_PAGES: "2",
      SIGHTLINE_PAGE_QUEUE: "0",
      SIGHTLINE_PAGE_QUEUE_TIMEOUT_MS: "1500",
    });
    expect(c.errors).toEqual([]);
    expect(c.config.tail).toEqual({ maxPerClient: 3, maxSubscribers: 40, maxTails: 5, queueLines: 500 });
    expect(c.config.governor).toEqual({ concurrency: 2, queue: 0, queueTimeoutMs: 2500 });
    expect(c.config.trustedProxies).toEqual(["10.0.0.0/8", "::1"]);
    expect(c.config.maxConcurrentRequests).toBe(16);
    expect(c.config.maxLoopDelayMs).toBe(0);
    expect(c.config.pages).toEqual({ concurrency: 2, queue: 0, queueTimeoutMs: 1500 });
    expect(c.config.trustedProxyList?.check("10.2.3.4", "ipv4")).toBe(true);
  });

  it.each([
    ["SIGHTLINE_MAX_CONCURRENT_PAGES", "0"],
    ["SIGHTLINE_PAGE_QUEUE_TIMEOUT_MS", "50"],
    ["SIGHTLINE_TAIL_PER_CLIENT", "0"],
    ["SIGHTLINE_TAIL_MAX_VIEWERS", "lots"],
    ["SIGHTLINE_TAIL_MAX_TAILS", "2.5"],
    ["SIGHTLINE_TAIL_BUFFER_LINES", "10"],
    ["SIGHTLINE_BACKEND_CONCURRENCY", "-1"],
    ["SIGHTLINE_BACKEND_QUEUE", "1e3"],
    ["SIGHTLINE_BACKEND_QUEUE_TIMEOUT_MS", "99999999"],
    ["SIGHTLINE_MAX_CONCURRENT_REQUESTS", "0"],
    ["SIGHTLINE_MAX_LOOP_DELAY_MS", "fast"],
    ["SIGHTLINE_TRUSTED_PROXIES", "10.0.0.0/33"],
    ["SIGHTLINE_TRUSTED_PROXIES", "proxy.internal"],
  ])("%s=%s stops start-up with a message naming it", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`${name}.*${value.replace(/[.*+]/g, "\\$&")}`));
  });

  it("a per-client cap above the global one is refused", () => {
    expect(() => parseConfig({ SIGHTLINE_TAIL_PER_CLIENT: "20", SIGHTLINE_TAIL_MAX_VIEWERS: "10" })).toThrow(
      /SIGHTLINE_TAIL_PER_CLIENT \(20\) is more than SIGHTLINE_TAIL_MAX_VIEWERS \(10\)/,
    );
  });

  it("the process's live-tail hub uses the configured caps", () => {
    process.env.SIGHTLINE_TAIL_PER_CLIENT = "3";
    process.env.SIGHTLINE_TAIL_BUFFER_LINES = "700";
    resetConfigForTests();
    g.__sightlineTailHub = undefined;
    expect(tailHub().limits).toMatchObject({ maxPerClient: 3, queueLines: 700, maxTails: 10, maxSubscribers: 500 });
  });

  it("the backend governors use the configured limits", async () => {
    const cfg = parseConfig({
      PROMETHEUS_URL: "http://127.0.0.1:1",
      SIGHTLINE_BACKEND_CONCURRENCY: "1",
      SIGHTLINE_BACKEND_QUEUE: "0",
    });
    createBackends(cfg);
    const gov = governorFor("prometheus", "http://127.0.0.1:1");
    expect(gov.limits).toEqual({ concurrency: 1, queue: 0, queueTimeoutMs: 10_000 });
    const release = await gov.acquire();
    await expect(gov.acquire()).rejects.toThrow(/busy: 1 requests running and 0 waiting/);
    release();
  });
});
